"""The economic report to Kammarkollegiet (ekonomisk redovisning) for one grant.

Received from Kammarkollegiet is what the agency recorded as requisitioned; paid to and
repaid by the regions come from the regions' ledgers (:func:`repayments.ledger.ledgers`),
so they reconcile with ``verify_ledger``; administration is the recorded costs. What is to
be repaid to Kammarkollegiet is received − paid + repaid − administration, due on the
grant's ``agency_repayment`` deadline.
"""

import datetime as dt
from dataclasses import dataclass

from grants.models import Case, DeadlineKind, Grant
from repayments.ledger import ledgers

from . import selectors
from .models import AdministrationCost, AgencyRequisition, CostType


@dataclass(frozen=True)
class RegionMoney:
    county_code: str
    region_name: str
    paid: int
    repaid: int
    outstanding: int


@dataclass(frozen=True)
class EconomicReport:
    grant: Grant
    stamp: dt.datetime | None
    requisitions: list[AgencyRequisition]
    costs: list[AdministrationCost]
    regions: list[RegionMoney]
    received: int
    paid_to_regions: int
    repaid_by_regions: int
    administration: int
    still_owed_by_regions: int
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
    def costs_by_type(self) -> list[tuple[str, str, int]]:
        totals = {code: 0 for code in CostType.values}
        for cost in self.costs:
            totals[cost.cost_type] += cost.amount
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
        received=sum(r.amount for r in requisitions),
        paid_to_regions=sum(ledger.disbursed for ledger in case_ledgers),
        repaid_by_regions=sum(ledger.repaid for ledger in case_ledgers),
        administration=sum(cost.amount for cost in costs),
        still_owed_by_regions=sum(ledger.outstanding for ledger in case_ledgers),
        due=due.effective_date if due else None,
        requisition_deadline=requisition_deadline.effective_date if requisition_deadline else None,
    )
