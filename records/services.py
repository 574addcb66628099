"""Writing to the audit trail. Called by every service that changes status or money,
inside that service's transaction, so the change and its record commit together."""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model

from core import assurance
from core.page_cache import changed_scopes

from .anchors import anchor_breaks
from .chain import GENESIS_HASH, Break, chain_breaks, signing_key_id
from .integrity import snapshots
from .models import AuditAction, AuditEvent, DataVersion, Document

# Serialises writers of the hash chain on PostgreSQL (an arbitrary, fixed lock key).
_CHAIN_LOCK_KEY = 7_301_995_001


class AuditOutsideTransaction(RuntimeError):
    """An audit event was written outside the transaction of the change it records."""


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    return str(actor)


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    target: Model,
    grant: Any = None,
    region: Any = None,
    data: dict[str, Any] | None = None,
    reason: str = "",
    records: Iterable[Model | None] = (),
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's ``transaction.atomic()``.

    The state of the target and of each of ``records`` that holds money or bank details
    (records/integrity.py) is written into the event, for the records check.
    """
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction("audit_record() must run inside the change's transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
    login = assurance.for_actor(actor)
    if login is not None:
        # An act in a session logged in with e-ID names the login's assurance level (acr).
        data = {**(data or {}), "assurance": login}
    event = AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        action=str(action),
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        grant=grant,
        region=region,
        data=data or {},
        records=snapshots([target, *records]),
        reason=reason,
        prev_hash=last or GENESIS_HASH,
        key_id=signing_key_id(),
    )
    # Round-trip the details through JSON now so the hash matches what the database returns.
    event.data = _json_roundtrip(event.data)
    event.records = _json_roundtrip(event.records)
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    _versions_move(event, grant=grant, region=region)
    return event


def _versions_move(event: AuditEvent, *, grant: Any, region: Any) -> None:
    """The parts of the data the event's change touches now have the event's id as their
    version: the kept pages that show them are built afresh (core.page_cache)."""
    scopes = changed_scopes(
        grant_year=getattr(grant, "year", None), region_id=getattr(region, "pk", None)
    )
    DataVersion.objects.bulk_create(
        [DataVersion(scope=scope, version=event.pk) for scope in scopes],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["version"],
    )


def _json_roundtrip(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def audit_chain_first_break() -> AuditEvent | None:
    """The first event whose link, hash or key does not hold, or None if the chain itself
    holds. (Whether events are missing after the newest one is for the anchors to say:
    :func:`audit_trail_breaks`.)"""
    first = next(chain_breaks(), None)
    if first is None or first.event_id is None:
        return None
    return AuditEvent.objects.filter(pk=first.event_id).first()


def audit_trail_breaks(*, as_of: dt.datetime | None = None) -> list[Break]:
    """Everything wrong with the audit trail: the chain's links, hashes and keys, and what the
    anchors outside the database (up to ``as_of``) show is missing or rewritten."""
    return [*chain_breaks(), *anchor_breaks(as_of=as_of)]


def document_store(
    *,
    kind: str,
    title: str,
    filename: str,
    content: bytes,
    actor: Any,
    grant: Any = None,
    region: Any = None,
    content_type: str = "application/pdf",
) -> Document:
    """Keep an issued document with its case. Must run inside the issuing transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction("document_store() must run inside the issuing transaction")
    return Document.objects.create(
        kind=kind,
        title=title,
        filename=filename,
        content=content,
        content_type=content_type,
        sha256=hashlib.sha256(content).hexdigest(),
        grant=grant,
        region=region,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
