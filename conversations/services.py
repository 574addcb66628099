"""Writing on a case's conversation (docs/messages.md).

- ``message_send``: an officer, or one of the region's users (ombud, representative or
  preparer), writes a message with optional files. One transaction: the case is locked, the
  files are stored (``attachments``), the message and its audit event (with the body's and
  each file's SHA-256) are written, and the other side is told by e-mail that a message
  waits. The e-mail carries only a link: never the body, never a file's name.
- ``messages_mark_read``: the user's own read markers for the messages a page showed them.
  Not a change of the case (nothing the case holds changes, and nobody else sees it), so no
  audit event; the markers themselves are kept, never changed or deleted.
"""

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from accounts.roles import StaffRole
from accounts.selectors import region_contact_emails
from attachments.services import attachment_store
from core import clock
from grants.models import Case
from notifications.services import email_queue
from records.models import AuditAction
from records.services import audit_record
from repayments.services import lock_case

from .models import MAX_BODY, MAX_FILES, Message, MessageAttachment, MessageRead, Side

BODY_FIELD = "body"
FILES_FIELD = "attachments"


def side_of(user: Any, case: Case) -> str | None:
    """Which side ``user`` writes for on ``case``: an officer for the agency, a user with a
    role in the case's region for the region; anyone else (an auditor) writes nothing."""
    if permissions.is_officer(user):
        return Side.AGENCY
    if permissions.can_prepare_for_region(user, case.region_id):
        return Side.REGION
    return None


def conversation_url(case: Case, side: str) -> str:
    """The conversation's page as the given side reads it."""
    if side == Side.AGENCY:
        return reverse(
            "conversations:officer",
            kwargs={"year": case.grant.year, "county_code": case.region.county_code},
        )
    return reverse(
        "conversations:region",
        kwargs={"county_code": case.region.county_code, "year": case.grant.year},
    )


def _officer_recipients(case: Case) -> list[str]:
    """The case's officer when it is assigned to an active one; otherwise every officer."""
    assigned = case.assigned_to
    if assigned is not None and assigned.is_active and permissions.is_officer(assigned):
        return [assigned.email]
    return list(
        User.objects.filter(groups__name=StaffRole.OFFICER, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def recipients(case: Case, side: str, actor: Any) -> list[str]:
    """Who is told that a message from ``side`` waits: the other side, never the author."""
    if side == Side.REGION:
        addresses = _officer_recipients(case)
    else:
        addresses = region_contact_emails(case.region_id, roles=permissions.PREPARE_ROLES)
    own = (getattr(actor, "email", "") or "").lower()
    return [address for address in addresses if address.lower() != own]


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({BODY_FIELD: _("Write a message.")})
    if len(body) > MAX_BODY:
        raise ValidationError(
            {
                BODY_FIELD: _("Write at most %(limit)d characters (you wrote %(count)d).")
                % {"limit": MAX_BODY, "count": len(body)}
            }
        )
    return body


@transaction.atomic
def message_send(*, case: Case, body: str, files: Sequence[Any] = (), actor: Any) -> Message:
    """``actor`` writes ``body`` (and ``files``, PDFs) on the case's conversation."""
    case = lock_case(case)
    side = side_of(actor, case)
    if side is None:
        raise PermissionDenied
    body = _clean_body(body)
    files = [file for file in files if file]
    if len(files) > MAX_FILES:
        raise ValidationError(
            {FILES_FIELD: _("Attach at most %(count)d files.") % {"count": MAX_FILES}}
        )
    stored = [attachment_store(file=file, actor=actor, field=FILES_FIELD) for file in files]
    message = Message.objects.create(
        case=case, side=side, author=actor, body=body, sent_at=clock.now()
    )
    links = [
        MessageAttachment.objects.create(message=message, number=number, attachment=attachment)
        for number, attachment in enumerate(stored, start=1)
    ]
    told = recipients(case, side, actor)
    audit_record(
        actor=actor,
        action=AuditAction.MESSAGE_SENT,
        target=message,
        grant=case.grant,
        region=case.region,
        data={
            "side": side,
            "length": len(body),
            "body_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
            "files": [
                {
                    "number": link.number,
                    "attachment": link.attachment.pk,
                    "filename": link.attachment.filename,
                    "size": link.attachment.size,
                    "sha256": link.attachment.sha256,
                }
                for link in links
            ],
            "recipients": len(told),
        },
    )
    # The mail says only that a message waits, with the page's address.
    email_queue(
        key=f"message:{message.pk}",
        to=told,
        template="conversations/email/message_waiting",
        context={
            "case": case,
            "grant": case.grant,
            "region": case.region,
            "from_agency": side == Side.AGENCY,
            "path": conversation_url(case, _other(side)),
        },
        grant=case.grant,
        region=case.region,
    )
    return message


def _other(side: str) -> str:
    return Side.REGION if side == Side.AGENCY else Side.AGENCY


@transaction.atomic
def messages_mark_read(*, messages: Iterable[Message], user: Any) -> int:
    """Mark the given messages read by ``user`` (once each); the number newly marked."""
    if not getattr(user, "pk", None):
        return 0
    now = clock.now()
    wanted = [message.pk for message in messages]
    if not wanted:
        return 0
    known = set(
        MessageRead.objects.filter(user=user, message_id__in=wanted).values_list(
            "message_id", flat=True
        )
    )
    new = [MessageRead(message_id=pk, user=user, read_at=now) for pk in wanted if pk not in known]
    MessageRead.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
