"""Each region's ledger in a grant, and the checks that it reconciles.

For a case (region × grant), in öre:

- allocated: the region's share in the adopted allocation;
- requisitioned: the amount of the received requisition; the rest of the allocation lapsed;
- disbursed: what was paid out;
- reported used / not used: from the latest submitted report;
- claimed: what the region owes: its own reported unused amount plus the agency's
  recovery claims, as they stand after every adjustment;
- repaid: repayments booked against those claims;
- outstanding = claimed − repaid (never below nothing; what was repaid beyond the claims
  is ``to_refund``).

One debt per case (docs/repayments.md): the claims on a case are one debt. What they ask in
total never exceeds what was paid minus the use the agency has accepted (``claim_ceiling``;
the accepted use is the approved report's, less what recovery claims took back, and nothing
before the report is approved). The services net a later fact against the claims already
made, and PostgreSQL refuses a commit that breaks the rule.

The identity that must hold once a report exists: ``disbursed = accepted used + claimed``,
where accepted used is the reported use minus what recovery claims took back of it (on the
grounds "not used" or "not used for the purpose") and minus what a standing claim for a
missing report still asks; that is, every krona paid out is either accepted as used for the
purpose, repaid, or still owed. Before a report, the claims are at most what was paid.
A fixed number of queries computes the ledger for any number of cases.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from core import clock
from core.money import format_kronor
from grants.models import Allocation, AllocationTableStatus, Case, CaseStatus
from reports.models import Report, ReportPurpose, ReportStatus, ReportVersion
from requisitions.models import Disbursement, PaymentFile, Requisition, RequisitionStatus

from .interest import interest_for_cases
from .models import Claim, ClaimGround, ClaimKind, Repayment, RepaymentStatus

# Recovery claims on these grounds take back part of the use the region reported.
TAKING_BACK_USE = (ClaimGround.NOT_USED, ClaimGround.NOT_USED_FOR_PURPOSE)
RECEIVED_STATUSES = [RequisitionStatus.RECEIVED, RequisitionStatus.APPROVED, RequisitionStatus.PAID]


@dataclass
class CaseLedger:
    case: Case
    allocated: int = 0
    requisitioned: int = 0
    disbursed: int = 0
    decided: int = 0
    report_status: str | None = None
    report_received: int | None = None
    reported_used: int = 0
    reported_unused: int = 0
    purpose_total: int = 0
    reported_claim: int | None = None
    recovery_claims: int = 0
    recovery_taking_back_use: int = 0
    # What recovery claims for a missing report still ask (the use not yet accepted).
    no_report_claims: int = 0
    repaid: int = 0
    flagged: int = 0
    problems: list[str] = field(default_factory=list)
    # Late-payment interest to date on overdue recovery claims (repayments/interest.py), kept
    # apart from what is claimed: no identity includes it. None: a reference rate is missing.
    interest: int | None = 0
    interest_problems: list[str] = field(default_factory=list)

    @property
    def claimed(self) -> int:
        return (self.reported_claim or 0) + self.recovery_claims

    @property
    def outstanding(self) -> int:
        """What the region still owes on the case: its claims, as one debt, less what it
        has repaid."""
        return max(self.claimed - self.repaid, 0)

    @property
    def to_refund(self) -> int:
        """What the region has repaid beyond what its claims ask now (after a claim was
        reduced): the agency owes it back."""
        return max(self.repaid - self.claimed, 0)

    @property
    def lapsed(self) -> int:
        return self.allocated - self.requisitioned

    @property
    def report_approved(self) -> bool:
        return self.report_status == ReportStatus.APPROVED

    @property
    def accepted_used(self) -> int:
        """The use the region keeps: what it reported as used, less what recovery claims
        take back of it or still ask for a missing report."""
        if not self.has_report:
            return 0
        return self.reported_used - self.recovery_taking_back_use - self.no_report_claims

    @property
    def claim_ceiling(self) -> int:
        """The most the case may claim in total: what was paid minus the use the agency
        has accepted (none until the report is approved)."""
        if not self.report_approved:
            return self.disbursed
        return self.disbursed - (self.reported_used - self.recovery_taking_back_use)

    @property
    def has_report(self) -> bool:
        return self.report_status not in (None, ReportStatus.DRAFT)

    @property
    def is_settled(self) -> bool:
        """Report approved (or no money paid) and nothing outstanding or unhandled."""
        if self.disbursed == 0:
            return self.claimed == 0 and self.repaid == 0
        return (
            self.report_status == ReportStatus.APPROVED
            and self.outstanding == 0
            and self.to_refund == 0
            and not self.problems
        )


def _sum_by(queryset, key: str, value: str = "amount") -> dict[int, int]:
    return {row[key]: row["total"] or 0 for row in queryset.values(key).annotate(total=Sum(value))}


def ledgers(cases: Iterable[Case]) -> list[CaseLedger]:
    """The ledger of each case, with its problems, in a fixed number of queries."""
    cases = list(cases)
    by_case = {case.pk: CaseLedger(case=case) for case in cases}
    ids = list(by_case)
    pairs = {(case.grant_id, case.region_id): case.pk for case in cases}
    for allocation in Allocation.objects.filter(
        table__status=AllocationTableStatus.ADOPTED, table__grant_id__in={g for g, _r in pairs}
    ).values("table__grant_id", "region_id", "amount"):
        case_id = pairs.get((allocation["table__grant_id"], allocation["region_id"]))
        if case_id:
            by_case[case_id].allocated = allocation["amount"]
    for case_id, total in _sum_by(
        Requisition.objects.filter(case_id__in=ids, status__in=RECEIVED_STATUSES), "case_id"
    ).items():
        by_case[case_id].requisitioned = total
    for case_id, total in _sum_by(
        Disbursement.objects.filter(payment_decision__requisition__case_id__in=ids),
        "payment_decision__requisition__case_id",
    ).items():
        by_case[case_id].disbursed = total
    for case_id, total in _sum_by(
        Requisition.objects.filter(case_id__in=ids, payment_decision__isnull=False),
        "case_id",
        "payment_decision__amount",
    ).items():
        by_case[case_id].decided = total
    latest_versions: dict[int, ReportVersion] = {}
    for version in (
        ReportVersion.objects.filter(report__case_id__in=ids)
        .select_related("report")
        .order_by("number")
    ):
        latest_versions[version.report.case_id] = version
    for report in Report.objects.filter(case_id__in=ids):
        ledger = by_case[report.case_id]
        ledger.report_status = report.status
        latest = latest_versions.get(report.case_id)
        if latest is not None:
            ledger.report_received = latest.amount_received
            ledger.reported_used = latest.amount_used
            ledger.reported_unused = latest.amount_unused
    for case_id, total in _sum_by(
        ReportPurpose.objects.filter(report__case_id__in=ids, amount__isnull=False),
        "report__case_id",
    ).items():
        by_case[case_id].purpose_total = total
    for claim in Claim.objects.filter(case_id__in=ids).values(
        "case_id", "kind", "ground", "amount"
    ):
        ledger = by_case[claim["case_id"]]
        if claim["kind"] == ClaimKind.REPORTED:
            ledger.reported_claim = claim["amount"]
        else:
            ledger.recovery_claims += claim["amount"]
            if claim["ground"] in TAKING_BACK_USE:
                ledger.recovery_taking_back_use += claim["amount"]
            elif claim["ground"] == ClaimGround.NO_REPORT:
                ledger.no_report_claims += claim["amount"]
    for row in (
        Repayment.objects.filter(
            Q(claim__case_id__in=ids),
            status__in=[RepaymentStatus.BOOKED, RepaymentStatus.FLAGGED],
        )
        .values("claim__case_id", "status")
        .annotate(total=Sum("amount"))
    ):
        ledger = by_case[row["claim__case_id"]]
        if row["status"] == RepaymentStatus.BOOKED:
            ledger.repaid += row["total"]
        else:
            ledger.flagged += row["total"]
    for case_id, interest in interest_for_cases(ids, clock.today()).items():
        by_case[case_id].interest = interest.amount
        by_case[case_id].interest_problems = interest.problems
    for ledger in by_case.values():
        ledger.problems = _problems(ledger)
    return [by_case[case.pk] for case in cases]


def _problems(ledger: CaseLedger) -> list[str]:
    kr = format_kronor
    problems = []
    if ledger.requisitioned > ledger.allocated:
        problems.append(
            _("requisitioned %(r)s is more than the allocation %(a)s")
            % {"r": kr(ledger.requisitioned), "a": kr(ledger.allocated)}
        )
    if ledger.disbursed > ledger.requisitioned:
        problems.append(
            _("disbursed %(d)s is more than requisitioned %(r)s")
            % {"d": kr(ledger.disbursed), "r": kr(ledger.requisitioned)}
        )
    if ledger.disbursed and ledger.disbursed != ledger.decided:
        problems.append(
            _("disbursed %(d)s differs from the payment decision %(p)s")
            % {"d": kr(ledger.disbursed), "p": kr(ledger.decided)}
        )
    if ledger.report_received is not None and ledger.report_received != ledger.disbursed:
        problems.append(
            _("the report says %(r)s was received but %(d)s was paid")
            % {"r": kr(ledger.report_received), "d": kr(ledger.disbursed)}
        )
    if ledger.purpose_total > ledger.reported_used and ledger.has_report:
        problems.append(
            _("the purposes add up to %(p)s, more than the %(u)s used")
            % {"p": kr(ledger.purpose_total), "u": kr(ledger.reported_used)}
        )
    if ledger.has_report and (ledger.reported_claim or 0) != ledger.reported_unused:
        problems.append(
            _("the claim for the reported unused amount is %(c)s but the report says %(u)s")
            % {"c": kr(ledger.reported_claim or 0), "u": kr(ledger.reported_unused)}
        )
    if ledger.claimed > ledger.claim_ceiling:
        problems.append(
            _(
                "the claims ask %(c)s, more than the region kept: %(d)s paid minus %(u)s "
                "accepted as used"
            )
            % {
                "c": kr(ledger.claimed),
                "d": kr(ledger.disbursed),
                "u": kr(ledger.disbursed - ledger.claim_ceiling),
            }
        )
    if ledger.has_report and ledger.disbursed != ledger.accepted_used + ledger.claimed:
        problems.append(
            _("disbursed %(d)s ≠ accepted use %(u)s + claimed %(c)s")
            % {"d": kr(ledger.disbursed), "u": kr(ledger.accepted_used), "c": kr(ledger.claimed)}
        )
    if (
        ledger.case.status == CaseStatus.CLOSED
        and ledger.disbursed
        and (
            ledger.report_status != ReportStatus.APPROVED
            or ledger.outstanding != 0
            or ledger.to_refund != 0
        )
    ):
        problems.append(
            _("the case is closed but the report is not approved or money is outstanding")
        )
    return problems


def payment_file_problems() -> list[str]:
    """Each payment file's totals equal its payments."""
    problems = []
    actual: dict[int, list[int]] = defaultdict(list)
    for file_id, amount in Disbursement.objects.filter(payment_file__isnull=False).values_list(
        "payment_file_id", "amount"
    ):
        actual[file_id].append(amount)
    for payment_file in PaymentFile.objects.order_by("pk"):
        held = actual.get(payment_file.pk, [])
        if sum(held) != payment_file.total_amount or len(held) != payment_file.payment_count:
            problems.append(
                _("payment file %(id)s says %(n)s payments of %(t)s but holds %(m)s of %(s)s")
                % {
                    "id": payment_file.pk,
                    "n": payment_file.payment_count,
                    "t": format_kronor(payment_file.total_amount),
                    "m": len(held),
                    "s": format_kronor(sum(held)),
                }
            )
    return problems
