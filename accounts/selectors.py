"""Reads about users and roles."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import RegionMembership, RegionRole, User
from .permissions import SUBMIT_ROLES


def region_contact_emails(region_id: int, roles: frozenset[str] = SUBMIT_ROLES) -> list[str]:
    """E-mail addresses of the region's active users in ``roles`` (default: admins and submitters)."""
    return list(
        RegionMembership.objects.filter(
            region_id=region_id, role__in=roles, is_active=True, user__is_active=True
        )
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def region_members(region_id: int) -> QuerySet[RegionMembership]:
    return (
        RegionMembership.objects.filter(region_id=region_id)
        .select_related("user")
        .order_by("-is_active", "user__full_name", "user__email")
    )


def active_admin_count(region_id: int) -> int:
    return RegionMembership.objects.filter(
        region_id=region_id, role=RegionRole.ADMIN, is_active=True, user__is_active=True
    ).count()


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


@dataclass(frozen=True)
class RoleChange:
    """One audited change of a region role, in words, for the region's user page."""

    at: dt.datetime
    by: str
    user: str
    what: str


def _role_label(code: Any) -> str:
    try:
        return str(RegionRole(code).label)
    except ValueError:
        return str(code)


def _role_change_words(before: Any, after: dict[str, Any]) -> str:
    role = _role_label(after.get("role"))
    if not after.get("active", True):
        if before and before.get("role") != after.get("role"):
            return _("Role %(role)s removed") % {"role": _role_label(before.get("role"))}
        return _("Role %(role)s removed") % {"role": role}
    if not before:
        return _("Given the role %(role)s") % {"role": role}
    if not before.get("active", True):
        return _("Given the role %(role)s again") % {"role": role}
    return _("Role changed from %(before)s to %(after)s") % {
        "before": _role_label(before.get("role")),
        "after": role,
    }


def region_role_history(region_id: int, *, limit: int = 200) -> list[RoleChange]:
    """Every audited change of a role in the region, newest first (one query)."""
    from records.models import AuditAction, AuditEvent

    events = AuditEvent.objects.filter(
        region_id=region_id, action=AuditAction.MEMBERSHIP_CHANGED
    ).order_by("-pk")[:limit]
    return [
        RoleChange(
            at=event.occurred_at,
            by=event.actor_label if event.actor_id else _("Socialstyrelsen (system)"),
            user=str(event.data.get("user", "")),
            what=_role_change_words(event.data.get("before"), event.data.get("after") or {}),
        )
        for event in events
    ]
