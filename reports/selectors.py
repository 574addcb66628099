"""Reads for reports: the region's report and its versions, and the officers' queue."""

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import clock
from core.sorting import chosen_sort
from core.sql import as_list, as_moment, json_list
from grants.case_pages import CasePageRead, Part
from grants.models import Case, Deadline, DeadlineKind, Grant
from requisitions.models import Disbursement, PaymentDecision, Requisition

from .models import Report, ReportStatus, ReportVersion


class QueueStatus:
    NOT_DUE = "not_due"
    OVERDUE = "overdue"
    RECEIVED = "received"
    COMPLETION_REQUESTED = "completion_requested"
    APPROVED = "approved"


# Where a region's report stands, in the queue's order of filters, with its label.
QUEUE_STATUS_LABELS = {
    QueueStatus.NOT_DUE: _("Not yet due"),
    QueueStatus.OVERDUE: _("Overdue"),
    QueueStatus.RECEIVED: _("Received"),
    QueueStatus.COMPLETION_REQUESTED: _("Completion requested"),
    QueueStatus.APPROVED: _("Approved"),
}


def report_for_case(case: Case) -> Report | None:
    return (
        Report.objects.filter(case=case)
        .select_related("approved_by", "updated_by", "approval_document")
        .prefetch_related(
            "purposes",
            Prefetch("versions", queryset=ReportVersion.objects.select_related("submitted_by")),
        )
        .first()
    )


def report_versions(report: Report) -> QuerySet[ReportVersion]:
    return report.versions.select_related("submitted_by").order_by("-number")


@dataclass(frozen=True)
class QueueRow:
    case: Case
    disbursed: int
    report: Report | None
    latest: ReportVersion | None
    status: str
    deadline: Deadline | None

    @property
    def status_label(self) -> str:
        return str(QUEUE_STATUS_LABELS[self.status])


# The queue's columns an officer may sort by, each a key on a row (None sorts first).
QUEUE_SORTS: dict[str, Callable[[QueueRow], Any]] = {
    "region": lambda row: row.case.region.name,
    "status": lambda row: row.status,
    "received": lambda row: row.latest.submitted_at if row.latest else None,
    "paid": lambda row: row.disbursed,
    "used": lambda row: row.latest.amount_used if row.latest else None,
    "unused": lambda row: row.latest.amount_unused if row.latest else None,
}


def queue_filters(params: Any) -> dict[str, str]:
    """The queue's status filter and sort as read from the address (the page and its
    exports), anything unknown left out."""
    status = params.get("status")
    return {
        "status": status if status in QUEUE_STATUS_LABELS else "",
        "sort": chosen_sort(params.get("sort"), QUEUE_SORTS),
    }


def sorted_report_queue(grant: Grant, *, status: str = "", sort: str = "") -> list[QueueRow]:
    """The queue as the page shows it: filtered by ``status`` and in the order of ``sort``."""
    return sort_queue(report_queue(grant, status or None), sort)


def sort_queue(rows: list[QueueRow], sort: str) -> list[QueueRow]:
    """The rows in the order ``sort`` names ("paid", "-paid"); as they are without one."""
    key = QUEUE_SORTS.get(sort.removeprefix("-"))
    if key is None:
        return rows

    def by(row: QueueRow) -> tuple[bool, Any]:
        value = key(row)
        return (value is not None, value)

    return sorted(rows, key=by, reverse=sort.startswith("-"))


def report_queue(grant: Grant, status: str | None = None) -> list[QueueRow]:
    """Every paid case in the grant with where its report stands (a fixed number of queries)."""
    cases = list(
        Case.objects.filter(grant=grant).select_related("region").order_by("region__county_code")
    )
    paid: dict[int, int] = {}
    for case_id, amount in Disbursement.objects.filter(
        payment_decision__requisition__case__grant=grant
    ).values_list("payment_decision__requisition__case_id", "amount"):
        paid[case_id] = paid.get(case_id, 0) + amount
    reports = {r.case_id: r for r in Report.objects.filter(case__grant=grant)}
    latest: dict[int, ReportVersion] = {}
    for version in (
        ReportVersion.objects.filter(report__case__grant=grant)
        .select_related("report")
        .order_by("number")
    ):
        latest[version.report.case_id] = version
    deadline = Deadline.objects.filter(grant=grant, kind=DeadlineKind.REPORT).first()
    now = clock.now()
    rows = []
    for case in cases:
        if case.pk not in paid:
            continue
        report = reports.get(case.pk)
        if report is None or report.status == ReportStatus.DRAFT:
            state = (
                QueueStatus.OVERDUE
                if deadline and not deadline.is_open_at(now)
                else QueueStatus.NOT_DUE
            )
        elif report.status == ReportStatus.SUBMITTED:
            state = QueueStatus.RECEIVED
        elif report.status == ReportStatus.COMPLETION_REQUESTED:
            state = QueueStatus.COMPLETION_REQUESTED
        else:
            state = QueueStatus.APPROVED
        if status and state != status:
            continue
        rows.append(QueueRow(case, paid[case.pk], report, latest.get(case.pk), state, deadline))
    return rows


def report_for_form(case: Case) -> Report | None:
    """The case's report as the region's report page shows it: with its versions (newest
    first, as report_versions orders them) and who submitted each, in two queries; its
    purposes are read only if the form needs them, the approval's document not at all (the
    page links to it by its id)."""
    return (
        Report.objects.filter(case=case)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=ReportVersion.objects.select_related("submitted_by").order_by("-number"),
            )
        )
        .first()
    )


@dataclass(frozen=True)
class VersionLine:
    """A submitted version as the region's report page lists it."""

    number: int
    submitted_at: dt.datetime
    submitter: str  # the submitter's name (or e-mail address)
    is_late: bool

    @classmethod
    def of(cls, version: ReportVersion) -> "VersionLine":
        return cls(
            version.number,
            version.submitted_at,
            version.submitted_by.get_full_name(),
            version.is_late,
        )


@functools.cache
def _form_page_read() -> CasePageRead:
    quote = connection.ops.quote_name
    report = quote(Report._meta.db_table)
    version = quote(ReportVersion._meta.db_table)
    user = quote(User._meta.db_table)
    return CasePageRead(
        deadline_kind=DeadlineKind.REPORT,
        parts=(Part(Report, "rp", f"LEFT JOIN {report} rp ON rp.case_id = c.id"),),
        values=(
            # As repayments.services.disbursed_amount.
            "(SELECT COALESCE(SUM(db.amount), 0)"  # noqa: S608  # nosec B608
            f" FROM {quote(Disbursement._meta.db_table)} db"
            f" JOIN {quote(PaymentDecision._meta.db_table)} pd ON pd.id = db.payment_decision_id"
            f" JOIN {quote(Requisition._meta.db_table)} rq ON rq.id = pd.requisition_id"
            " WHERE rq.case_id = c.id) AS received",
            # The versions with who submitted each (put in order below).
            "(SELECT "  # noqa: S608  # nosec B608
            + json_list(
                "v.number",
                "v.submitted_at",
                "COALESCE(NULLIF(u.full_name, ''), u.email)",
                "v.is_late",
            )
            + f" FROM {version} v JOIN {user} u ON u.id = v.submitted_by_id"
            " WHERE v.report_id = rp.id) AS versions",
        ),
    )


@dataclass
class ReportFormPage:
    case: Case
    deadline: Deadline | None
    received: int  # disbursed to the region in this case, öre
    report: Report | None
    versions: list[VersionLine]  # newest first


def report_form_page(year: int, region_id: int) -> ReportFormPage:
    """What the region's report page shows, in one query: the region's case in the decided
    grant of ``year`` (requisitions.selectors.region_case_for_year), what was disbursed
    (repayments.services.disbursed_amount), the report deadline (services.report_deadline),
    the report and its versions with who submitted each (report_for_form); or Http404."""
    row = _form_page_read().fetch(year, region_id)
    if row is None:
        raise Http404("no decided grant that year, or the region has no case in it")
    report = row.parts["rp"]
    if report is not None:
        report.case = row.case
    versions = sorted(
        (
            VersionLine(
                number, cast(dt.datetime, as_moment(submitted_at)), submitter, bool(is_late)
            )
            for number, submitted_at, submitter, is_late in as_list(row.values["versions"])
        ),
        key=lambda line: line.number,
        reverse=True,
    )
    return ReportFormPage(
        case=row.case,
        deadline=row.deadline,
        received=int(row.values["received"]),
        report=report,
        versions=versions,
    )
