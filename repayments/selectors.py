"""Reads for claims and repayments (fixed numbers of queries)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum

from grants.models import Case

from .models import BankImport, Claim, Repayment, RepaymentStatus


@dataclass(frozen=True)
class ClaimRow:
    claim: Claim
    repaid: int

    @property
    def outstanding(self) -> int:
        return self.claim.amount - self.repaid


def claims_for_case(case: Case) -> list[ClaimRow]:
    claims = (
        Claim.objects.filter(case=case)
        .select_related("document", "decided_by", "case__grant__decision")
        .annotate(
            repaid=Sum("repayments__amount", filter=Q(repayments__status=RepaymentStatus.BOOKED))
        )
        .order_by("created_at", "pk")
    )
    return [ClaimRow(claim, claim.repaid or 0) for claim in claims]


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
