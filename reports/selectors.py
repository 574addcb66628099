"""Reads for reports: the region's report and its versions, and the officers' queue."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from core import clock
from core.sorting import chosen_sort
from grants.models import Case, Deadline, DeadlineKind, Grant
from requisitions.models import Disbursement

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
