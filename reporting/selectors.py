"""Reads for the agency's own reporting (fixed numbers of queries)."""

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import connection
from django.db.models import Max
from django.http import Http404

from grants.models import Deadline, Decision, DecisionStatus, Grant
from grants.selectors import grant_for_year
from records.models import AuditEvent

from .models import AdministrationCost, AgencyRepayment, AgencyRequisition, MinistryReport
from .timeline import hand_written_sql, loaded, table_name

E = TypeVar("E", AgencyRequisition, AdministrationCost)


GRANT_FIELDS = ("id", "decision_id", "year")
DECISION_FIELDS = ("id", "status", "regions_amount")


def decided_grant(year: int) -> Grant:
    """The decided grant of ``year`` (or Http404) with only what the overview shows of it and
    its decision (the rest is deferred), in one hand-written statement: building the page is
    a few milliseconds, and the ORM's compiling of a query is a large part of that."""
    if not hand_written_sql():
        return grant_for_year(year, decided_only=True)
    statement = (
        f"SELECT g.id, g.decision_id, g.year, d.id, d.status, d.regions_amount"  # noqa: S608  # nosec B608
        f" FROM {table_name(Grant)} g JOIN {table_name(Decision)} d ON d.id = g.decision_id"
        f" WHERE g.year = %s AND d.status = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [year, DecisionStatus.DECIDED])
        row = cursor.fetchone()
    if row is None:
        raise Http404("no decided grant for that year")
    grant = loaded(Grant, GRANT_FIELDS, row[:3])
    grant.decision = loaded(Decision, DECISION_FIELDS, row[3:])
    return grant


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
