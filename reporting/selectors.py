"""Reads for the agency's own reporting (fixed numbers of queries)."""

import datetime as dt

from django.db.models import Max

from grants.models import Deadline, Grant
from records.models import AuditEvent

from .models import AdministrationCost, AgencyRequisition, MinistryReport


def last_recorded_change(grant: Grant) -> dt.datetime | None:
    """When the last audit event about the grant was written: the state a report describes.

    Reports carry this time instead of the time they were generated, so the same data
    gives the same document.
    """
    return AuditEvent.objects.filter(grant=grant).aggregate(last=Max("occurred_at"))["last"]


def agency_requisitions(grant: Grant) -> list[AgencyRequisition]:
    return list(
        AgencyRequisition.objects.filter(grant=grant)
        .select_related("created_by")
        .order_by("requisitioned_on", "pk")
    )


def administration_costs(grant: Grant) -> list[AdministrationCost]:
    return list(
        AdministrationCost.objects.filter(grant=grant)
        .select_related("created_by")
        .order_by("incurred_on", "pk")
    )


def ministry_report(grant: Grant) -> MinistryReport | None:
    return MinistryReport.objects.filter(grant=grant).select_related("updated_by").first()


def deadline(grant: Grant, kind: str) -> Deadline | None:
    return Deadline.objects.filter(grant=grant, kind=kind).first()
