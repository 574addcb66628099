"""Reads for the agency's own reporting (fixed numbers of queries)."""

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Max

from grants.models import Deadline, Grant
from records.models import AuditEvent

from .models import AdministrationCost, AgencyRepayment, AgencyRequisition, MinistryReport

E = TypeVar("E", AgencyRequisition, AdministrationCost)


def last_recorded_change(grant: Grant) -> dt.datetime | None:
    """When the last audit event about the grant was written: the state a report describes.

    Reports carry this time instead of the time they were generated, so the same data
    gives the same document.
    """
    return AuditEvent.objects.filter(grant=grant).aggregate(last=Max("occurred_at"))["last"]


@dataclass(frozen=True)
class Entry(Generic[E]):
    """A requisition or cost as recorded, with its correcting entries (oldest first)."""

    record: E
    corrections: tuple[E, ...] = ()

    @property
    def recorded(self) -> int:
        return self.record.amount

    @property
    def correction(self) -> int:
        return sum(c.amount for c in self.corrections)

    @property
    def amount(self) -> int:
        """What the entry amounts to: as recorded plus its corrections."""
        return self.recorded + self.correction

    @property
    def is_corrected(self) -> bool:
        return bool(self.corrections)


def _entries(rows: list[E]) -> list[Entry[E]]:
    corrections: dict[int, list[E]] = {}
    for row in rows:
        if row.corrects_id is not None:
            corrections.setdefault(row.corrects_id, []).append(row)
    return [
        Entry(row, tuple(sorted(corrections.get(row.pk, []), key=lambda c: (c.created_at, c.pk))))
        for row in rows
        if row.corrects_id is None
    ]


def agency_requisitions(grant: Grant) -> list[Entry[AgencyRequisition]]:
    return _entries(
        list(
            AgencyRequisition.objects.filter(grant=grant)
            .select_related("created_by")
            .order_by("requisitioned_on", "pk")
        )
    )


def administration_costs(grant: Grant) -> list[Entry[AdministrationCost]]:
    return _entries(
        list(
            AdministrationCost.objects.filter(grant=grant)
            .select_related("created_by")
            .order_by("incurred_on", "pk")
        )
    )


def agency_repayments(grant: Grant) -> list[AgencyRepayment]:
    return list(
        AgencyRepayment.objects.filter(grant=grant)
        .select_related("created_by")
        .order_by("repaid_on", "pk")
    )


def ministry_report(grant: Grant) -> MinistryReport | None:
    return MinistryReport.objects.filter(grant=grant).select_related("updated_by").first()


def deadline(grant: Grant, kind: str) -> Deadline | None:
    return Deadline.objects.filter(grant=grant, kind=kind).first()
