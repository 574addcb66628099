"""Enrolment links: how a staff member gets their first (or a replacement) authenticator.

A password alone never enrols an authenticator for someone who needs a second factor:
whoever knows it could otherwise put their own phone on the account. An administrator
(or, for the first administrator, an operator on the server) issues a single-use link,
valid ``ENROLMENT_LINK_HOURS``, which is e-mailed to the user. The link works only for
the user it was issued to, once they have logged in with their password; it is marked
used in the transaction that confirms the new authenticator
(:func:`accounts.two_factor.authenticator_add`). Only a SHA-256 hash of its token is kept.
"""

import datetime as dt
import enum
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core import clock
from notifications.services import email_queue
from records.models import AuditAction
from records.services import audit_record

from . import security
from .models import EnrolmentLink, User

TOKEN_BYTES = 32


class LinkState(enum.Enum):
    USABLE = "usable"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_url(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:two_factor_enrol_link", kwargs={"key": token})


def find(token: str) -> EnrolmentLink | None:
    if not token or len(token) > 200:
        return None
    return EnrolmentLink.objects.select_related("user").filter(token_hash=token_hash(token)).first()


def state(link: EnrolmentLink | None) -> LinkState:
    if link is None:
        return LinkState.UNKNOWN
    if link.used_at is not None:
        return LinkState.USED
    if link.revoked_at is not None:
        return LinkState.REVOKED
    if clock.now() >= link.expires_at:
        return LinkState.EXPIRED
    return LinkState.USABLE


def refusal(link_state: LinkState) -> str:
    """Why a link does not work, for the person who followed it."""
    return {
        LinkState.UNKNOWN: _(
            "This enrolment link is not valid. Check that you used the whole link from the "
            "e-mail, or ask an administrator for a new one."
        ),
        LinkState.EXPIRED: _(
            "This enrolment link has expired. Ask an administrator for a new one."
        ),
        LinkState.USED: _(
            "This enrolment link has already been used. Ask an administrator for a new one "
            "if you need to set up another authenticator."
        ),
        LinkState.REVOKED: _(
            "This enrolment link has been replaced by a newer one. Use the link in the latest "
            "e-mail, or ask an administrator for a new one."
        ),
        LinkState.USABLE: "",
    }[link_state]


def may_issue(actor: Any) -> bool:
    """Administrators issue links; ``None`` is an operator on the server (the command)."""
    return actor is None or bool(getattr(actor, "is_superuser", False))


@transaction.atomic
def enrolment_link_issue(*, user: User, actor: Any) -> str:
    """Issue a new enrolment link for ``user``, withdraw their earlier unused ones, record
    it and e-mail it to them. Returns the link (its token is not kept anywhere else)."""
    if not may_issue(actor):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(_("The account %(email)s is deactivated.") % {"email": user.email})
    if not security.is_staff_account(user):
        raise ValidationError(
            _(
                "%(email)s is not Socialstyrelsen staff. Region users set up two-factor login "
                "from their account page."
            )
            % {"email": user.email}
        )
    now = clock.now()
    revoked = EnrolmentLink.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = EnrolmentLink.objects.create(
        user=user,
        token_hash=token_hash(token),
        issued_by=actor,
        issued_at=now,
        expires_at=now + dt.timedelta(hours=settings.ENROLMENT_LINK_HOURS),
    )
    audit_record(
        actor=actor,
        action=AuditAction.ENROLMENT_LINK_ISSUED,
        target=user,
        data={
            "link": link.pk,
            "expires_at": link.expires_at.isoformat(),
            "earlier_links_withdrawn": revoked,
        },
    )
    url = link_url(token)
    email_queue(
        key=f"enrolment-link:{link.pk}",
        to=[user.email],
        template="accounts/email/enrolment_link",
        context={
            "user": user,
            "link": url,
            "expires_at": link.expires_at,
            "issuer": actor,
            "has_password": user.has_usable_password(),
        },
    )
    return url


def link_use(*, link: EnrolmentLink, user: Any) -> None:
    """Mark the link used, inside the transaction that confirms the authenticator. Refuses a
    link that is not ``user``'s or no longer usable (checked again under a row lock)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("link_use() must run inside the enrolment's transaction")
    link = EnrolmentLink.objects.select_for_update().get(pk=link.pk)
    if link.user_id != user.pk:
        raise PermissionDenied
    link_state = state(link)
    if link_state is not LinkState.USABLE:
        raise ValidationError(refusal(link_state))
    link.used_at = clock.now()
    link.save(update_fields=["used_at"])
    audit_record(
        actor=user,
        action=AuditAction.ENROLMENT_LINK_USED,
        target=user,
        data={"link": link.pk, "issued_at": link.issued_at.isoformat()},
    )
