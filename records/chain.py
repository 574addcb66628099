"""The audit trail's hash chain: keyed hashes, the chain's head, and the check.

Each event's hash is an HMAC-SHA-256, with a key from the environment (``AUDIT_KEYS``),
over the previous event's hash and the event's own content, and the event names its key
(``key_id``) so that keys can be rotated: new events use the first key; the others still
verify the events they made. Somebody who can write to the database but has no key can
neither change an event nor recompute the chain after it so that it verifies.

What a key cannot show is the newest events being deleted, or the table emptied: the chain
that is left still verifies. Its head is therefore anchored outside the database
(records/anchors.py) and the check compares the chain with the anchors.

Events written before the chain was keyed have no key id and a plain SHA-256 hash. They are
accepted only before the first keyed event.
"""

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS_HASH = "0" * 64


def keys() -> dict[str, bytes]:
    """The audit keys by id, the signing key first."""
    configured: dict[str, bytes] = settings.AUDIT_KEYS
    if not configured:
        raise ImproperlyConfigured("AUDIT_KEYS must name at least one key (docs/security.md).")
    return configured


def signing_key_id() -> str:
    return next(iter(keys()))


class UnknownKey(LookupError):
    """An event or an anchor names a key this installation does not have."""


def mac(payload: bytes, *, key_id: str) -> str:
    try:
        key = keys()[key_id]
    except KeyError:
        raise UnknownKey(key_id) from None
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def canonical(value: dict[str, Any]) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def event_hash(prev_hash: str, fields: dict[str, Any], *, key_id: str) -> str:
    payload = canonical({"prev": prev_hash, **fields})
    if not key_id:  # an event from before the chain was keyed
        return hashlib.sha256(payload).hexdigest()
    return mac(payload, key_id=key_id)


@dataclass(frozen=True)
class Head:
    """The newest event: what an anchor records."""

    event_id: int
    hash: str
    events: int


def head() -> Head | None:
    from .models import AuditEvent

    newest = AuditEvent.objects.order_by("-pk").values_list("pk", "hash").first()
    if newest is None:
        return None
    return Head(event_id=newest[0], hash=newest[1], events=AuditEvent.objects.count())


@dataclass(frozen=True)
class Break:
    """Where the chain does not hold, in words."""

    event_id: int | None
    message: str


def chain_breaks() -> Iterator[Break]:
    """Every event whose link, hash or key does not hold, in order. An edited event fails its
    own hash; a deleted one breaks the next event's link."""
    from .models import AuditEvent

    expected_prev = GENESIS_HASH
    keyed_seen = False
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            yield Break(
                event.pk,
                f"event {event.pk} does not follow the event before it: that one was changed "
                "or deleted",
            )
        elif not event.key_id and keyed_seen:
            yield Break(event.pk, f"event {event.pk} has no key after keyed events")
        else:
            try:
                if event.compute_hash() != event.hash:
                    yield Break(event.pk, f"event {event.pk} was changed after it was written")
            except UnknownKey as unknown:
                yield Break(event.pk, f"event {event.pk} names a key this server lacks: {unknown}")
        keyed_seen = keyed_seen or bool(event.key_id)
        expected_prev = event.hash
