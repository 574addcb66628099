"""Reads for claims and repayments (fixed numbers of queries)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from grants.models import Case, CaseStatus

from .ledger import CaseLedger, ledgers
from .models import BankImport, Claim, ClaimAdjustment, ClaimKind, Repayment, RepaymentStatus


@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    repaid: int

    @property
    def outstanding(self) -> int:
        return self.claim.amount - self.repaid


@dataclass(frozen=True)
class StatementLine:
    """One claim in the region's statement: what it asks now, what of it is still unpaid
    (the case's repayments settle its claims in the order they fall due) and whether that
    is late."""

    claim: Claim
    outstanding: int
    overdue: bool

    @property
    def withdrawn(self) -> bool:
        return self.claim.kind == ClaimKind.RECOVERY and self.claim.amount == 0

    @property
    def reduced(self) -> bool:
        return self.claim.amount < self.claim.initial_amount

    @property
    def adjustments(self) -> list[ClaimAdjustment]:
        return list(self.claim.adjustments.all())


@dataclass(frozen=True)
class CaseStatement:
    """Everything a region owes, or is owed, on one case, in one statement that always
    agrees with the ledger (the same figures, from the same queries)."""

    ledger: CaseLedger
    lines: list[StatementLine]
    repayments: list[Repayment]

    @property
    def received(self) -> int:
        return self.ledger.disbursed

    @property
    def accepted_used(self) -> int:
        return self.ledger.disbursed - self.ledger.claim_ceiling

    @property
    def claimed(self) -> int:
        return self.ledger.claimed

    @property
    def repaid(self) -> int:
        return self.ledger.repaid

    @property
    def outstanding(self) -> int:
        return self.ledger.outstanding

    @property
    def to_refund(self) -> int:
        return self.ledger.to_refund

    @property
    def overdue(self) -> int:
        return sum(line.outstanding for line in self.lines if line.overdue)


CLAIM_ORDER = ("due_date", "created_at", "pk")


def settle(claims: Iterable[Claim], repaid: int, *, today: dt.date) -> list[StatementLine]:
    """The claims of one case, in ``CLAIM_ORDER``, each with what is left of it once the
    case's booked repayments (``repaid``) have settled them in the order they fall due."""
    left = repaid
    lines = []
    for claim in claims:
        settled = min(claim.amount, left)
        left -= settled
        outstanding = claim.amount - settled
        lines.append(StatementLine(claim, outstanding, outstanding > 0 and claim.due_date < today))
    return lines


def overdue_lines(*, today: dt.date) -> list[StatementLine]:
    """Every claim on an open case with something left after its due date, as the region's
    statement shows it (``settle``), in the order of the cases and their claims. Two queries
    whatever the number of cases."""
    late = Claim.objects.filter(case=OuterRef("case"), due_date__lt=today, amount__gt=0)
    claims = list(
        Claim.objects.filter(Exists(late), case__status=CaseStatus.OPEN)
        .select_related("case__region", "case__grant")
        .order_by("case_id", *CLAIM_ORDER)
    )
    if not claims:
        return []
    repaid = dict(
        Repayment.objects.filter(
            status=RepaymentStatus.BOOKED, claim__case_id__in={c.case_id for c in claims}
        )
        .values("claim__case_id")
        .annotate(total=Sum("amount"))
        .values_list("claim__case_id", "total")
    )
    lines: list[StatementLine] = []
    for case_id, case_claims in groupby(claims, key=lambda claim: claim.case_id):
        lines += settle(case_claims, repaid.get(case_id, 0), today=today)
    return [line for line in lines if line.overdue]


def case_statement(case: Case, *, today: dt.date) -> CaseStatement:
    """The region's statement for a case, as of ``today``."""
    ledger = ledgers([case])[0]
    claims = list(
        Claim.objects.filter(case=case)
        .select_related("document", "case__grant__decision")
        .prefetch_related(
            Prefetch(
                "adjustments",
                queryset=ClaimAdjustment.objects.select_related("document").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .order_by(*CLAIM_ORDER)
    )
    lines = settle(claims, ledger.repaid, today=today)
    repayments = list(
        Repayment.objects.filter(claim__case=case, status=RepaymentStatus.BOOKED).order_by(
            "received_on", "pk"
        )
    )
    return CaseStatement(ledger=ledger, lines=lines, repayments=repayments)


def repayments_for_case(case: Case) -> QuerySet[Repayment]:
    return (
        Repayment.objects.filter(claim__case=case)
        .select_related("claim")
        .order_by("received_on", "pk")
    )


def repayments(status: str | None = None) -> QuerySet[Repayment]:
    queryset = Repayment.objects.select_related(
        "claim__case__region", "claim__case__grant", "registered_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-received_on", "-pk")


def open_claims() -> list[ClaimRow]:
    """Claims with something still owed, for booking a flagged payment."""
    claims = (
        Claim.objects.select_related("case__region", "case__grant")
        .annotate(
            repaid=Sum("repayments__amount", filter=Q(repayments__status=RepaymentStatus.BOOKED))
        )
        .order_by("case__grant__year", "case__region__county_code", "pk")
    )
    return [ClaimRow(c, c.repaid or 0) for c in claims if c.amount > (c.repaid or 0)]


def bank_imports() -> QuerySet[BankImport]:
    return BankImport.objects.select_related("uploaded_by", "confirmed_by").defer("content")
