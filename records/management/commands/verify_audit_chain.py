"""Check the audit trail: its hash chain and the anchors of its head outside the database."""

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser, no_translations
from django.utils import timezone

from core.commands import OperatorCommand
from records.anchors import anchors_read, log_path
from records.models import AuditEvent
from records.services import audit_trail_breaks


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a moment in ISO 8601, e.g. 2026-03-01T02:00+01:00"
        ) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(OperatorCommand):
    help = (
        "Verify that no audit event was changed, deleted or added behind the services, against "
        "the anchors in AUDIT_ANCHOR_LOG. Exits 1 and names each break."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=_moment,
            help=(
                "Compare with the anchors written up to this moment only (ISO 8601, e.g. "
                "2026-03-01T02:00+01:00): for a backup taken then (docs/operations.md)."
            ),
        )

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        as_of = options.get("as_of")
        breaks = audit_trail_breaks(as_of=as_of)
        if breaks:
            for broken in breaks:
                self.stderr.write(f"- {broken.message}")
            first = next((b.event_id for b in breaks if b.event_id is not None), None)
            where = f" at event {first} " if first is not None else " "
            raise CommandError(
                f"The audit chain is broken{where}({len(breaks)} problem(s)): {breaks[0].message}."
            )
        anchors, _problems = anchors_read()
        if as_of is not None:
            kept = [a for a in anchors if dt.datetime.fromisoformat(a.anchored_at) <= as_of]
            if len(kept) < len(anchors):
                self.stdout.write(
                    f"{len(anchors) - len(kept)} anchor(s) written after {as_of.isoformat()} "
                    "are left out: they name events this copy cannot hold."
                )
            anchors = kept
        events = AuditEvent.objects.count()
        self.stdout.write(f"The audit chain holds: {events} events.")
        if anchors:
            newest = anchors[-1]
            self.stdout.write(
                f"It agrees with all {len(anchors)} anchors in {log_path()}; the newest, "
                f"{newest.anchored_at}, names event {newest.event_id}."
            )
        else:
            self.stdout.write(
                f"No anchor is written yet ({log_path()}): events deleted from the end "
                "could not be seen."
            )
