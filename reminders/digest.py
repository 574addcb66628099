"""The officers' daily digest: what is overdue or due within a week, across all grants."""

import datetime as dt
from dataclasses import dataclass, field

from grants.models import Case, CaseStatus, Deadline, DeadlineKind, DecisionStatus
from repayments.models import Claim, Repayment, RepaymentStatus
from repayments.selectors import overdue_lines
from reports.models import Report, ReportStatus
from requisitions.models import Disbursement, Requisition, RequisitionStatus

from .models import AGENCY_KINDS

WINDOW_DAYS = 7


@dataclass(frozen=True)
class DeadlineItem:
    deadline: Deadline
    days_left: int  # negative: overdue
    regions_left: int = 0  # for a region deadline: how many regions have not done the step


@dataclass
class Digest:
    day: dt.date
    agency: list[DeadlineItem] = field(default_factory=list)
    regions_due: list[DeadlineItem] = field(default_factory=list)
    overdue_reports: list[Case] = field(default_factory=list)
    overdue_claims: list[tuple[Claim, int]] = field(default_factory=list)
    requisitions_to_decide: int = 0
    reports_to_review: int = 0
    repayments_to_handle: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.agency
            or self.regions_due
            or self.overdue_reports
            or self.overdue_claims
            or self.requisitions_to_decide
            or self.reports_to_review
            or self.repayments_to_handle
        )


def digest_for(day: dt.date) -> Digest:
    """A fixed number of queries, whatever the number of grants and regions."""
    digest = Digest(day=day)
    deadlines = list(
        Deadline.objects.filter(grant__decision__status=DecisionStatus.DECIDED).select_related(
            "grant__decision", "agency_done"
        )
    )
    horizon = day + dt.timedelta(days=WINDOW_DAYS)
    for deadline in deadlines:
        left = (deadline.effective_date - day).days
        if (
            deadline.kind in AGENCY_KINDS
            and deadline.effective_date <= horizon
            and not hasattr(deadline, "agency_done")
        ):
            digest.agency.append(DeadlineItem(deadline, left))
    soon = [
        d
        for d in deadlines
        if d.kind in (DeadlineKind.REQUISITION, DeadlineKind.REPORT)
        and day <= d.effective_date <= horizon
    ]
    report_passed = {
        d.grant_id: d for d in deadlines if d.kind == DeadlineKind.REPORT and d.effective_date < day
    }
    grant_ids = {d.grant_id for d in soon} | set(report_passed)
    cases = list(
        Case.objects.filter(grant_id__in=grant_ids, status=CaseStatus.OPEN).select_related(
            "region", "grant"
        )
    )
    case_ids = [c.pk for c in cases]
    requisitioned = set(
        Requisition.objects.filter(
            case_id__in=case_ids,
            status__in=[
                RequisitionStatus.RECEIVED,
                RequisitionStatus.APPROVED,
                RequisitionStatus.PAID,
            ],
        ).values_list("case_id", flat=True)
    )
    paid = set(
        Disbursement.objects.filter(
            payment_decision__requisition__case_id__in=case_ids
        ).values_list("payment_decision__requisition__case_id", flat=True)
    )
    reported = set(
        Report.objects.filter(case_id__in=case_ids)
        .exclude(status=ReportStatus.DRAFT)
        .values_list("case_id", flat=True)
    )
    for deadline in soon:
        grant_cases = [c for c in cases if c.grant_id == deadline.grant_id]
        if deadline.kind == DeadlineKind.REQUISITION:
            left = sum(1 for c in grant_cases if c.pk not in requisitioned)
        else:
            left = sum(1 for c in grant_cases if c.pk in paid and c.pk not in reported)
        if left:
            digest.regions_due.append(
                DeadlineItem(deadline, (deadline.effective_date - day).days, left)
            )
    digest.overdue_reports = [
        c for c in cases if c.grant_id in report_passed and c.pk in paid and c.pk not in reported
    ]
    digest.overdue_claims = [(line.claim, line.outstanding) for line in overdue_lines(today=day)]
    digest.requisitions_to_decide = Requisition.objects.filter(
        status=RequisitionStatus.RECEIVED
    ).count()
    digest.reports_to_review = Report.objects.filter(status=ReportStatus.SUBMITTED).count()
    digest.repayments_to_handle = Repayment.objects.filter(status=RepaymentStatus.FLAGGED).count()
    return digest
