"""Reads for decisions and grants, shaped for the pages and exports that show them.

Each selector runs a fixed number of queries, whatever the number of regions.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from core.money import kronor_to_ore, ore_to_whole_kronor
from regions.models import PopulationDataset

from .allocation import largest_remainder, share_percent
from .models import (
    DEADLINE_ORDER,
    Allocation,
    AllocationTable,
    AllocationTableStatus,
    Deadline,
    DecisionStatus,
    Grant,
    PublishedAllocation,
)


def grants_for_listing() -> QuerySet[Grant]:
    return Grant.objects.select_related("decision", "population_dataset").order_by("-year")


def grants_with_allocation_state() -> QuerySet[Grant]:
    """Every round, planned and decided, with ``has_adopted_allocation`` (one query)."""
    return grants_for_listing().annotate(
        has_adopted_allocation=Exists(
            AllocationTable.objects.filter(
                grant=OuterRef("pk"), status=AllocationTableStatus.ADOPTED
            )
        )
    )


def grant_for_year(year: int, *, decided_only: bool = False) -> Grant:
    """The grant of ``year`` or Http404."""
    queryset = grants_for_listing()
    if decided_only:
        queryset = queryset.filter(decision__status=DecisionStatus.DECIDED)
    grant = queryset.filter(year=year).first()
    if grant is None:
        raise Http404("no grant for that year")
    return grant


def current_grant() -> Grant | None:
    """The most recent decided grant: where an officer lands."""
    return grants_for_listing().filter(decision__status=DecisionStatus.DECIDED).first()


def adopted_table(grant: Grant) -> AllocationTable | None:
    return (
        AllocationTable.objects.select_related("population_dataset")
        .filter(grant=grant, status=AllocationTableStatus.ADOPTED)
        .first()
    )


@dataclass(frozen=True)
class AllocationRow:
    county_code: str
    region_name: str
    region_id: int
    population: int
    share: Decimal  # exact percent; rounded on display
    amount: int  # öre
    published_amount: int | None  # öre, from the decision's own table

    @property
    def difference(self) -> int | None:
        if self.published_amount is None:
            return None
        return self.amount - self.published_amount


@dataclass(frozen=True)
class AllocationSummary:
    rows: list[AllocationRow]
    table: AllocationTable | None
    total_population: int
    total_amount: int
    published_total: int | None
    decision_regions_amount: int

    @property
    def reconciles(self) -> bool:
        return self.total_amount == self.decision_regions_amount

    @property
    def differing_rows(self) -> list[AllocationRow]:
        return [row for row in self.rows if row.difference not in (None, 0)]

    @property
    def has_published_table(self) -> bool:
        return self.published_total is not None


def allocation_summary(grant: Grant) -> AllocationSummary:
    """The adopted allocation next to the decision's published table (three queries)."""
    table = adopted_table(grant)
    allocations = (
        list(
            Allocation.objects.filter(table=table)
            .select_related("region")
            .order_by("region__county_code")
        )
        if table
        else []
    )
    published = dict(
        PublishedAllocation.objects.filter(decision_id=grant.decision_id).values_list(
            "region_id", "amount"
        )
    )
    total_population = sum(allocation.population for allocation in allocations)
    rows = [
        AllocationRow(
            county_code=allocation.region.county_code,
            region_name=allocation.region.name,
            region_id=allocation.region_id,
            population=allocation.population,
            share=share_percent(allocation.population, total_population),
            amount=allocation.amount,
            published_amount=published.get(allocation.region_id),
        )
        for allocation in allocations
    ]
    return AllocationSummary(
        rows=rows,
        table=table,
        total_population=total_population,
        total_amount=sum(row.amount for row in rows),
        published_total=sum(published.values()) if published else None,
        decision_regions_amount=grant.decision.regions_amount,
    )


def allocation_for_region(grant: Grant, region_id: int) -> Allocation | None:
    return (
        Allocation.objects.filter(
            table__grant=grant, table__status=AllocationTableStatus.ADOPTED, region_id=region_id
        )
        .select_related("region")
        .first()
    )


def deadlines_for(grant: Grant) -> list[Deadline]:
    """The grant's deadlines in the order of the grant's life."""
    deadlines = list(Deadline.objects.filter(grant=grant))
    return sorted(
        deadlines,
        key=lambda deadline: (deadline.effective_date, DEADLINE_ORDER.index(deadline.kind)),
    )


def decided_deadlines() -> QuerySet[Deadline]:
    """Every deadline of every decided grant, with its grant and (for the agency's own steps)
    whether it is marked done: the deadlines that count for the officers' inbox, the
    reminder sweep and the calendar feeds alike."""
    return Deadline.objects.filter(grant__decision__status=DecisionStatus.DECIDED).select_related(
        "grant", "agency_done"
    )


def deadline_of(grant: Grant, kind: str) -> Deadline | None:
    """The grant's deadline of one kind, or None while it is not set."""
    return Deadline.objects.filter(grant=grant, kind=kind).first()


def days_left(deadline: Deadline, today: dt.date) -> int:
    return (deadline.effective_date - today).days


@dataclass(frozen=True)
class RegionGrant:
    grant: Grant
    allocation: Allocation | None
    deadlines: list[Deadline]


def region_grants(region_id: int) -> list[RegionGrant]:
    """Each decided grant with the region's allocation and the regions' deadlines (3 queries)."""
    grants = list(grants_for_listing().filter(decision__status=DecisionStatus.DECIDED))
    allocations = {
        allocation.table.grant_id: allocation
        for allocation in Allocation.objects.filter(
            table__grant__in=grants,
            table__status=AllocationTableStatus.ADOPTED,
            region_id=region_id,
        ).select_related("table", "region")
    }
    by_grant: dict[int, list[Deadline]] = {}
    for deadline in Deadline.objects.filter(grant__in=grants):
        if deadline.is_for_regions:
            by_grant.setdefault(deadline.grant_id, []).append(deadline)
    return [
        RegionGrant(
            grant=grant,
            allocation=allocations.get(grant.pk),
            deadlines=sorted(by_grant.get(grant.pk, []), key=lambda d: d.effective_date),
        )
        for grant in grants
    ]


# --- A new round: suggestions and the what-if preview -----------------------------------


def shift_one_year(day: dt.date) -> dt.date:
    """The same date a year later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def latest_grant() -> Grant | None:
    """The round with the highest year, planned or decided: the one a new round follows."""
    return grants_for_listing().first()


def previous_grant(grant: Grant) -> Grant | None:
    """The round of the year before ``grant``'s, if one is registered."""
    return grants_for_listing().filter(year=grant.year - 1).first()


@dataclass(frozen=True)
class DeadlineSuggestion:
    kind: str
    due_date: dt.date | None
    moves_to_next_working_day: bool
    previous_date: dt.date | None


def deadline_suggestions(previous: Grant | None) -> list[DeadlineSuggestion]:
    """One row per deadline kind: the previous round's date moved one year, for the officer to
    confirm or edit (empty where the previous round had none)."""
    by_kind = {d.kind: d for d in Deadline.objects.filter(grant=previous)} if previous else {}
    rows = []
    for kind in DEADLINE_ORDER:
        deadline = by_kind.get(kind)
        rows.append(
            DeadlineSuggestion(
                kind=kind,
                due_date=shift_one_year(deadline.due_date) if deadline else None,
                moves_to_next_working_day=deadline.moves_to_next_working_day if deadline else False,
                previous_date=deadline.due_date if deadline else None,
            )
        )
    return rows


def population_datasets() -> QuerySet[PopulationDataset]:
    return PopulationDataset.objects.order_by("-reference_date", "name")


@dataclass(frozen=True)
class PreviewRow:
    county_code: str
    region_name: str
    population: int
    share: Decimal  # exact percent; rounded on display
    amount: int  # öre
    previous_amount: int | None  # öre, the previous round's adopted allocation

    @property
    def difference(self) -> int | None:
        if self.previous_amount is None:
            return None
        return self.amount - self.previous_amount


@dataclass(frozen=True)
class AllocationPreview:
    """What adopting ``amount`` over ``dataset`` would give, beside the previous round."""

    amount: int
    dataset: PopulationDataset
    rows: list[PreviewRow]
    total_population: int
    total_amount: int
    previous_grant: Grant | None
    previous_total: int | None

    @property
    def difference_total(self) -> int | None:
        if self.previous_total is None:
            return None
        return self.total_amount - self.previous_total


def allocation_preview(
    *, grant: Grant, amount: int, dataset: PopulationDataset
) -> AllocationPreview:
    """Divide ``amount`` öre (whole kronor) over ``dataset`` as adopting would, and set it
    beside the previous year's adopted allocation (matched on county code). Stores nothing;
    three queries whatever the number of regions."""
    figures = list(dataset.figures.select_related("region").order_by("region__county_code"))
    previous = previous_grant(grant)
    previous_amounts: dict[str, int] = {}
    if previous is not None:
        previous_amounts = dict(
            Allocation.objects.filter(
                table__grant=previous, table__status=AllocationTableStatus.ADOPTED
            ).values_list("region__county_code", "amount")
        )
    weights = {figure.region.county_code: figure.population for figure in figures}
    kronor = largest_remainder(ore_to_whole_kronor(amount), weights) if weights else {}
    total_population = sum(weights.values())
    rows = [
        PreviewRow(
            county_code=figure.region.county_code,
            region_name=figure.region.name,
            population=figure.population,
            share=share_percent(figure.population, total_population),
            amount=kronor_to_ore(kronor[figure.region.county_code]),
            previous_amount=previous_amounts.get(figure.region.county_code),
        )
        for figure in figures
    ]
    return AllocationPreview(
        amount=amount,
        dataset=dataset,
        rows=rows,
        total_population=total_population,
        total_amount=sum(row.amount for row in rows),
        previous_grant=previous if previous_amounts else None,
        previous_total=sum(previous_amounts.values()) if previous_amounts else None,
    )


def allocation_tables(grant: Grant) -> list[AllocationTable]:
    """Every table adopted for the grant, newest first, the current one and those it replaced."""
    return list(
        AllocationTable.objects.filter(grant=grant)
        .select_related("population_dataset", "adopted_by")
        .order_by("-adopted_at", "-pk")
    )
