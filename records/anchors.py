"""Anchors: the audit chain's head, written outside the database.

A keyed chain shows any event that was changed, and a deleted event in the middle. It
cannot show the newest events deleted, or the whole table emptied: what is left still
verifies. So the head (the newest event's id and hash, and the number of events) is written,
with an HMAC made with the audit key, as one line to an append-only file
(``AUDIT_ANCHOR_LOG``) that the database's roles cannot reach, and to the log
(``statsbidrag.audit``). It is written every day (the daily sweep) and whenever a payment
file is made, and it is printed on the payment files, in the officers' daily digest and in
the report to the ministry, so that copies also live on paper and in other systems.

:func:`anchor_breaks` compares the chain with every anchor: an anchored event that is gone
or has another hash is named, and so are events missing after the newest one that is left.
"""

import datetime as dt
import json
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from core import clock

from .chain import Break, Head, UnknownKey, canonical, head, mac, signing_key_id

logger = logging.getLogger("statsbidrag.audit")


@dataclass(frozen=True)
class Anchor:
    anchored_at: str  # ISO 8601, aware
    event_id: int
    hash: str
    events: int
    reason: str
    key_id: str
    mac: str

    def signed_part(self) -> dict[str, object]:
        values = asdict(self)
        del values["mac"]
        return values

    @property
    def short_hash(self) -> str:
        return self.hash[:16]


def log_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_LOG)


def anchor_write(*, reason: str, at: Head | None = None) -> Anchor | None:
    """Append the chain's head (or ``at``) to the anchor log. Returns None for an empty chain.

    The head read here is committed: events get their ids while holding the chain's lock
    until their transaction commits, so no earlier id can still appear.
    """
    current = at or head()
    if current is None:
        return None
    key_id = signing_key_id()
    unsigned = {
        "anchored_at": clock.now().isoformat(timespec="seconds"),
        "event_id": current.event_id,
        "hash": current.hash,
        "events": current.events,
        "reason": reason,
        "key_id": key_id,
    }
    anchor = Anchor(**unsigned, mac=mac(canonical(unsigned), key_id=key_id))  # type: ignore[arg-type]
    line = (json.dumps(asdict(anchor), sort_keys=True) + "\n").encode("utf-8")
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # One write of one short line with O_APPEND: processes writing at once never interleave.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, line)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    logger.info("Audit anchor (%s): %s", reason, line.decode("utf-8").strip())
    return anchor


def anchor_or_log(reason: str, *, at: Head | None = None) -> None:
    """Anchor the head (or ``at``); a failure is logged, not raised (what it would have
    covered is committed already, and the next anchor covers it)."""
    try:
        anchor_write(reason=reason, at=at)
    except OSError:
        logger.exception("The audit chain could not be anchored (%s)", reason)


def anchor_printed(printed: Head | None) -> None:
    """A head printed on a report is anchored too, so the copy can be checked against it."""
    if printed is not None:
        anchor_or_log("report to the ministry", at=printed)


def anchor_after_commit(reason: str) -> Callable[[], None]:
    """For ``transaction.on_commit``: anchor the head a committed change made."""
    return lambda: anchor_or_log(reason)


def anchors_read() -> tuple[list[Anchor], list[Break]]:
    """The anchors in the log, oldest first, and what is wrong with any line of it."""
    path = log_path()
    if not path.exists():
        return [], []
    anchors: list[Anchor] = []
    problems: list[Break] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            anchor = Anchor(**json.loads(raw))
        except (ValueError, TypeError):
            problems.append(Break(None, f"line {number} of the anchor log is not an anchor"))
            continue
        try:
            valid = mac(canonical(anchor.signed_part()), key_id=anchor.key_id) == anchor.mac
        except UnknownKey:
            problems.append(
                Break(None, f"line {number} of the anchor log names an unknown key {anchor.key_id}")
            )
            continue
        if not valid:
            problems.append(Break(None, f"line {number} of the anchor log was altered"))
            continue
        anchors.append(anchor)
    return anchors, problems


def newest_anchor() -> Anchor | None:
    anchors, _problems = anchors_read()
    return anchors[-1] if anchors else None


def anchor_breaks(*, as_of: dt.datetime | None = None) -> Iterator[Break]:
    """What the anchors show is missing or rewritten in the chain. ``as_of`` leaves out the
    anchors written after it: for a backup restored from that moment, which cannot hold the
    events written since."""
    from .models import AuditEvent

    anchors, problems = anchors_read()
    if as_of is not None:
        anchors = [a for a in anchors if dt.datetime.fromisoformat(a.anchored_at) <= as_of]
    yield from problems
    if not anchors:
        return
    hashes = dict(
        AuditEvent.objects.filter(pk__in={a.event_id for a in anchors}).values_list("pk", "hash")
    )
    newest_id = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    for anchor in anchors:
        found = hashes.get(anchor.event_id)
        if found is None:
            continue  # reported below, once, as missing events
        if found != anchor.hash:
            yield Break(
                anchor.event_id,
                f"event {anchor.event_id} has another hash than the anchor of "
                f"{anchor.anchored_at} recorded: the chain was rewritten",
            )
    newest = anchors[-1]
    if newest_id is None or newest_id < newest.event_id:
        first_missing = (newest_id or 0) + 1
        yield Break(
            first_missing,
            f"events {first_missing}–{newest.event_id} are missing: the anchor of "
            f"{newest.anchored_at} names event {newest.event_id} "
            f"({newest.events} events), the newest event left is "
            f"{newest_id if newest_id is not None else 'none (the trail is empty)'}",
        )
    else:
        for anchor in anchors:
            if anchor.event_id not in hashes:
                yield Break(
                    anchor.event_id,
                    f"event {anchor.event_id}, anchored on {anchor.anchored_at}, is missing",
                )
