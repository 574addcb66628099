"""The region's start page: every grant with the region's allocation, deadlines and where
each step stands, and exactly what the region must do now (docs/architecture.md).

A step is open only while its deadline has not passed or the agency waits for the region;
a closed step is never shown as something to do. A fixed number of queries for the grants,
and one statement per case that has claims."""

import datetime as dt
from dataclasses import dataclass, field

from core import clock
from grants.models import Case, CaseStatus, Deadline, DeadlineKind
from grants.selectors import RegionGrant, region_grants
from repayments.ledger import CaseLedger, ledgers
from repayments.models import Claim
from repayments.selectors import StatementLine, case_statement
from reports.models import CompletionRequest, Report, ReportStatus
from requisitions.models import Requisition, RequisitionStatus


class Step:
    NOT_REQUISITIONED = "not_requisitioned"
    DRAFT = "draft"
    RECEIVED = "received"
    DECIDED = "decided"
    PAID = "paid"
    REFUSED = "refused"


_STEP_FOR_STATUS: dict[str, str] = {
    RequisitionStatus.DRAFT: Step.DRAFT,
    RequisitionStatus.RECEIVED: Step.RECEIVED,
    RequisitionStatus.APPROVED: Step.DECIDED,
    RequisitionStatus.PAID: Step.PAID,
    RequisitionStatus.REFUSED: Step.REFUSED,
}


class ToDoKind:
    REQUISITION = "requisition"
    REPORT = "report"
    COMPLETION = "completion"
    DEBT = "debt"


@dataclass(frozen=True)
class ToDo:
    """One thing the region must do now, with the date it is due by and whether that has
    passed. A debt carries its statement line (amount left, due date, OCR reference)."""

    kind: str
    due: dt.date | None = None
    overdue: bool = False
    line: StatementLine | None = None
    completion: CompletionRequest | None = None


@dataclass(frozen=True)
class RegionCaseStatus:
    item: RegionGrant
    case: Case | None
    requisition: Requisition | None
    requisition_deadline: Deadline | None
    step: str
    requisition_open: bool
    report: Report | None = None
    report_deadline: Deadline | None = None
    ledger: CaseLedger | None = None
    to_do: list[ToDo] = field(default_factory=list)

    @property
    def grant(self):
        return self.item.grant

    @property
    def next_step(self) -> str:
        """Where the grant stands for the region, as a code the template words."""
        if self.case is not None and self.case.status == CaseStatus.CLOSED:
            return "closed"
        if self.step != Step.PAID:
            return self.step
        ledger = self.ledger
        report_status = self.report.status if self.report else None
        if report_status in (None, ReportStatus.DRAFT):
            late = self.report_deadline is not None and not self.report_deadline.is_open_at(
                clock.now()
            )
            return "report_overdue" if late else "report_due"
        if report_status == ReportStatus.COMPLETION_REQUESTED:
            return "report_completion"
        if ledger is not None and ledger.outstanding > 0:
            return "repay"
        if report_status == ReportStatus.SUBMITTED:
            return "report_received"
        return "done"

    @property
    def needs_action(self) -> bool:
        """Whether the region has something to do in this grant now (the start page shows
        these in full, the rest in one table)."""
        return bool(self.to_do)


def _to_do(status: RegionCaseStatus, lines: list[StatementLine]) -> list[ToDo]:
    """What the region must do now in one grant: only open steps, and every unpaid claim."""
    items: list[ToDo] = []
    closed = status.case is not None and status.case.status == CaseStatus.CLOSED
    deadline = status.requisition_deadline
    if (
        not closed
        and status.step in (Step.NOT_REQUISITIONED, Step.DRAFT, Step.REFUSED)
        and status.requisition_open
        and deadline is not None
    ):
        items.append(ToDo(ToDoKind.REQUISITION, due=deadline.effective_date))
    report_status = status.report.status if status.report else None
    if not closed and status.step == Step.PAID:
        if report_status in (None, ReportStatus.DRAFT):
            report_deadline = status.report_deadline
            items.append(
                ToDo(
                    ToDoKind.REPORT,
                    due=report_deadline.effective_date if report_deadline else None,
                    overdue=report_deadline is not None
                    and not report_deadline.is_open_at(clock.now()),
                )
            )
        elif status.report is not None and report_status == ReportStatus.COMPLETION_REQUESTED:
            requests = list(status.report.completion_requests.all())
            items.append(ToDo(ToDoKind.COMPLETION, completion=requests[0] if requests else None))
    for line in lines:
        if line.outstanding > 0:
            items.append(
                ToDo(ToDoKind.DEBT, due=line.claim.due_date, overdue=line.overdue, line=line)
            )
    return items


def region_dashboard(region_id: int) -> list[RegionCaseStatus]:
    items = region_grants(region_id)
    grant_ids = [item.grant.pk for item in items]
    cases = {
        case.grant_id: case
        for case in Case.objects.filter(grant_id__in=grant_ids, region_id=region_id)
    }
    latest: dict[int, Requisition] = {}
    for requisition in (
        Requisition.objects.filter(case__in=cases.values())
        .select_related("payment_decision__document", "payment_decision__disbursement")
        .order_by("created_at", "pk")
    ):
        current: Requisition | None = latest.get(requisition.case_id)
        # The active requisition wins over a refused one; among equals the newest.
        if (
            current is None
            or current.status == RequisitionStatus.REFUSED
            or requisition.status != RequisitionStatus.REFUSED
        ):
            latest[requisition.case_id] = requisition
    reports = {
        report.case_id: report
        for report in Report.objects.filter(case__in=cases.values()).prefetch_related(
            "completion_requests"
        )
    }
    # Only a paid case with a submitted or approved report can owe anything (next_step).
    owing = [
        case
        for case in cases.values()
        if case.pk in latest
        and latest[case.pk].status == RequisitionStatus.PAID
        and case.pk in reports
        and reports[case.pk].status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
    ]
    case_ledgers = {ledger.case.pk: ledger for ledger in ledgers(owing)}
    # What the region owes: the statement of each case with a claim (its unpaid lines).
    today = clock.today()
    with_claims = set(
        Claim.objects.filter(case__in=cases.values()).values_list("case_id", flat=True)
    )
    statements = {
        case.pk: case_statement(case, today=today).lines
        for case in cases.values()
        if case.pk in with_claims
    }
    report_deadlines = {
        d.grant_id: d
        for d in Deadline.objects.filter(grant_id__in=grant_ids, kind=DeadlineKind.REPORT)
    }
    now = clock.now()
    result = []
    for item in items:
        case = cases.get(item.grant.pk)
        current = latest.get(case.pk) if case else None
        deadline = next((d for d in item.deadlines if d.kind == DeadlineKind.REQUISITION), None)
        status = RegionCaseStatus(
            item=item,
            case=case,
            requisition=current,
            requisition_deadline=deadline,
            step=_STEP_FOR_STATUS[current.status] if current else Step.NOT_REQUISITIONED,
            requisition_open=bool(deadline and deadline.is_open_at(now)),
            report=reports.get(case.pk) if case else None,
            report_deadline=report_deadlines.get(item.grant.pk),
            ledger=case_ledgers.get(case.pk) if case else None,
        )
        status.to_do.extend(_to_do(status, statements.get(case.pk, []) if case else []))
        result.append(status)
    return result
