"""Reads for the ombud application's pages and the officers' inbox."""

from typing import Any

from django.db.models import QuerySet

from accounts.models import RegionMembership, RegionRole

from .models import OPEN_STATUSES, ApplicationStatus, MandateDocument, OmbudApplication


def applications_of(user: Any) -> QuerySet[OmbudApplication]:
    return (
        OmbudApplication.objects.filter(applicant=user)
        .select_related("region")
        .order_by("-submitted_at", "-pk")
    )


def applications_for_review(*, open_only: bool = False) -> QuerySet[OmbudApplication]:
    """Every application, the ones waiting for a decision first."""
    applications = OmbudApplication.objects.select_related("region", "applicant", "decided_by")
    if open_only:
        applications = applications.filter(status__in=OPEN_STATUSES)
    return applications.order_by("region__county_code", "-submitted_at", "-pk")


def applications_waiting() -> QuerySet[OmbudApplication]:
    """Received (or completed) and not yet decided: the officers' inbox."""
    return (
        OmbudApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("region")
        .order_by("submitted_at", "pk")
    )


def application_with_records(pk: int) -> OmbudApplication:
    """The application with its documents and decisions (three queries)."""
    return (
        OmbudApplication.objects.select_related("region", "applicant", "decided_by")
        .prefetch_related("documents__attachment", "decisions__decided_by", "decisions__document")
        .get(pk=pk)
    )


def document(application: OmbudApplication, number: int) -> MandateDocument:
    return MandateDocument.objects.select_related("attachment").get(
        application=application, number=number
    )


def current_ombud(region: Any) -> list[RegionMembership]:
    """The region's active ombud (one, unless the data predates the application)."""
    return list(
        RegionMembership.objects.filter(region=region, role=RegionRole.ADMIN, is_active=True)
        .select_related("user")
        .order_by("pk")
    )
