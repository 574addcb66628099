"""Writes for decisions, grants, deadlines and allocations.

Each public function is one transaction with its audit events. Callers (views, commands,
admin) hold no business rules.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from core import clock, formats
from core.money import ORE_PER_KRONA, format_kronor, kronor_to_ore, ore_to_whole_kronor
from core.workdays import deadline_day
from records.models import AuditAction
from records.services import audit_record
from regions.models import PopulationDataset, PopulationFigure, Region

from .allocation import largest_remainder
from .decision_file import DecisionData
from .models import (
    DEADLINE_ORDER,
    Allocation,
    AllocationTable,
    AllocationTableStatus,
    Case,
    Deadline,
    DeadlineKind,
    Decision,
    DecisionStatus,
    Grant,
    PublishedAllocation,
    budget_year_period,
)

# "S2025/01234", "S2025/01234/FS": a ministry's letters, the year, a serial; never an OCR number.
DIARIENUMMER_RE = re.compile(r"^[A-ZÅÄÖ]{1,4}\s?\d{4}/\d{1,6}(/[A-ZÅÄÖ0-9]{1,10})*$")


def clean_diarienummer(value: str) -> str:
    cleaned = (value or "").strip().upper()
    if not DIARIENUMMER_RE.match(cleaned):
        raise ValidationError(
            _("Enter the reference number as in the decision, e.g. S2025/01234."),
            code="diarienummer",
        )
    return cleaned


def _population_dataset_for(data: DecisionData, regions: dict[str, Region]) -> PopulationDataset:
    dataset, created = PopulationDataset.objects.get_or_create(
        source=data.population_source,
        reference_date=data.population_reference_date,
        defaults={"name": data.population_name},
    )
    figures = {row.county_code: row.population for row in data.allocation}
    if created:
        PopulationFigure.objects.bulk_create(
            PopulationFigure(dataset=dataset, region=regions[code], population=population)
            for code, population in figures.items()
        )
        return dataset
    stored = dict(dataset.figures.values_list("region__county_code", "population"))
    if stored != figures:
        raise ValidationError(
            _("Population figures for %(source)s on %(date)s are already stored and differ."),
            params={"source": data.population_source, "date": data.population_reference_date},
        )
    return dataset


@transaction.atomic
def decision_load(
    *,
    data: DecisionData,
    diarienummer: str,
    decided_on: dt.date,
    diarienummer_is_example: bool = False,
    decided_on_is_example: bool = False,
    actor: Any = None,
) -> Grant:
    """Register a decided decision from a data file: decision, grant, deadlines, the
    published table, the population figures and the adopted allocation computed from them."""
    diarienummer = clean_diarienummer(diarienummer)
    if Grant.objects.filter(year=data.year).exists():
        raise ValidationError(
            _("A grant for %(year)s is already registered."), params={"year": data.year}
        )
    if Decision.objects.filter(diarienummer=diarienummer).exists():
        raise ValidationError(
            _("A decision with reference number %(ref)s is already registered."),
            params={"ref": diarienummer},
        )
    regions = {region.county_code: region for region in Region.objects.all()}
    unknown = sorted({row.county_code for row in data.allocation} - set(regions))
    missing = sorted(set(regions) - {row.county_code for row in data.allocation})
    if unknown or missing:
        raise ValidationError(
            _(
                "The allocation table must name each region once (unknown: %(unknown)s; missing: %(missing)s)."
            ),
            params={"unknown": ", ".join(unknown) or "–", "missing": ", ".join(missing) or "–"},
        )
    for row in data.deadlines:
        if row.kind not in DeadlineKind.values:
            raise ValidationError(_("Unknown deadline kind %(kind)s."), params={"kind": row.kind})
    use_from, use_to, period_errors = period_of_use(
        year=data.year, use_from=data.use_from, use_to=data.use_to
    )
    if period_errors:
        raise ValidationError(list(period_errors.values()))

    dataset = _population_dataset_for(data, regions)
    decision = Decision.objects.create(
        status=DecisionStatus.DECIDED,
        diarienummer=diarienummer,
        diarienummer_is_example=diarienummer_is_example,
        decided_on=decided_on,
        decided_on_is_example=decided_on_is_example,
        title=data.title,
        ministry=data.ministry,
        appropriation=data.appropriation,
        total_amount=kronor_to_ore(data.total_kronor),
        regions_amount=kronor_to_ore(data.regions_kronor),
        administration_amount=kronor_to_ore(data.administration_kronor),
        conditions=data.conditions,
    )
    grant = Grant.objects.create(
        decision=decision,
        year=data.year,
        population_dataset=dataset,
        use_from=use_from,
        use_to=use_to,
    )
    PublishedAllocation.objects.bulk_create(
        PublishedAllocation(
            decision=decision,
            region=regions[row.county_code],
            printed_name=row.printed_name,
            population=row.population,
            share_text=row.share_text,
            amount=kronor_to_ore(row.kronor),
        )
        for row in data.allocation
    )
    audit_record(
        actor=actor,
        action=AuditAction.DECISION_REGISTERED,
        target=decision,
        grant=grant,
        data={
            "diarienummer": diarienummer,
            "decided_on": decided_on.isoformat(),
            "total_amount": decision.total_amount,
            "regions_amount": decision.regions_amount,
            "administration_amount": decision.administration_amount,
            "example": diarienummer_is_example,
            "use_from": use_from.isoformat(),
            "use_to": use_to.isoformat(),
        },
    )
    for row in data.deadlines:
        deadline_set(
            grant=grant,
            kind=row.kind,
            due_date=row.date,
            moves_to_next_working_day=row.moves_to_next_working_day,
            source_text=row.source_text,
            actor=actor,
        )
    allocation_table_adopt(grant=grant, dataset=dataset, actor=actor)
    return grant


# --- Registering a new round in the browser ----------------------------------------------


@dataclass(frozen=True)
class DeadlineInput:
    kind: str
    due_date: dt.date
    moves_to_next_working_day: bool = False
    source_text: str = ""


@dataclass(frozen=True)
class DecisionInput:
    """What an officer registers for a new round. Amounts in öre."""

    year: int
    status: str
    diarienummer: str
    decided_on: dt.date | None
    title: str
    ministry: str
    appropriation: str
    total_amount: int
    regions_amount: int
    administration_amount: int
    conditions: str
    population_dataset: PopulationDataset
    deadlines: tuple[DeadlineInput, ...] = ()
    # The period of use; either left empty is the budget year's first or last day.
    use_from: dt.date | None = None
    use_to: dt.date | None = None


def period_of_use(
    *, year: int, use_from: dt.date | None, use_to: dt.date | None
) -> tuple[dt.date, dt.date, dict[str, str]]:
    """The grant's period of use (the budget year where a day is not given) and any errors
    at the fields: the first day must not come after the last."""
    first, last = budget_year_period(min(max(year, dt.MINYEAR), dt.MAXYEAR))
    use_from = use_from or first
    use_to = use_to or last
    errors: dict[str, str] = {}
    if use_from > use_to:
        errors["use_to"] = _(
            "The last day of the period of use (%(to)s) comes before its first day (%(from)s)."
        ) % {"to": formats.day_iso(use_to), "from": formats.day_iso(use_from)}
    return use_from, use_to, errors


def _amount_errors(*, total: int, regions: int, administration: int) -> dict[str, str]:
    """The decision's amounts, checked as the database will (with a message at the field)."""
    errors: dict[str, str] = {}
    if regions <= 0:
        errors["regions_amount"] = _("Enter an amount greater than zero.")
    elif regions % ORE_PER_KRONA:
        errors["regions_amount"] = _(
            "The amount to the regions must be whole kronor: it is divided between the "
            "regions in whole kronor."
        )
    if administration < 0:
        errors["administration_amount"] = _("The amount may not be negative.")
    parts_valid = "regions_amount" not in errors and "administration_amount" not in errors
    if parts_valid and total != regions + administration:
        errors["total_amount"] = _(
            "The total must be the amount to the regions plus the amount for "
            "administration (%(sum)s)."
        ) % {"sum": format_kronor(regions + administration)}
    return errors


def _reference_errors(
    *, status: str, diarienummer: str, decided_on: dt.date | None, exclude_pk: int | None = None
) -> tuple[dict[str, str], str]:
    """Errors at the reference number and date fields, and the cleaned reference number."""
    errors: dict[str, str] = {}
    diarienummer = (diarienummer or "").strip()
    if status == DecisionStatus.DECIDED:
        if not diarienummer:
            errors["diarienummer"] = _("A decided decision needs its reference number.")
        else:
            try:
                diarienummer = clean_diarienummer(diarienummer)
            except ValidationError as error:
                errors["diarienummer"] = error.messages[0]
            else:
                taken = Decision.objects.filter(diarienummer=diarienummer)
                if exclude_pk is not None:
                    taken = taken.exclude(pk=exclude_pk)
                if taken.exists():
                    errors["diarienummer"] = _(
                        "A decision with reference number %(ref)s is already registered."
                    ) % {"ref": diarienummer}
        if decided_on is None:
            errors["decided_on"] = _("A decided decision needs its date.")
    elif status == DecisionStatus.PLANNED:
        if diarienummer:
            errors["diarienummer"] = _(
                "A planned decision has no reference number yet: leave it empty or choose Decided."
            )
        if decided_on is not None:
            errors["decided_on"] = _(
                "A planned decision has no date yet: leave it empty or choose Decided."
            )
    else:
        errors["status"] = _("Choose planned or decided.")
    return errors, diarienummer


def _dataset_is_complete(dataset: PopulationDataset) -> bool:
    """The dataset has one figure for every region, so an allocation can divide between all."""
    return dataset.figures.count() == Region.objects.count()


@transaction.atomic
def decision_register(*, data: DecisionInput, actor: Any) -> Grant:
    """Register a new round from the officer's form: the decision (planned or decided), its
    grant for the year and its deadlines, with audit events. No allocation is adopted: the
    officer previews it and adopts it once the decision is decided."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    errors, diarienummer = _reference_errors(
        status=data.status, diarienummer=data.diarienummer, decided_on=data.decided_on
    )
    if not 2000 <= data.year <= 2100:
        errors["year"] = _("Enter a year between 2000 and 2100.")
    elif Grant.objects.filter(year=data.year).exists():
        errors["year"] = _("A grant for %(year)s is already registered.") % {"year": data.year}
    use_from, use_to, period_errors = period_of_use(
        year=data.year, use_from=data.use_from, use_to=data.use_to
    )
    errors.update(period_errors)
    errors.update(
        _amount_errors(
            total=data.total_amount,
            regions=data.regions_amount,
            administration=data.administration_amount,
        )
    )
    for field in ("title", "ministry", "appropriation", "conditions"):
        if not getattr(data, field).strip():
            errors[field] = _("This field is required.")
    if not _dataset_is_complete(data.population_dataset):
        errors["population_dataset"] = _(
            "These population figures do not have a figure for every region."
        )
    kinds = [row.kind for row in data.deadlines]
    if len(kinds) != len(set(kinds)) or not set(kinds) <= set(DeadlineKind.values):
        errors["__all__"] = _("Each kind of deadline can be given once.")
    if errors:
        raise ValidationError(errors)

    decided = data.status == DecisionStatus.DECIDED
    decision = Decision.objects.create(
        status=data.status,
        diarienummer=diarienummer if decided else "",
        decided_on=data.decided_on if decided else None,
        title=data.title.strip(),
        ministry=data.ministry.strip(),
        appropriation=data.appropriation.strip(),
        total_amount=data.total_amount,
        regions_amount=data.regions_amount,
        administration_amount=data.administration_amount,
        conditions=data.conditions.strip(),
    )
    grant = Grant.objects.create(
        decision=decision,
        year=data.year,
        population_dataset=data.population_dataset,
        use_from=use_from,
        use_to=use_to,
    )
    audit_record(
        actor=actor,
        action=AuditAction.DECISION_REGISTERED,
        target=decision,
        grant=grant,
        data={
            "status": decision.status,
            "year": grant.year,
            "diarienummer": decision.diarienummer,
            "decided_on": decision.decided_on.isoformat() if decision.decided_on else None,
            "total_amount": decision.total_amount,
            "regions_amount": decision.regions_amount,
            "administration_amount": decision.administration_amount,
            "population_dataset": str(data.population_dataset),
            "use_from": grant.use_from.isoformat(),
            "use_to": grant.use_to.isoformat(),
        },
    )
    for row in sorted(data.deadlines, key=lambda row: DEADLINE_ORDER.index(row.kind)):
        deadline_set(
            grant=grant,
            kind=row.kind,
            due_date=row.due_date,
            moves_to_next_working_day=row.moves_to_next_working_day,
            source_text=row.source_text.strip(),
            actor=actor,
        )
    return grant


@transaction.atomic
def decision_mark_decided(
    *,
    decision: Decision,
    diarienummer: str,
    decided_on: dt.date,
    total_amount: int,
    regions_amount: int,
    administration_amount: int,
    conditions: str,
    actor: Any,
) -> Decision:
    """Record that a planned decision has been taken: its reference number and date, and the
    amounts and conditions as decided (the planned ones unless the officer corrects them)."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.is_decided:
        raise ValidationError(_("The decision is already registered as decided."))
    errors, diarienummer = _reference_errors(
        status=DecisionStatus.DECIDED,
        diarienummer=diarienummer,
        decided_on=decided_on,
        exclude_pk=decision.pk,
    )
    errors.update(
        _amount_errors(
            total=total_amount, regions=regions_amount, administration=administration_amount
        )
    )
    if not conditions.strip():
        errors["conditions"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    before = {
        "status": decision.status,
        "total_amount": decision.total_amount,
        "regions_amount": decision.regions_amount,
        "administration_amount": decision.administration_amount,
        "conditions": decision.conditions,
    }
    decision.status = DecisionStatus.DECIDED
    decision.diarienummer = diarienummer
    decision.decided_on = decided_on
    decision.total_amount = total_amount
    decision.regions_amount = regions_amount
    decision.administration_amount = administration_amount
    decision.conditions = conditions.strip()
    decision.save(
        update_fields=[
            "status",
            "diarienummer",
            "decided_on",
            "total_amount",
            "regions_amount",
            "administration_amount",
            "conditions",
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.DECISION_MARKED_DECIDED,
        target=decision,
        grant=getattr(decision, "grant", None),
        data={
            "before": before,
            "after": {
                "status": decision.status,
                "diarienummer": decision.diarienummer,
                "decided_on": decided_on.isoformat(),
                "total_amount": decision.total_amount,
                "regions_amount": decision.regions_amount,
                "administration_amount": decision.administration_amount,
                "conditions": decision.conditions,
            },
        },
    )
    return decision


@transaction.atomic
def deadline_set(
    *,
    grant: Grant,
    kind: str,
    due_date: dt.date,
    moves_to_next_working_day: bool = False,
    source_text: str = "",
    actor: Any = None,
) -> Deadline:
    """Create or change one of the grant's deadlines, keeping what it was in the record."""
    if kind not in DeadlineKind.values:
        raise ValidationError(_("Unknown deadline kind %(kind)s."), params={"kind": kind})
    deadline = Deadline.objects.select_for_update().filter(grant=grant, kind=kind).first()
    before = None
    if deadline is None:
        deadline = Deadline(grant=grant, kind=kind)
    else:
        before = _deadline_choice(deadline.due_date, deadline.moves_to_next_working_day)
    deadline.due_date = due_date
    deadline.moves_to_next_working_day = moves_to_next_working_day
    deadline.source_text = source_text
    deadline.updated_at = clock.now()
    deadline.save()
    audit_record(
        actor=actor,
        action=AuditAction.DEADLINE_SET,
        target=deadline,
        grant=grant,
        data={
            "kind": kind,
            "before": before,
            "after": _deadline_choice(due_date, moves_to_next_working_day),
        },
    )
    return deadline


def _deadline_choice(due_date: dt.date, moves: bool) -> dict[str, Any]:
    """The date, the officer's flag and the day it gives (lag 1930:173), as kept in the record."""
    day = deadline_day(due_date, moves)
    return {
        "due_date": due_date.isoformat(),
        "working_day": day.is_working_day,
        "moves_to_next_working_day": day.moves,
        "effective_date": day.effective_date.isoformat(),
    }


@transaction.atomic
def decision_agency_conditions_set(*, decision: Decision, text: str, actor: Any) -> Decision:
    """Set the further conditions the agency attaches to the grant, keeping the old text."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    before = decision.agency_conditions
    text = text.strip()
    if text == before:
        return decision
    decision.agency_conditions = text
    decision.save(update_fields=["agency_conditions"])
    audit_record(
        actor=actor,
        action=AuditAction.DECISION_CONDITIONS_SET,
        target=decision,
        grant=getattr(decision, "grant", None),
        data={"before": before, "after": text},
    )
    return decision


@transaction.atomic
def grant_recovery_terms_set(
    *, grant: Grant, appeal_text: str, late_interest_applies: bool, actor: Any
) -> Grant:
    """Set what the grant's recovery claim decisions say about appealing, and whether
    late-payment interest (räntelagen) runs on its overdue recovery claims.

    Whether interest runs is printed in every recovery claim decision, so it no longer
    changes once the grant has one."""
    from repayments.models import Claim, ClaimKind

    if not permissions.is_officer(actor):
        raise PermissionDenied
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    appeal_text = appeal_text.strip()
    if not appeal_text:
        raise ValidationError(
            {
                "appeal_text": _(
                    "Write whether and how a recovery decision in this grant can be appealed."
                )
            }
        )
    before = {
        "appeal_text": grant.recovery_appeal_text,
        "late_interest_applies": grant.late_interest_applies,
    }
    after = {"appeal_text": appeal_text, "late_interest_applies": late_interest_applies}
    if before == after:
        return grant
    if (
        late_interest_applies != grant.late_interest_applies
        and Claim.objects.filter(case__grant=grant, kind=ClaimKind.RECOVERY).exists()
    ):
        raise ValidationError(
            {
                "late_interest_applies": _(
                    "Recovery claims have already been decided in this grant, and their "
                    "decisions say whether interest is charged: this can no longer be changed."
                )
            }
        )
    grant.recovery_appeal_text = appeal_text
    grant.late_interest_applies = late_interest_applies
    grant.save(update_fields=["recovery_appeal_text", "late_interest_applies"])
    audit_record(
        actor=actor,
        action=AuditAction.GRANT_RECOVERY_TERMS_SET,
        target=grant,
        grant=grant,
        data={"before": before, "after": after},
    )
    return grant


def allocation_compute(*, amount: int, dataset: PopulationDataset) -> dict[Region, tuple[int, int]]:
    """{region: (population, amount in öre)} for dividing ``amount`` öre by ``dataset``.

    The division is in whole kronor, as the government's tables are.
    """
    figures = list(dataset.figures.select_related("region"))
    if not figures:
        raise ValidationError(_("The population dataset has no figures."))
    kronor = largest_remainder(
        ore_to_whole_kronor(amount),
        {figure.region.county_code: figure.population for figure in figures},
    )
    return {
        figure.region: (figure.population, kronor_to_ore(kronor[figure.region.county_code]))
        for figure in figures
    }


@transaction.atomic
def allocation_table_adopt(
    *, grant: Grant, dataset: PopulationDataset, actor: Any = None, reason: str = ""
) -> AllocationTable:
    """Compute and freeze the allocation of the grant's regions amount. A table already
    adopted for the grant is superseded by this one (with ``reason``), never changed.

    Only a decided grant gets an allocation: a planned one can be previewed, not adopted.
    The grant then names ``dataset`` as the population figures its allocation uses."""
    grant = Grant.objects.select_for_update().select_related("decision").get(pk=grant.pk)
    decision = grant.decision
    if not decision.is_decided:
        raise ValidationError(
            _(
                "The decision is planned, not yet decided. The allocation can be previewed, "
                "but adopted only once the decision is registered as decided."
            )
        )
    current = (
        AllocationTable.objects.select_for_update()
        .filter(grant=grant, status=AllocationTableStatus.ADOPTED)
        .first()
    )
    if current is not None and not reason.strip():
        raise ValidationError({"reason": _("Give a reason for replacing the adopted allocation.")})
    computed = allocation_compute(amount=decision.regions_amount, dataset=dataset)
    if current is not None:
        current.status = AllocationTableStatus.SUPERSEDED
        current.save(update_fields=["status"])
    dataset_before = grant.population_dataset_id
    if dataset_before != dataset.pk:
        grant.population_dataset = dataset
        grant.save(update_fields=["population_dataset"])
    table = AllocationTable.objects.create(
        grant=grant,
        population_dataset=dataset,
        total_amount=decision.regions_amount,
        status=AllocationTableStatus.ADOPTED,
        adopted_by=actor if getattr(actor, "pk", None) else None,
        supersedes=current,
        reason=reason.strip(),
    )
    Allocation.objects.bulk_create(
        Allocation(table=table, region=region, population=population, amount=amount)
        for region, (population, amount) in computed.items()
    )
    with_case = set(Case.objects.filter(grant=grant).values_list("region_id", flat=True))
    Case.objects.bulk_create(
        Case(grant=grant, region=region) for region in computed if region.pk not in with_case
    )
    audit_record(
        actor=actor,
        action=AuditAction.ALLOCATION_ADOPTED,
        target=table,
        grant=grant,
        reason=reason.strip(),
        records=Allocation.objects.filter(table=table).order_by("pk"),
        data={
            "total_amount": table.total_amount,
            "population_dataset": str(dataset),
            "supersedes": current.pk if current else None,
            "grant_population_dataset": {"before": dataset_before, "after": dataset.pk},
            "amounts": {region.county_code: amount for region, (_p, amount) in computed.items()},
        },
    )
    return table


@transaction.atomic
def allocation_adopt(
    *,
    grant: Grant,
    dataset: PopulationDataset,
    previewed_amount: int,
    reason: str = "",
    actor: Any,
) -> AllocationTable:
    """An officer adopts the allocation previewed: the decision's amount to the regions over
    ``dataset``. Refused if the decision's amount is no longer the one previewed, or if the
    figures do not cover every region; an adopted table is superseded only with a reason."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    grant = Grant.objects.select_for_update().select_related("decision").get(pk=grant.pk)
    if previewed_amount != grant.decision.regions_amount:
        raise ValidationError(
            _(
                "The decision's amount to the regions is %(amount)s, not the amount previewed. "
                "Preview the allocation again before adopting it."
            )
            % {"amount": format_kronor(grant.decision.regions_amount)}
        )
    if not _dataset_is_complete(dataset):
        raise ValidationError(
            {
                "population_dataset": _(
                    "These population figures do not have a figure for every region."
                )
            }
        )
    return allocation_table_adopt(grant=grant, dataset=dataset, actor=actor, reason=reason)


# --- Assigning a case -------------------------------------------------------------------


@transaction.atomic
def case_assign(*, case: Case, officer: Any | None, actor: Any) -> Case:
    """Assign a region's case to an officer (``None``: to nobody). Only officers assign, and
    only to an active officer; the change is logged with who had it before."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    if officer is not None and not (officer.is_active and permissions.is_officer(officer)):
        raise ValidationError({"officer": _("A case can only be assigned to an officer.")})
    case = Case.objects.select_for_update().select_related("grant", "region").get(pk=case.pk)
    new_id = officer.pk if officer is not None else None
    if case.assigned_to_id == new_id:
        return case
    before = case.assigned_to_id
    case.assigned_to = officer
    case.save(update_fields=["assigned_to"])
    audit_record(
        actor=actor,
        action=AuditAction.CASE_ASSIGNED,
        target=case,
        grant=case.grant,
        region=case.region,
        data={
            "before": {"assigned_to": before},
            "after": {
                "assigned_to": new_id,
                "email": officer.email if officer is not None else "",
            },
        },
    )
    return case
