"""The secret addresses of the calendar feeds (docs/calendar.md).

A calendar application fetches a feed without a session, so the address itself is the
credential: ``/kalender/<token>.ics``. A user has at most one working address per feed: a
region user one for each region they act for, an officer one for the agency's feed. Only a
SHA-256 hash of the token is kept, so the address is shown once, when it is made; renewing
it withdraws the old one in the same transaction. Whether an address still works is decided
at every request (:func:`feed_for_token`): the user must be active and still hold the role
(an active membership of the region; the officer role). A region role that ends also
withdraws the addresses for that region, so they do not come back with a later role.
"""

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import clock
from records.models import AuditAction
from records.services import audit_record

from .models import CalendarToken, RegionMembership, User
from .permissions import is_officer

TOKEN_BYTES = 32
# secrets.token_urlsafe(32) gives 43 characters; anything much longer is not a token.
MAX_TOKEN_LENGTH = 100
AGENCY_FEED = "agency"


@dataclass(frozen=True)
class Feed:
    """One feed a user may subscribe to: their region's (``region`` set) or the agency's."""

    region: Any = None  # regions.Region

    @property
    def key(self) -> str:
        """How the page names the feed in its forms: the county code, or "agency"."""
        return self.region.county_code if self.region is not None else AGENCY_FEED


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def feeds_for(user: Any) -> list[Feed]:
    """The feeds ``user`` may have now: one per region they act for, and the agency's for an
    officer. Nothing for an auditor or an inactive user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    feeds = [
        Feed(membership.region)
        for membership in RegionMembership.objects.filter(user=user, is_active=True)
        .select_related("region")
        .order_by("region__county_code")
    ]
    if is_officer(user):
        feeds.append(Feed(None))
    return feeds


def open_tokens(user: Any) -> dict[str, CalendarToken]:
    """The user's working addresses, by feed key."""
    return {
        (token.region.county_code if token.region is not None else AGENCY_FEED): token
        for token in CalendarToken.objects.filter(
            user=user, revoked_at__isnull=True
        ).select_related("region")
    }


def _holds_role(user: User, region_id: int | None) -> bool:
    if not user.is_active:
        return False
    if region_id is None:
        return is_officer(user)
    return RegionMembership.objects.filter(user=user, region_id=region_id, is_active=True).exists()


def feed_for_token(token: str) -> CalendarToken | None:
    """The address this token opens, if it still works: not withdrawn, its user active and
    still in the role the feed is for. Anything else is None (the view answers 404)."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        return None
    found = (
        CalendarToken.objects.select_related("user", "region")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if found is None or not _holds_role(found.user, found.region_id):
        return None
    return found


@transaction.atomic
def calendar_address_issue(*, user: User, feed: Feed, actor: Any) -> str:
    """Make a new address for one of ``user``'s feeds, withdrawing the one they had, and
    record it. Returns the token (kept nowhere else). Only the user makes their own."""
    if getattr(actor, "pk", None) != user.pk:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    region_id = feed.region.pk if feed.region is not None else None
    if not _holds_role(user, region_id):
        raise PermissionDenied
    now = clock.now()
    withdrawn = CalendarToken.objects.filter(
        user=user, region=feed.region, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    address = CalendarToken.objects.create(
        user=user, region=feed.region, token_hash=token_hash(token), created_at=now
    )
    audit_record(
        actor=actor,
        action=AuditAction.CALENDAR_ADDRESS_ISSUED,
        target=user,
        region=feed.region,
        data={"address": address.pk, "feed": feed.key, "renewed": bool(withdrawn)},
    )
    return token


def calendar_addresses_withdraw(*, user: User, region: Any, actor: Any, reason: str) -> int:
    """Withdraw ``user``'s working addresses for ``region``'s feed, inside the caller's
    transaction (a region role that ends), with its record. Returns how many."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("calendar_addresses_withdraw() must run inside a transaction")
    withdrawn = list(
        CalendarToken.objects.select_for_update()
        .filter(user=user, region=region, revoked_at__isnull=True)
        .values_list("pk", flat=True)
    )
    if not withdrawn:
        return 0
    CalendarToken.objects.filter(pk__in=withdrawn).update(revoked_at=clock.now())
    audit_record(
        actor=actor,
        action=AuditAction.CALENDAR_ADDRESS_WITHDRAWN,
        target=user,
        region=region,
        data={"addresses": withdrawn, "feed": region.county_code},
        reason=reason,
    )
    return len(withdrawn)
