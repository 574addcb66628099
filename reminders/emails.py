"""Writing reminders and the digest when they are sent (see notifications.renderers).

A reminder whose step the region has completed since it was recorded is not sent."""

from typing import Any

from django.conf import settings
from django.db.models import Q

from core import clock
from grants.models import Case, CaseStatus
from notifications.renderers import Rendered
from notifications.services import render_email
from records.anchors import newest_anchor
from repayments.models import ClaimKind
from requisitions.services import requisition_is_open

from .digest import digest_for
from .models import Direction, Reminder, ReminderKind
from .sweep import claims_outstanding, paid_cases, reported_cases, requisitioned_cases


def _reminder(key: str) -> Reminder:
    return Reminder.objects.select_related(
        "rule", "deadline", "claim", "grant__decision", "region"
    ).get(email__key=key)


def still_owed(reminder: Reminder, case: Case) -> tuple[bool, int]:
    """Whether the region still has the step to do, and any amount it owes for it (öre)."""
    if case.status == CaseStatus.CLOSED:
        return False, 0
    if reminder.kind == ReminderKind.REQUISITION:
        return case.pk not in requisitioned_cases([case.pk]), 0
    if reminder.kind == ReminderKind.REPORT:
        return case.pk in paid_cases([case.pk]) and case.pk not in reported_cases([case.pk]), 0
    if reminder.kind == ReminderKind.REPAYMENT:
        owed = sum(
            o for _c, o in claims_outstanding(Q(kind=ClaimKind.REPORTED, case=case)).values()
        )
        return owed > 0, owed
    if reminder.kind == ReminderKind.RECOVERY_CLAIM and reminder.claim_id:
        owed = sum(o for _c, o in claims_outstanding(Q(pk=reminder.claim_id)).values())
        return owed > 0, owed
    return False, 0


def render_reminder(args: dict[str, Any]) -> Rendered | None:
    reminder = _reminder(args["key"])
    case = (
        reminder.claim.case
        if reminder.claim_id and reminder.claim
        else Case.objects.select_related("grant__decision", "region").get(
            grant=reminder.grant, region=reminder.region
        )
    )
    owed, amount = still_owed(reminder, case)
    if not owed:
        return None
    days = abs((reminder.due_date - reminder.send_date).days) if reminder.due_date else 0
    after = reminder.rule is not None and reminder.rule.direction == Direction.AFTER
    claim = reminder.claim
    context = {
        "reminder": reminder,
        "kind": reminder.kind,
        "grant": case.grant,
        "decision": case.grant.decision,
        "region": case.region,
        "due_date": reminder.due_date,
        "days": days,
        "after": after,
        "amount": amount,
        "claim": claim,
        "ocr": claim.ocr if claim else _reported_ocr(case),
        "bankgiro": settings.AGENCY_BANKGIRO,
        "requisition_open": reminder.kind == ReminderKind.REQUISITION
        and requisition_is_open(case, clock.now()),
    }
    return render_email("reminders/email/region_reminder", context)


def _reported_ocr(case: Case) -> str:
    claim = case.claims.filter(kind=ClaimKind.REPORTED).first()
    return claim.ocr if claim else ""


def render_digest(args: dict[str, Any]) -> Rendered | None:
    reminder = _reminder(args["key"])
    digest = digest_for(reminder.send_date)
    if digest.is_empty:
        return None
    return render_email(
        "reminders/email/digest",
        {"digest": digest, "day": reminder.send_date, "anchor": newest_anchor()},
    )
