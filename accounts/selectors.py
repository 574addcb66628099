"""Reads about users and roles."""

from django.db.models import QuerySet

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
