"""Reads of the case record: history and documents for one region's case in one grant."""

from django.db.models import QuerySet

from .models import AuditEvent, Document


def case_history(grant_id: int, region_id: int) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(grant_id=grant_id, region_id=region_id)
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )


def case_documents(grant_id: int, region_id: int) -> QuerySet[Document]:
    return (
        Document.objects.filter(grant_id=grant_id, region_id=region_id)
        .defer("content")
        .order_by("created_at", "pk")
    )
