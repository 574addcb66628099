"""Announcements to the regions, the agency's own steps marked done, and the reminder rules."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import RegionMembership
from core import clock
from grants.models import AGENCY_DEADLINE_KINDS, Deadline, Grant
from notifications.services import email_queue
from records.models import AuditAction, Document, DocumentKind
from records.services import audit_record, document_store

from .models import AgencyStepDone, Announcement, Direction, ReminderRule

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_ATTACHMENTS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "text/plain": ".txt",
}


def region_contacts() -> list[str]:
    """Everyone with an active role in a region: every region's contacts."""
    return sorted(
        {
            email.lower()
            for email in RegionMembership.objects.filter(
                is_active=True, user__is_active=True
            ).values_list("user__email", flat=True)
        }
    )


@transaction.atomic
def announcement_publish(
    *,
    grant: Grant,
    title: str,
    body: str,
    attachments: list[tuple[str, str, bytes]],
    actor: Any,
    shown_until: dt.date | None = None,
) -> Announcement:
    """Publish information about a grant to every region: shown on their pages and e-mailed
    to their contacts through the outbox (each contact once). Attachments are (file name,
    content type, content)."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    if not title.strip() or not body.strip():
        raise ValidationError(_("An announcement needs a title and a text."))
    if shown_until is not None and shown_until < clock.today():
        raise ValidationError(
            {"shown_until": _("That day has passed: the regions would never see the notice.")}
        )
    announcement = Announcement.objects.create(
        grant=grant,
        title=title.strip(),
        body=body.strip(),
        published_at=clock.now(),
        published_by=actor,
        shown_until=shown_until,
    )
    for filename, content_type, content in attachments:
        if content_type not in ALLOWED_ATTACHMENTS:
            raise ValidationError({"attachments": _("Attach PDF, Word, Excel or text files only.")})
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"attachments": _("An attachment may be at most 10 MB.")})
        if len(filename) > Document._meta.get_field("filename").max_length:  # type: ignore[operator]
            raise ValidationError(
                {"attachments": _("A file name may be at most 200 characters. Rename the file.")}
            )
        announcement.attachments.add(
            document_store(
                kind=DocumentKind.GUIDANCE,
                title=filename,
                filename=filename,
                content=content,
                content_type=content_type,
                actor=actor,
                grant=grant,
            )
        )
    recipients = region_contacts()
    audit_record(
        actor=actor,
        action=AuditAction.ANNOUNCEMENT_PUBLISHED,
        target=announcement,
        grant=grant,
        data={
            "title": announcement.title,
            "recipients": len(recipients),
            "attachments": len(attachments),
            "shown_until": shown_until.isoformat() if shown_until else None,
        },
    )
    email_queue(
        key=f"announcement:{announcement.pk}",
        to=recipients,
        template="reminders/email/announcement",
        context={"announcement": announcement, "grant": grant, "decision": grant.decision},
        grant=grant,
    )
    return announcement


@transaction.atomic
def agency_step_mark_done(
    *, deadline: Deadline, done_on: dt.date, note: str, actor: Any
) -> AgencyStepDone:
    """Record that the agency has done its own step (no more reminders about it)."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    if deadline.kind not in AGENCY_DEADLINE_KINDS:
        raise ValidationError(_("Only the agency's own deadlines are marked done here."))
    if done_on > clock.today():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    done = agency_step_done_record(deadline=deadline, done_on=done_on, note=note, actor=actor)
    if done is None:
        raise ValidationError(_("This step is already marked done."))
    return done


def agency_step_done_record(
    *, deadline: Deadline, done_on: dt.date, note: str, actor: Any
) -> AgencyStepDone | None:
    """Mark the step done with its audit event, inside the caller's transaction; None when it
    was already done. Also called when the agency's own record shows the step is done."""
    done, created = AgencyStepDone.objects.get_or_create(
        deadline=deadline, defaults={"done_on": done_on, "done_by": actor, "note": note.strip()}
    )
    if not created:
        return None
    audit_record(
        actor=actor,
        action=AuditAction.AGENCY_STEP_DONE,
        target=deadline,
        grant=deadline.grant,
        data={"kind": deadline.kind, "done_on": done_on},
        reason=done.note,
    )
    return done


RULE_FIELDS = ("kind", "direction", "days", "audience", "is_active")
MAX_RULE_DAYS = 365


@transaction.atomic
def reminder_rule_save(
    *,
    rule: ReminderRule | None,
    kind: str,
    direction: str,
    days: int,
    audience: str,
    is_active: bool,
    actor: Any,
) -> ReminderRule:
    """Add a reminder rule (``rule`` None) or change one; a rule is never deleted (reminders
    already recorded name it), it is made inactive. The next daily sweep follows it."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    if rule is not None:
        rule = ReminderRule.objects.select_for_update().get(pk=rule.pk)
    if direction == Direction.AFTER and days < 1:
        raise ValidationError(
            {"days": _("A reminder after a missed deadline comes at least one day after it.")}
        )
    if days > MAX_RULE_DAYS:
        raise ValidationError({"days": _("At most 365 days.")})
    same = ReminderRule.objects.filter(kind=kind, direction=direction, days=days, audience=audience)
    if rule is not None:
        same = same.exclude(pk=rule.pk)
    if same.exists():
        raise ValidationError(
            {"days": _("There is already a rule for this deadline, day and audience.")}
        )
    before = {name: getattr(rule, name) for name in RULE_FIELDS} if rule else None
    if rule is None:
        rule = ReminderRule()
    for name, value in zip(RULE_FIELDS, (kind, direction, days, audience, is_active), strict=True):
        setattr(rule, name, value)
    rule.save()
    audit_record(
        actor=actor,
        action=AuditAction.REMINDER_RULE_ADDED
        if before is None
        else AuditAction.REMINDER_RULE_CHANGED,
        target=rule,
        data={"before": before, "after": {name: getattr(rule, name) for name in RULE_FIELDS}},
    )
    return rule
