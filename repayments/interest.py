"""Late-payment interest (dröjsmålsränta) on recovery claims, and the reference rates it uses.

The rule (räntelagen 6 § and 9 §), for a recovery claim in a grant that says interest is
charged (``Grant.late_interest_applies``):

- it runs from the day after the due date, up to and including the day it is computed for;
- each day, on what is outstanding of the claim that day: the claim's amount less the
  repayments booked against it, each from the day it was received;
- at the Riksbank's reference rate for the calendar half-year the day falls in (entered by an
  officer, ``ReferenceRate``) plus eight percentage points;
- simple interest, actual days / 365, summed over the days and rounded once to whole öre
  (half up).

A half-year without an entered reference rate is never guessed: the interest of such a claim
is unknown (``None``) and the missing half-years are named, for officers to enter. Interest
is kept apart from the claim: it never changes a claim's amount or the ledger's identities.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from core import clock, formats
from records.models import AuditAction
from records.services import audit_record

from .models import Claim, ClaimKind, ReferenceRate, Repayment, RepaymentStatus

# räntelagen 6 §: the reference rate plus eight percentage points (in hundredths of a percent).
MARGIN_BP = 800
DAYS_PER_YEAR = 365
BP_PER_WHOLE = 10_000


def half_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1 if day.month <= 6 else 7, 1)


def next_half_year(start: dt.date) -> dt.date:
    return dt.date(start.year, 7, 1) if start.month == 1 else dt.date(start.year + 1, 1, 1)


@dataclass(frozen=True)
class InterestPeriod:
    """Days with the same outstanding amount and rate: ``first`` to ``last``, both included."""

    first: dt.date
    last: dt.date
    principal: int
    rate_bp: int | None  # the interest rate (reference rate + 8 points); None when missing

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def rate_text(self) -> str:
        return "–" if self.rate_bp is None else format_rate(self.rate_bp)


@dataclass(frozen=True)
class ClaimInterest:
    claim_id: int
    case_id: int
    due_date: dt.date
    as_of: dt.date
    periods: tuple[InterestPeriod, ...]
    missing: tuple[dt.date, ...]  # half-years whose reference rate is not entered
    amount: int | None  # öre; None when a rate is missing

    @property
    def runs_from(self) -> dt.date:
        return self.due_date + dt.timedelta(days=1)

    @property
    def days(self) -> int:
        return sum(period.days for period in self.periods)


def _round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def compute_interest(
    *,
    claim_id: int,
    case_id: int = 0,
    amount: int,
    due_date: dt.date,
    repayments: Iterable[tuple[dt.date, int]],
    rates: Mapping[dt.date, int],
    as_of: dt.date,
) -> ClaimInterest:
    """The interest on one claim up to and including ``as_of``. ``repayments`` are the
    (received on, öre) of what was booked against it; ``rates`` the reference rate (hundredths
    of a percent) by the first day of its half-year."""
    first = due_date + dt.timedelta(days=1)
    paid_by: dict[dt.date, int] = defaultdict(int)
    for received_on, paid in repayments:
        paid_by[max(received_on, first)] += paid
    # The days on which the outstanding amount or the rate may change.
    changes = {day for day in paid_by if first < day <= as_of}
    start = next_half_year(half_year_start(first))
    while start <= as_of:
        changes.add(start)
        start = next_half_year(start)
    periods: list[InterestPeriod] = []
    missing: set[dt.date] = set()
    numerator = 0
    outstanding = amount - sum(paid for day, paid in paid_by.items() if day <= first)
    day = first
    for change in [*sorted(changes), as_of + dt.timedelta(days=1)]:
        if day > as_of or outstanding <= 0:
            break
        if change <= day:
            continue
        reference = rates.get(half_year_start(day))
        rate = None if reference is None else reference + MARGIN_BP
        period = InterestPeriod(day, change - dt.timedelta(days=1), outstanding, rate)
        periods.append(period)
        if rate is None:
            missing.add(half_year_start(day))
        else:
            numerator += outstanding * max(rate, 0) * period.days
        outstanding -= paid_by.get(change, 0)
        day = change
    return ClaimInterest(
        claim_id=claim_id,
        case_id=case_id,
        due_date=due_date,
        as_of=as_of,
        periods=tuple(periods),
        missing=tuple(sorted(missing)),
        amount=None if missing else _round_half_up(numerator, BP_PER_WHOLE * DAYS_PER_YEAR),
    )


# --- Reads: a fixed number of queries for any number of claims and cases ------------------


def reference_rates(as_of: dt.date | None = None) -> dict[dt.date, int]:
    rates = ReferenceRate.objects.all()
    if as_of is not None:
        rates = rates.filter(starts_on__lte=as_of)
    return dict(rates.values_list("starts_on", "rate_bp"))


@dataclass
class CaseInterest:
    case_id: int
    claims: dict[int, ClaimInterest] = field(default_factory=dict)

    @property
    def missing(self) -> tuple[dt.date, ...]:
        return tuple(sorted({day for claim in self.claims.values() for day in claim.missing}))

    @property
    def amount(self) -> int | None:
        """The interest on all the case's overdue recovery claims; None when a rate is missing."""
        if self.missing:
            return None
        return sum(claim.amount or 0 for claim in self.claims.values())

    @property
    def problems(self) -> list[str]:
        return [missing_rate_message(day) for day in self.missing]


def missing_rate_message(starts_on: dt.date) -> str:
    return _(
        "The reference rate for the half-year from %(date)s has not been entered: the "
        "late-payment interest cannot be computed."
    ) % {"date": formats.day(starts_on)}


def _interest_bearing(claims: Any, as_of: dt.date) -> Any:
    return claims.filter(
        kind=ClaimKind.RECOVERY, case__grant__late_interest_applies=True, due_date__lt=as_of
    )


def interest_for_claims(claims: Any, as_of: dt.date) -> dict[int, ClaimInterest]:
    """{claim id: its interest} for those of ``claims`` (a queryset) that bear interest and are
    past their due date on ``as_of``. Three queries."""
    bearing = _interest_bearing(claims, as_of)
    rows = list(bearing.values("pk", "case_id", "amount", "due_date"))
    paid: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for claim_id, received_on, amount in Repayment.objects.filter(
        claim__in=bearing.values("pk"),
        status=RepaymentStatus.BOOKED,
        received_on__lte=as_of,
    ).values_list("claim_id", "received_on", "amount"):
        paid[claim_id].append((received_on, amount))
    rates = reference_rates(as_of)
    return {
        row["pk"]: compute_interest(
            claim_id=row["pk"],
            case_id=row["case_id"],
            amount=row["amount"],
            due_date=row["due_date"],
            repayments=paid[row["pk"]],
            rates=rates,
            as_of=as_of,
        )
        for row in rows
    }


def interest_for_cases(case_ids: Iterable[int], as_of: dt.date) -> dict[int, CaseInterest]:
    """{case id: the interest on its overdue recovery claims} (cases without any are left out)."""
    result: dict[int, CaseInterest] = {}
    claims = Claim.objects.filter(case_id__in=list(case_ids))
    for claim_id, interest in interest_for_claims(claims, as_of).items():
        result.setdefault(interest.case_id, CaseInterest(interest.case_id)).claims[claim_id] = (
            interest
        )
    return result


def case_interest(case: Any, as_of: dt.date | None = None) -> CaseInterest:
    as_of = as_of or clock.today()
    return interest_for_cases([case.pk], as_of).get(case.pk) or CaseInterest(case.pk)


@dataclass(frozen=True)
class InterestRow:
    claim: Claim
    interest: ClaimInterest


def interest_context(case: Any, *, outstanding: int) -> dict[str, Any]:
    """For a case's pages: the interest on each overdue recovery claim today, their total,
    and what the region owes today with it (None when a reference rate is missing)."""
    today = clock.today()
    interest = case_interest(case, today)
    claims = Claim.objects.in_bulk(list(interest.claims))
    total = interest.amount
    return {
        "interest": interest,
        "interest_rows": [
            InterestRow(claims[claim_id], claim_interest)
            for claim_id, claim_interest in sorted(interest.claims.items())
            if claim_interest.periods
        ],
        "owed_today": None if total is None else outstanding + total,
        "interest_as_of": today,
    }


def missing_rates(as_of: dt.date | None = None) -> tuple[dt.date, ...]:
    """The half-years whose reference rate is needed for an overdue recovery claim today but
    has not been entered."""
    as_of = as_of or clock.today()
    needed = interest_for_claims(Claim.objects.all(), as_of)
    return tuple(sorted({day for claim in needed.values() for day in claim.missing}))


# --- Entering the reference rates ------------------------------------------------------------


@transaction.atomic
def reference_rate_set(
    *, starts_on: dt.date, rate_bp: int, source: str, reason: str, actor: Any
) -> ReferenceRate:
    """Enter the Riksbank's reference rate for a half-year, or correct the one entered (which
    needs a reason; the audit trail keeps the rate it replaces). A rate is never deleted."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    if half_year_start(starts_on) != starts_on:
        raise ValidationError(
            {"starts_on": _("The reference rate is set for a half-year: give 1 January or 1 July.")}
        )
    if not -1000 <= rate_bp <= 5000:
        raise ValidationError(
            {"rate": _("Enter the reference rate in percent, between −10 and 50, e.g. 2,50.")}
        )
    source = source.strip()
    reason = reason.strip()
    rate = ReferenceRate.objects.select_for_update().filter(starts_on=starts_on).first()
    if rate is None:
        rate = ReferenceRate.objects.create(
            starts_on=starts_on, rate_bp=rate_bp, source=source, entered_by=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.REFERENCE_RATE_ENTERED,
            target=rate,
            data={"starts_on": starts_on, "rate_bp": rate_bp, "source": source},
            records=[rate],
        )
        return rate
    if rate.rate_bp == rate_bp and rate.source == source:
        return rate
    if not reason:
        raise ValidationError(
            {
                "reason": _(
                    "A rate is already entered for this half-year (%(rate)s %%). To correct it, "
                    "give the reason."
                )
                % {"rate": format_rate(rate.rate_bp)}
            }
        )
    before = {"rate_bp": rate.rate_bp, "source": rate.source}
    rate.rate_bp = rate_bp
    rate.source = source
    rate.corrected_at = clock.now()
    rate.corrected_by = actor
    rate.correction_reason = reason
    rate.save(
        update_fields=["rate_bp", "source", "corrected_at", "corrected_by", "correction_reason"]
    )
    audit_record(
        actor=actor,
        action=AuditAction.REFERENCE_RATE_CORRECTED,
        target=rate,
        reason=reason,
        data={
            "starts_on": starts_on,
            "before": before,
            "after": {"rate_bp": rate_bp, "source": source},
        },
        records=[rate],
    )
    return rate


def format_rate(rate_bp: int) -> str:
    """Hundredths of a percent as Swedes write a rate: 250 -> "2,50", -25 -> "−0,25"."""
    whole, hundredths = divmod(abs(rate_bp), 100)
    return f"{'−' if rate_bp < 0 else ''}{whole},{hundredths:02d}"
