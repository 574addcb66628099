"""Reads for requisitions and payments, each a fixed number of queries."""

import functools
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from accounts.models import User
from core.params import whole_number
from core.sorting import chosen_sort
from core.sql import in_list
from grants.case_pages import CasePageRead, Part
from grants.models import (
    Allocation,
    AllocationTable,
    AllocationTableStatus,
    Case,
    Deadline,
    DeadlineKind,
    DecisionStatus,
    Grant,
)

from .models import ACTIVE_STATUSES, Disbursement, PaymentFile, Requisition, RequisitionStatus


def case_for(grant: Grant, region_id: int) -> Case:
    case = (
        Case.objects.select_related("grant__decision", "region")
        .filter(grant=grant, region_id=region_id)
        .first()
    )
    if case is None:
        raise Http404("the region has no case in this grant")
    return case


def _with_related(queryset: QuerySet[Requisition]) -> QuerySet[Requisition]:
    return queryset.select_related(
        "case__grant__decision",
        "case__region",
        "submitted_by",
        "refused_by",
        "payment_decision__decided_by",
        "payment_decision__document",
        "payment_decision__disbursement__released_by",
    )


def active_requisition(case: Case) -> Requisition | None:
    return _with_related(Requisition.objects.filter(case=case, status__in=ACTIVE_STATUSES)).first()


def case_requisitions(case: Case) -> list[Requisition]:
    """Every requisition of the case, the current one first, then refused ones, newest first."""
    requisitions = list(
        _with_related(Requisition.objects.filter(case=case))
        .select_related("signature")  # signed or not, shown with each (signatures/)
        .order_by("-created_at", "-pk")
    )
    return sorted(requisitions, key=lambda r: r.status == RequisitionStatus.REFUSED)


# The queue's columns an officer may sort by, and the fields behind them.
QUEUE_SORTS = {
    "region": ("case__region__name",),
    "grant": ("case__grant__year",),
    "status": ("status",),
    "received": ("submitted_at",),
    "amount": ("amount",),
    "late": ("is_late",),
}


def queue_sort(value: object) -> str:
    """A known sort ("amount", "-amount") or "" for the default order."""
    return chosen_sort(value, QUEUE_SORTS)


def queue_filters(params: Any) -> dict[str, Any]:
    """The queue's filters and sort as read from the address (the page and its exports),
    anything unknown left out: keyword arguments for :func:`requisition_queue`."""
    status = params.get("status")
    return {
        "status": status if status in RequisitionStatus.values else None,
        "grant_id": whole_number(params.get("grant")),
        "region_id": whole_number(params.get("region")),
        "sort": queue_sort(params.get("sort")),
    }


def requisition_queue(
    *,
    status: str | None = None,
    grant_id: int | None = None,
    region_id: int | None = None,
    sort: str = "",
) -> QuerySet[Requisition]:
    """Submitted requisitions (not drafts) for officers, oldest received first (or in the
    order ``sort`` names: a column, "-" first for descending). With the region and the
    grant, which the queue shows, and nothing else joined."""
    queryset = Requisition.objects.exclude(status=RequisitionStatus.DRAFT).select_related(
        "case__grant", "case__region"
    )
    if status:
        queryset = queryset.filter(status=status)
    if grant_id:
        queryset = queryset.filter(case__grant_id=grant_id)
    if region_id:
        queryset = queryset.filter(case__region_id=region_id)
    sort = queue_sort(sort)
    if not sort:
        return queryset.order_by("submitted_at", "pk")
    prefix = "-" if sort.startswith("-") else ""
    fields = [prefix + name for name in QUEUE_SORTS[sort.removeprefix("-")]]
    return queryset.order_by(*fields, "submitted_at", "pk")


def queue_values(queryset: QuerySet[Requisition]) -> QuerySet[Requisition, tuple[Any, ...]]:
    """Only the columns the queue shows of :func:`requisition_queue`, as tuples (no model
    instances), for a page of the queue."""
    return queryset.values_list(
        "pk",
        "case__region__name",
        "case__grant__year",
        "status",
        "submitted_at",
        "amount",
        "is_late",
    )


def requisition_for_review(pk: int) -> Requisition:
    requisition = _with_related(Requisition.objects.filter(pk=pk)).first()
    if requisition is None:
        raise Http404("no such requisition")
    return requisition


def payment_files() -> QuerySet[PaymentFile]:
    return PaymentFile.objects.select_related(
        "created_by", "csv_document", "xml_document"
    ).prefetch_related(
        Prefetch(
            "disbursements",
            queryset=Disbursement.objects.select_related(
                "payment_decision__requisition__case__region"
            ),
        )
    )


def disbursements_without_file() -> QuerySet[Disbursement]:
    return (
        Disbursement.objects.filter(payment_file__isnull=True)
        .select_related("payment_decision__requisition__case__region", "released_by")
        .order_by("payment_date", "pk")
    )


@dataclass(frozen=True)
class AccountCheck:
    """The requisition's account against the accounts the region has been paid to.

    ``state``: "same" (the region's latest other payment went to this account), "changed"
    (it went to another account) or "first" (the region has had no other payment to compare
    with). ``previous`` is that latest payment."""

    state: str
    previous: Disbursement | None = None


def account_check(requisition: Requisition) -> AccountCheck:
    """Compare with every payment to the region in any grant, other than this requisition's."""
    latest = (
        Disbursement.objects.filter(
            payment_decision__requisition__case__region_id=requisition.case.region_id
        )
        .exclude(payment_decision__requisition=requisition)
        .select_related("payment_decision__requisition__case__grant")
        .order_by("-released_at", "-pk")
        .first()
    )
    if latest is None:
        return AccountCheck("first")
    same = (latest.account_type, latest.account_number) == (
        requisition.account_type,
        requisition.account_number,
    )
    return AccountCheck("same" if same else "changed", latest)


def region_case_for_year(year: int, region_id: int) -> Case:
    """The region's case in the decided grant of ``year``, with the grant, its decision and
    the region, in one query (grant_for_year and case_for in one); or Http404."""
    case = (
        Case.objects.select_related("grant__decision", "grant__population_dataset", "region")
        .filter(
            grant__year=year, grant__decision__status=DecisionStatus.DECIDED, region_id=region_id
        )
        .first()
    )
    if case is None:
        raise Http404("no decided grant that year, or the region has no case in it")
    return case


def active_requisition_for_form(case: Case) -> Requisition | None:
    """The case's active requisition with who saved it last: what the region's form shows
    (active_requisition without the decision, payment and officers it does not)."""
    return (
        Requisition.objects.filter(case=case, status__in=ACTIVE_STATUSES)
        .select_related("updated_by")
        .first()
    )


# A requisition still in play, as the form's statement asks it (a parameter per state).
_ACTIVE = in_list("r.status", "active", sorted(str(status) for status in ACTIVE_STATUSES))


@functools.cache
def _form_page_read() -> CasePageRead:
    quote = connection.ops.quote_name
    return CasePageRead(
        deadline_kind=DeadlineKind.REQUISITION,
        parts=(
            Part(
                Requisition,
                "r",
                f"LEFT JOIN {quote(Requisition._meta.db_table)} r"
                f" ON r.case_id = c.id AND {_ACTIVE[0]}",
            ),
            Part(
                User,
                "u",
                f"LEFT JOIN {quote(User._meta.db_table)} u ON u.id = r.updated_by_id",
                only=("full_name", "email"),
            ),
        ),
        values=(
            f"(SELECT a.amount FROM {quote(Allocation._meta.db_table)} a"  # noqa: S608  # nosec B608
            f" JOIN {quote(AllocationTable._meta.db_table)} t ON t.id = a.table_id"
            " WHERE t.grant_id = g.id AND t.status = %(adopted)s AND a.region_id = c.region_id)"
            " AS allocation_amount",
        ),
    )


@dataclass
class RequisitionFormPage:
    case: Case
    deadline: Deadline | None
    current: Requisition | None  # the active requisition, with who saved it last
    allocation: int | None  # the adopted allocation's amount, None without one


def requisition_form_page(year: int, region_id: int) -> RequisitionFormPage:
    """What the region's requisition form shows, in one query: the region's case in the
    decided grant of ``year`` (region_case_for_year), its active requisition with who saved
    it last (active_requisition_for_form), the requisition deadline (requisition_deadline)
    and the allocation's amount (allocation_amount_for); or Http404."""
    row = _form_page_read().fetch(
        year,
        region_id,
        {**_ACTIVE[1], "adopted": AllocationTableStatus.ADOPTED},
    )
    if row is None:
        raise Http404("no decided grant that year, or the region has no case in it")
    current = row.parts["r"]
    if current is not None:
        current.case = row.case
        current.updated_by = row.parts["u"]
    return RequisitionFormPage(
        case=row.case,
        deadline=row.deadline,
        current=current,
        allocation=row.values["allocation_amount"],
    )
