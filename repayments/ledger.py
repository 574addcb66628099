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
from typing import Any

from django.db import connection
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from core import clock
from core.money import format_kronor
from grants.models import Allocation, AllocationTable, AllocationTableStatus, Case, CaseStatus
from reports.models import Report, ReportPurpose, ReportStatus, ReportVersion
from requisitions.models import (
    Disbursement,
    PaymentDecision,
    PaymentFile,
    Requisition,
    RequisitionStatus,
)

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


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


def _summed_statement(cases: str = "c.id = ANY(%(ids)s)") -> str:
    """One statement for every case's money: each sum a subquery on the case's own rows.
    ``cases``: which cases (``c``), the given ids by default."""
    case, allocation, table = _table(Case), _table(Allocation), _table(AllocationTable)
    requisition, decision = _table(Requisition), _table(PaymentDecision)
    disbursement, report = _table(Disbursement), _table(Report)
    version, purpose = _table(ReportVersion), _table(ReportPurpose)
    claim, repayment = _table(Claim), _table(Repayment)
    # Every name above is a model's table; the values are parameters.
    return f"""
SELECT c.id,
  COALESCE((SELECT a.amount FROM {allocation} a JOIN {table} t ON t.id = a.table_id
    WHERE t.grant_id = c.grant_id AND t.status = %(adopted)s AND a.region_id = c.region_id), 0),
  (SELECT COALESCE(SUM(r.amount), 0)::bigint FROM {requisition} r
    WHERE r.case_id = c.id AND r.status = ANY(%(received)s)),
  (SELECT COALESCE(SUM(d.amount), 0)::bigint FROM {disbursement} d
    JOIN {decision} p ON p.id = d.payment_decision_id
    JOIN {requisition} r ON r.id = p.requisition_id WHERE r.case_id = c.id),
  (SELECT COALESCE(SUM(p.amount), 0)::bigint FROM {decision} p
    JOIN {requisition} r ON r.id = p.requisition_id WHERE r.case_id = c.id),
  rp.status, v.number, v.amount_received, v.amount_used, v.amount_unused,
  (SELECT COALESCE(SUM(pu.amount), 0)::bigint FROM {purpose} pu
    JOIN {report} pr ON pr.id = pu.report_id WHERE pr.case_id = c.id AND pu.amount IS NOT NULL),
  (SELECT cl.amount FROM {claim} cl WHERE cl.case_id = c.id AND cl.kind = %(reported)s),
  (SELECT COALESCE(SUM(cl.amount), 0)::bigint FROM {claim} cl
    WHERE cl.case_id = c.id AND cl.kind <> %(reported)s),
  (SELECT COALESCE(SUM(cl.amount), 0)::bigint FROM {claim} cl
    WHERE cl.case_id = c.id AND cl.kind <> %(reported)s AND cl.ground = ANY(%(taking_back)s)),
  (SELECT COALESCE(SUM(cl.amount), 0)::bigint FROM {claim} cl
    WHERE cl.case_id = c.id AND cl.kind <> %(reported)s AND cl.ground = %(no_report)s),
  (SELECT COALESCE(SUM(m.amount), 0)::bigint FROM {repayment} m
    JOIN {claim} cl ON cl.id = m.claim_id WHERE cl.case_id = c.id AND m.status = %(booked)s),
  (SELECT COALESCE(SUM(m.amount), 0)::bigint FROM {repayment} m
    JOIN {claim} cl ON cl.id = m.claim_id WHERE cl.case_id = c.id AND m.status = %(flagged)s)
FROM {case} c
LEFT JOIN {report} rp ON rp.case_id = c.id
LEFT JOIN LATERAL (
  SELECT rv.number, rv.amount_received, rv.amount_used, rv.amount_unused FROM {version} rv
  WHERE rv.report_id = rp.id ORDER BY rv.number DESC LIMIT 1
) v ON TRUE
WHERE {cases}
"""  # noqa: S608  # nosec B608


def _summed_parameters() -> dict[str, Any]:
    return {
        "adopted": AllocationTableStatus.ADOPTED,
        "received": [str(status) for status in RECEIVED_STATUSES],
        "reported": ClaimKind.REPORTED,
        "taking_back": [str(ground) for ground in TAKING_BACK_USE],
        "no_report": ClaimGround.NO_REPORT,
        "booked": RepaymentStatus.BOOKED,
        "flagged": RepaymentStatus.FLAGGED,
    }


def grant_summed_statement() -> tuple[str, dict[str, Any]]:
    """:func:`ledgers_summed`'s statement for every case of a grant (parameter ``grant``) and
    its parameters, for a page that sends it with other statements in one round trip; turn
    its rows into ledgers with :func:`ledgers_from_summed_rows`. PostgreSQL only."""
    return _summed_statement("c.grant_id = %(grant)s"), _summed_parameters()


def ledgers_from_summed_rows(cases: Iterable[Case], rows: Iterable[Any]) -> list[CaseLedger]:
    """The ledgers of ``cases`` (in their order, with their problems) from the rows of
    :func:`grant_summed_statement`: every figure as :func:`ledgers_summed` gives it."""
    cases = list(cases)
    by_case = {case.pk: CaseLedger(case=case) for case in cases}
    _fill_summed(by_case, rows)
    return [by_case[case.pk] for case in cases]


def ledgers_summed(cases: Iterable[Case]) -> list[CaseLedger]:
    """The ledger of each case with its problems, every figure as :func:`ledgers` gives it,
    but summed by PostgreSQL in one statement (no model instances, no rows in Python): for
    pages that show many cases' money. Late-payment interest is not computed (left at 0);
    use :func:`ledgers` where it is shown. On SQLite (`make run`) it is :func:`ledgers`."""
    cases = list(cases)
    if connection.vendor != "postgresql":  # SQLite under `make run`: the same, in Python
        return ledgers(cases)
    by_case = {case.pk: CaseLedger(case=case) for case in cases}
    if not by_case:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_summed_statement(), {"ids": list(by_case), **_summed_parameters()})
        rows = cursor.fetchall()
    _fill_summed(by_case, rows)
    return [by_case[case.pk] for case in cases]


def _fill_summed(by_case: dict[int, CaseLedger], rows: Iterable[Any]) -> None:
    """Each case's figures from its row of :func:`_summed_statement`, then its problems."""
    for (
        case_id,
        allocated,
        requisitioned,
        disbursed,
        decided,
        report_status,
        version_number,
        received,
        used,
        unused,
        purpose_total,
        reported_claim,
        recovery_claims,
        taking_back,
        no_report,
        repaid,
        flagged,
    ) in rows:
        ledger = by_case[case_id]
        ledger.allocated, ledger.requisitioned = allocated, requisitioned
        ledger.disbursed, ledger.decided = disbursed, decided
        ledger.report_status = report_status
        if version_number is not None:
            ledger.report_received, ledger.reported_used = received, used
            ledger.reported_unused = unused
        ledger.purpose_total, ledger.reported_claim = purpose_total, reported_claim
        ledger.recovery_claims, ledger.recovery_taking_back_use = recovery_claims, taking_back
        ledger.no_report_claims, ledger.repaid, ledger.flagged = no_report, repaid, flagged
    for ledger in by_case.values():
        ledger.problems = _problems(ledger)
