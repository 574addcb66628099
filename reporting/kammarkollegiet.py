"""The economic report to Kammarkollegiet (ekonomisk redovisning) for one grant.

Received from Kammarkollegiet is what the agency recorded as requisitioned; paid to and
repaid by the regions come from the regions' ledgers (:func:`repayments.ledger.ledgers`),
so they reconcile with ``verify_ledger``; administration is the recorded costs. Requisitions
and costs count as corrected (each with its correcting entries). What is to be repaid to
Kammarkollegiet is received − paid + repaid − administration, due on the grant's
``agency_repayment`` deadline.

That amount is reconciled part by part: the regions' money never requisitioned (lapsed:
allocated − requisitioned over all cases), what the regions repaid, and the unused
administration money (the part of what was received that is the administration amount,
minus the costs); any other difference (requisitioned by a region but not paid out, not
allocated, or not drawn from Kammarkollegiet) is a line of its own. The agency's recorded
repayments are then compared with that total, and the report says in words whether they
match.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.money import format_kronor
from grants.models import Case, DeadlineKind, Grant
from repayments.ledger import ledgers

from . import selectors
from .models import AdministrationCost, AgencyRepayment, AgencyRequisition, CostType
from .selectors import Entry


@dataclass(frozen=True)
class RegionMoney:
    county_code: str
    region_name: str
    paid: int
    repaid: int
    outstanding: int


@dataclass(frozen=True)
class OwedPart:
    """One reason the agency owes Kammarkollegiet money (öre); the label reads after "of
    which" (capitalise it to show it alone)."""

    code: str
    label: str
    amount: int


@dataclass(frozen=True)
class EconomicReport:
    grant: Grant
    stamp: dt.datetime | None
    requisitions: list[Entry[AgencyRequisition]]
    costs: list[Entry[AdministrationCost]]
    repayments: list[AgencyRepayment]
    regions: list[RegionMoney]
    received: int
    paid_to_regions: int
    repaid_by_regions: int
    administration: int
    still_owed_by_regions: int
    allocated_to_regions: int
    requisitioned_by_regions: int
    lapsed: int
    due: dt.date | None
    requisition_deadline: dt.date | None

    @property
    def to_repay(self) -> int:
        return self.received - self.paid_to_regions + self.repaid_by_regions - self.administration

    @property
    def total_amount(self) -> int:
        return self.grant.decision.total_amount

    @property
    def regions_amount(self) -> int:
        return self.grant.decision.regions_amount

    @property
    def administration_limit(self) -> int:
        return self.grant.decision.administration_amount

    @property
    def administration_left(self) -> int:
        return self.administration_limit - self.administration

    @property
    def unused_by_regions(self) -> int:
        """Of the regions' amount: what was never paid out, plus what came back."""
        return self.regions_amount - self.paid_to_regions + self.repaid_by_regions

    @property
    def not_requisitioned(self) -> int:
        return self.total_amount - self.received

    @property
    def drawn_for_administration(self) -> int:
        """Of what was received, the part that is the administration amount (what the agency
        receives counts first towards the regions' amount)."""
        return max(0, self.received - self.regions_amount)

    @property
    def unused_administration(self) -> int:
        return self.drawn_for_administration - self.administration

    @property
    def owed_parts(self) -> list[OwedPart]:
        """What the agency owes Kammarkollegiet, part by part; the parts add up to
        :attr:`to_repay`. The first three are always shown, the others when not zero."""
        drawn_for_regions = self.received - self.drawn_for_administration
        parts = [
            OwedPart("lapsed", _("never requisitioned by the regions (lapsed)"), self.lapsed),
            OwedPart("repaid", _("repaid by the regions"), self.repaid_by_regions),
            OwedPart(
                "administration", _("unused administration money"), self.unused_administration
            ),
        ]
        others = [
            OwedPart(
                "not_paid",
                _("requisitioned by the regions but not paid out"),
                self.requisitioned_by_regions - self.paid_to_regions,
            ),
            OwedPart(
                "not_allocated",
                _("not allocated to any region"),
                self.regions_amount - self.allocated_to_regions,
            ),
            OwedPart(
                "not_drawn",
                _("not received from Kammarkollegiet for the regions"),
                drawn_for_regions - self.regions_amount,
            ),
        ]
        return parts + [part for part in others if part.amount]

    @property
    def repaid_to_kammarkollegiet(self) -> int:
        return sum(repayment.amount for repayment in self.repayments)

    @property
    def repayment_difference(self) -> int:
        """Recorded as repaid − owed: negative while something is left to repay."""
        return self.repaid_to_kammarkollegiet - self.to_repay

    @property
    def repayment_matches(self) -> bool:
        return self.repayment_difference == 0

    @property
    def repayment_verdict(self) -> str:
        """Whether what is recorded as repaid matches what is owed, in words."""
        kr = format_kronor
        owed, repaid = self.to_repay, self.repaid_to_kammarkollegiet
        difference = abs(self.repayment_difference)
        if not self.repayments:
            if owed == 0:
                return _("Nothing is owed to Kammarkollegiet and no repayment is recorded.")
            return _(
                "No repayment to Kammarkollegiet is recorded yet: %(owed)s is to be repaid."
            ) % {"owed": kr(owed)}
        if self.repayment_difference == 0:
            return _("The recorded repayment of %(repaid)s matches the %(owed)s to be repaid.") % {
                "repaid": kr(repaid),
                "owed": kr(owed),
            }
        if self.repayment_difference < 0:
            return _(
                "The recorded repayment of %(repaid)s does not match: it is %(difference)s less "
                "than the %(owed)s to be repaid, so %(difference)s is still to be repaid."
            ) % {"repaid": kr(repaid), "owed": kr(owed), "difference": kr(difference)}
        return _(
            "The recorded repayment of %(repaid)s does not match: it is %(difference)s more "
            "than the %(owed)s to be repaid."
        ) % {"repaid": kr(repaid), "owed": kr(owed), "difference": kr(difference)}

    @property
    def costs_by_type(self) -> list[tuple[str, str, int]]:
        totals = {code: 0 for code in CostType.values}
        for entry in self.costs:
            totals[entry.record.cost_type] += entry.amount
        return [(code, str(CostType(code).label), totals[code]) for code in CostType.values]


def economic_report(grant: Grant) -> EconomicReport:
    cases = (
        Case.objects.filter(grant=grant).select_related("region").order_by("region__county_code")
    )
    case_ledgers = ledgers(cases)
    requisitions = selectors.agency_requisitions(grant)
    costs = selectors.administration_costs(grant)
    due = selectors.deadline(grant, DeadlineKind.AGENCY_REPAYMENT)
    requisition_deadline = selectors.deadline(grant, DeadlineKind.AGENCY_REQUISITION)
    return EconomicReport(
        grant=grant,
        stamp=selectors.last_recorded_change(grant),
        requisitions=requisitions,
        costs=costs,
        repayments=selectors.agency_repayments(grant),
        regions=[
            RegionMoney(
                county_code=ledger.case.region.county_code,
                region_name=ledger.case.region.name,
                paid=ledger.disbursed,
                repaid=ledger.repaid,
                outstanding=ledger.outstanding,
            )
            for ledger in case_ledgers
        ],
        received=sum(entry.amount for entry in requisitions),
        paid_to_regions=sum(ledger.disbursed for ledger in case_ledgers),
        repaid_by_regions=sum(ledger.repaid for ledger in case_ledgers),
        administration=sum(entry.amount for entry in costs),
        still_owed_by_regions=sum(ledger.outstanding for ledger in case_ledgers),
        allocated_to_regions=sum(ledger.allocated for ledger in case_ledgers),
        requisitioned_by_regions=sum(ledger.requisitioned for ledger in case_ledgers),
        lapsed=sum(ledger.lapsed for ledger in case_ledgers),
        due=due.effective_date if due else None,
        requisition_deadline=requisition_deadline.effective_date if requisition_deadline else None,
    )
