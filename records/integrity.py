"""The records check: every row that holds money or bank details is as its last audit event
says.

The services record, in the audit event of every change, the state of each such row they
wrote (``AuditEvent.records``: the fields below, by row). :func:`records_breaks` replays the
trail and compares each table with it, so a row changed, added or deleted behind the
services (with the database's guards switched off, or in a restored copy) is named with
what changed. The events are HMAC-chained, so the recorded states cannot be rewritten to
match.
"""

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model

# For each table with money or bank details: the fields whose every change is recorded.
TRACKED: dict[str, tuple[str, ...]] = {
    "grants.allocation": ("table_id", "region_id", "amount"),
    "requisitions.requisition": (
        "case_id",
        "status",
        "allocation_amount",
        "amount",
        "account_type",
        "account_number",
        "organisation_number",
        "signatory_name",
        "signatory_title",
        "submitted_by_id",
    ),
    "requisitions.paymentdecision": ("requisition_id", "amount", "decided_by_id"),
    "requisitions.disbursement": (
        "payment_decision_id",
        "amount",
        "payment_date",
        "payee_name",
        "organisation_number",
        "account_type",
        "account_number",
        "reference",
        "released_by_id",
        "payment_file_id",
    ),
    "requisitions.paymentfile": ("payment_date", "payment_count", "total_amount"),
    "reports.reportversion": (
        "report_id",
        "number",
        "amount_received",
        "amount_used",
        "amount_unused",
        "period_from",
        "period_to",
    ),
    "repayments.claim": (
        "case_id",
        "kind",
        "ground",
        "initial_amount",
        "amount",
        "due_date",
        "ocr",
    ),
    "repayments.claimadjustment": ("claim_id", "amount"),
    "repayments.referencerate": ("starts_on", "rate_bp"),
    "repayments.banktransaction": ("bank_import_id", "booked_on", "amount", "reference"),
    "repayments.repayment": ("claim_id", "amount", "status", "bank_transaction_id"),
    "reporting.agencyrequisition": (
        "grant_id",
        "requisitioned_on",
        "amount",
        "reference",
        "corrects_id",
    ),
    "reporting.administrationcost": ("grant_id", "incurred_on", "amount", "corrects_id"),
    "reporting.agencyrepayment": ("grant_id", "repaid_on", "amount", "reference"),
}


def _json(value: Any) -> Any:
    """As the value comes back from the event's JSON."""
    if isinstance(value, dt.date | dt.datetime):
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return value


def row_key(label: str, pk: Any) -> str:
    return f"{label}:{pk}"


def snapshot(instance: Model) -> tuple[str, dict[str, Any]] | None:
    """The recorded state of a tracked row, or None for a table that is not tracked."""
    label = instance._meta.label_lower
    fields = TRACKED.get(label)
    if fields is None:
        return None
    return row_key(label, instance.pk), {name: _json(getattr(instance, name)) for name in fields}


def snapshots(instances: Iterable[Model | None]) -> dict[str, dict[str, Any]]:
    recorded: dict[str, dict[str, Any]] = {}
    for instance in instances:
        if instance is None:
            continue
        taken = snapshot(instance)
        if taken is not None:
            recorded[taken[0]] = taken[1]
    return recorded


@dataclass(frozen=True)
class RecordBreak:
    key: str
    message: str


def records_breaks() -> Iterator[RecordBreak]:
    """Each tracked row that differs from, or is missing in, what the trail last recorded."""
    from .models import AuditEvent

    recorded: dict[str, tuple[int, dict[str, Any]]] = {}
    events = AuditEvent.objects.exclude(records={}).order_by("pk")
    for event_id, written in events.values_list("pk", "records").iterator(chunk_size=2000):
        for key, state in written.items():
            recorded[key] = (event_id, state)
    for label, fields in TRACKED.items():
        model = apps.get_model(label)
        name = str(model._meta.verbose_name)
        for row in model.objects.order_by("pk").values("pk", *fields).iterator(chunk_size=2000):
            key = row_key(label, row["pk"])
            state = {field: _json(row[field]) for field in fields}
            last = recorded.pop(key, None)
            if last is None:
                yield RecordBreak(
                    key, f"{name} {row['pk']} is not in the audit trail: it was added behind it"
                )
                continue
            event_id, was = last
            differences = [
                f"{field} is {state[field]!r} but event {event_id} recorded {was.get(field)!r}"
                for field in fields
                if state[field] != was.get(field)
            ]
            if differences:
                yield RecordBreak(
                    key,
                    f"{name} {row['pk']} was changed behind the services: "
                    + "; ".join(differences),
                )
    for key, (event_id, _state) in sorted(recorded.items()):
        label, _, pk = key.rpartition(":")
        if label in TRACKED:
            name = str(apps.get_model(label)._meta.verbose_name)
            yield RecordBreak(key, f"{name} {pk}, recorded by event {event_id}, has been deleted")
