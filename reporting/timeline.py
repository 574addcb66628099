"""Each case as it stood at a moment, from the dated records it carries.

One rule for everything: an event counts if it happened on or before the moment. A
requisition counts from its receipt (``submitted_at``) until it is refused; a payment from
its payment date; a report version from its receipt; an approval from ``approved_at``; a
claim from its creation (the reported one follows the latest version received); a
repayment from its registration; a closure from ``closed_at``. :func:`case_facts` reads
everything for any number of cases in a fixed number of queries.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from core.workdays import end_of_day
from grants.models import Case, CaseStatus, Grant
from repayments.ledger import CaseLedger
from repayments.models import Claim, ClaimKind, Repayment, RepaymentStatus
from reports.models import CompletionRequest, Report, ReportVersion
from requisitions.models import Requisition, RequisitionStatus


@dataclass(frozen=True)
class Figures:
    """A region's money in öre."""

    allocated: int = 0
    requisitioned: int = 0
    disbursed: int = 0
    used: int = 0
    claimed: int = 0
    repaid: int = 0
    flagged: int = 0

    @property
    def outstanding(self) -> int:
        return self.claimed - self.repaid

    @property
    def lapsed(self) -> int:
        return self.allocated - self.requisitioned


MONEY_FIELDS = ("allocated", "requisitioned", "disbursed", "used", "claimed", "repaid")


def sum_figures(figures: Any) -> Figures:
    totals: dict[str, int] = defaultdict(int)
    for figure in figures:
        for name in (*MONEY_FIELDS, "flagged"):
            totals[name] += getattr(figure, name)
    return Figures(**totals)


@dataclass
class CaseFacts:
    """Every dated record of a case that the overview needs, as plain values."""

    requisitions: list[dict[str, Any]] = field(default_factory=list)
    report: dict[str, Any] | None = None
    versions: list[dict[str, Any]] = field(default_factory=list)  # by number
    completion_requests: list[dt.datetime] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    repayments: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class GrantFacts:
    """A grant's cases (by county code, with their regions) and each case's facts: what the
    overview and the progress chart both read, fetched once for a page that shows both."""

    cases: list[Case]
    facts: dict[int, CaseFacts]


def grant_facts(grant: Grant) -> GrantFacts:
    cases = list(
        Case.objects.filter(grant=grant).select_related("region").order_by("region__county_code")
    )
    return GrantFacts(cases=cases, facts=case_facts([case.pk for case in cases]))


def case_facts(case_ids: list[int]) -> dict[int, CaseFacts]:
    facts = {case_id: CaseFacts() for case_id in case_ids}
    for row in (
        Requisition.objects.filter(case_id__in=case_ids)
        .exclude(status=RequisitionStatus.DRAFT)
        .order_by("submitted_at", "pk")
        .values(
            "case_id",
            "status",
            "amount",
            "submitted_at",
            "is_late",
            "refused_at",
            "payment_decision__decided_at",
            "payment_decision__disbursement__amount",
            "payment_decision__disbursement__payment_date",
        )
    ):
        facts[row["case_id"]].requisitions.append(dict(row))
    for report in Report.objects.filter(case_id__in=case_ids).values(
        "case_id", "status", "approved_at"
    ):
        facts[report["case_id"]].report = dict(report)
    for version in (
        ReportVersion.objects.filter(report__case_id__in=case_ids)
        .order_by("number")
        .values(
            "report__case_id", "number", "submitted_at", "is_late", "amount_used", "amount_unused"
        )
    ):
        facts[version["report__case_id"]].versions.append(dict(version))
    for case_id, requested_at in CompletionRequest.objects.filter(
        report__case_id__in=case_ids
    ).values_list("report__case_id", "requested_at"):
        facts[case_id].completion_requests.append(requested_at)
    for claim in (
        Claim.objects.filter(case_id__in=case_ids)
        .order_by("created_at", "pk")
        .values("pk", "case_id", "kind", "amount", "due_date", "created_at")
    ):
        facts[claim["case_id"]].claims.append(dict(claim))
    for repayment in (
        Repayment.objects.filter(
            claim__case_id__in=case_ids,
            status__in=[RepaymentStatus.BOOKED, RepaymentStatus.FLAGGED],
        )
        .order_by("received_on", "pk")
        .values("claim_id", "claim__case_id", "status", "amount", "received_on", "registered_at")
    ):
        facts[repayment["claim__case_id"]].repayments.append(dict(repayment))
    return facts


def happened_by(moment: dt.datetime, value: dt.datetime | None) -> bool:
    return value is not None and value <= moment


def local_date(value: dt.datetime) -> dt.date:
    return timezone.localdate(value)


def standing_requisition(facts: CaseFacts, moment: dt.datetime) -> dict[str, Any] | None:
    """The requisition received by ``moment`` and not refused by then (at most one)."""
    current = None
    for row in facts.requisitions:
        if happened_by(moment, row["submitted_at"]) and not happened_by(moment, row["refused_at"]):
            current = row
    return current


def paid_by(row: dict[str, Any] | None, day: dt.date) -> bool:
    payment_date = row and row["payment_decision__disbursement__payment_date"]
    return bool(payment_date and payment_date <= day)


def versions_by(facts: CaseFacts, moment: dt.datetime) -> list[dict[str, Any]]:
    return [v for v in facts.versions if happened_by(moment, v["submitted_at"])]


def figures_at(facts: CaseFacts, allocated: int, moment: dt.datetime) -> Figures:
    """The case's money as it stood at ``moment`` (see the module docstring for the rule)."""
    day = local_date(moment)
    requisitioned = sum(
        row["amount"]
        for row in facts.requisitions
        if happened_by(moment, row["submitted_at"]) and not happened_by(moment, row["refused_at"])
    )
    disbursed = sum(
        row["payment_decision__disbursement__amount"]
        for row in facts.requisitions
        if paid_by(row, day)
    )
    versions = versions_by(facts, moment)
    latest = versions[-1] if versions else None
    recovery = sum(
        claim["amount"]
        for claim in facts.claims
        if claim["kind"] == ClaimKind.RECOVERY and happened_by(moment, claim["created_at"])
    )
    registered = [r for r in facts.repayments if happened_by(moment, r["registered_at"])]
    return Figures(
        allocated=allocated,
        requisitioned=requisitioned,
        disbursed=disbursed,
        used=latest["amount_used"] if latest else 0,
        claimed=(latest["amount_unused"] if latest else 0) + recovery,
        repaid=sum(r["amount"] for r in registered if r["status"] == RepaymentStatus.BOOKED),
        flagged=sum(r["amount"] for r in registered if r["status"] == RepaymentStatus.FLAGGED),
    )


def figures_from_ledger(ledger: CaseLedger) -> Figures:
    return Figures(
        allocated=ledger.allocated,
        requisitioned=ledger.requisitioned,
        disbursed=ledger.disbursed,
        used=ledger.reported_used,
        claimed=ledger.claimed,
        repaid=ledger.repaid,
        flagged=ledger.flagged,
    )


def closed_by(case: Case, moment: dt.datetime) -> bool:
    return case.status == CaseStatus.CLOSED and happened_by(moment, case.closed_at)


def snapshot_moment(as_of: dt.date) -> dt.datetime:
    """The last instant of ``as_of`` in Stockholm: what had happened by the end of that day."""
    return end_of_day(as_of) - dt.timedelta(microseconds=1)
