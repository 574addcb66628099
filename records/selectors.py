"""Reads of the case record: history and documents for one region's case in one grant."""

from django.db import connection
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


def latest_event_id() -> int:
    """The newest audit event's id: a version of all audited data.

    ``audit_record`` allocates the id while holding the chain's lock until its transaction
    commits, so the ids become visible in commit order: once a change has committed, every
    later reader sees an id at least as high as its event's (``core.page_cache``).
    """
    # Asked on every request for a kept page: written out rather than built by the ORM.
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - our own table name  # nosec B608
        row = cursor.fetchone()
    return row[0] or 0
