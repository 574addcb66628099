"""The region's dashboard: every grant with the region's allocation, deadlines and where
each step stands. A fixed number of queries whatever the number of grants."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from core import clock
from grants.models import Case, CaseStatus, Deadline, DeadlineKind
from grants.selectors import RegionGrant, region_grants
from repayments.ledger import CaseLedger, ledgers
from reports.models import Report, ReportStatus
from requisitions.models import Requisition, RequisitionStatus

from .models import PopulationDataset, PopulationImport


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

    @property
    def grant(self):
        return self.item.grant

    @property
    def next_step(self) -> str:
        """What the region has to do next, as a code the template words."""
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
        """Whether the region has something to do in this grant now (the home page shows
        these in full, the rest in one table)."""
        next_step = self.next_step
        if next_step in (Step.NOT_REQUISITIONED, Step.DRAFT, Step.REFUSED):
            return self.requisition_open
        return next_step in ("report_due", "report_overdue", "report_completion", "repay")


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
    reports = {report.case_id: report for report in Report.objects.filter(case__in=cases.values())}
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
        result.append(
            RegionCaseStatus(
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
        )
    return result


# --- Population figures ------------------------------------------------------------------


def population_datasets_for_listing() -> QuerySet[PopulationDataset]:
    """Every dataset with its number of figures and total population (two queries)."""
    return (
        PopulationDataset.objects.annotate(
            figure_count=Count("figures"), total_population=Sum("figures__population")
        )
        .prefetch_related("grants")
        .order_by("-reference_date", "name")
    )


def population_imports() -> QuerySet[PopulationImport]:
    return PopulationImport.objects.select_related("uploaded_by", "dataset").defer("content")
