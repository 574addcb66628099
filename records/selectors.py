"""Reads of the case record: history and documents for one region's case in one grant."""

import datetime as dt

from django.db import connection
from django.db.models import QuerySet

from .models import AuditEvent, DataVersion, Document


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


def latest_version_statement(scopes: tuple[str, ...]) -> tuple[str, list[str]]:
    """A statement giving the newest version of the given parts of the data
    (records.DataVersion) as one value, and its values: the id of the newest audit event
    that changed any of them, NULL if none has. Written with the event, in its transaction
    and under the chain's lock, so versions, like event ids, become visible in commit order
    (``core.page_cache``)."""
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    marks = ", ".join(["%s"] * len(scopes))
    return f"SELECT MAX(version) FROM {table} WHERE scope IN ({marks})", list(scopes)  # noqa: S608  # nosec B608


def audit_trail(
    *,
    region_id: int | None = None,
    grant_id: int | None = None,
    action: str | None = None,
    actor_id: int | None = None,
    since: dt.datetime | None = None,
    before: dt.datetime | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail, newest first, narrowed by whatever is given (``before`` is exclusive)."""
    events = AuditEvent.objects.select_related("actor", "grant", "region").order_by("-pk")
    if region_id is not None:
        events = events.filter(region_id=region_id)
    if grant_id is not None:
        events = events.filter(grant_id=grant_id)
    if action:
        events = events.filter(action=action)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if since is not None:
        events = events.filter(occurred_at__gte=since)
    if before is not None:
        events = events.filter(occurred_at__lt=before)
    return events


def audit_actors() -> list[tuple[int, str]]:
    """(user id, name and e-mail address) of everyone who has an event in the trail, by name
    (one query, however long the trail)."""
    from accounts.models import User

    users = User.objects.filter(
        pk__in=AuditEvent.objects.filter(actor__isnull=False).values("actor_id")
    ).only("pk", "full_name", "email")
    return sorted(((user.pk, str(user)) for user in users), key=lambda item: item[1].casefold())
