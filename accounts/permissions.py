"""Every permission question in one place.

Predicates answer "may this user do this to this region's data?"; ``regions_visible_to``
and friends filter querysets by region. Views, admin, exports and services all ask here,
so a rule changes in one place. A user's roles are read once per request and cached on
the user object.
"""

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import QuerySet

from core.sql import column, prepared_raw

from .models import RegionMembership, RegionRole
from .roles import StaffRole

if TYPE_CHECKING:
    from regions.models import Region

SUBMIT_ROLES = frozenset({RegionRole.ADMIN, RegionRole.SUBMITTER})
PREPARE_ROLES = frozenset({RegionRole.ADMIN, RegionRole.SUBMITTER, RegionRole.PREPARER})
# Who invites and removes whom (DOMAIN.md, the agency's table): the ombud (region admin)
# representatives and preparers, a representative (submitter) preparers. Nobody invites an
# ombud: the ombud is appointed by an approved ombud application (ombud.services).
MANAGED_ROLES: dict[str, frozenset[str]] = {
    RegionRole.ADMIN: frozenset({RegionRole.SUBMITTER, RegionRole.PREPARER}),
    RegionRole.SUBMITTER: frozenset({RegionRole.PREPARER}),
    RegionRole.PREPARER: frozenset(),
}


def _staff_roles(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_staff_roles_cache", None)
    if cached is None:
        cached = frozenset(
            user.groups.filter(name__in=StaffRole.values).values_list("name", flat=True)
        )
        user._staff_roles_cache = cached
    return cached


def region_roles(user: Any) -> dict[int, str]:
    """{region_id: role} for the user's active memberships."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_region_roles_cache", None)
    if cached is None:
        cached = dict(
            RegionMembership.objects.filter(user=user, is_active=True).values_list(
                "region_id", "role"
            )
        )
        user._region_roles_cache = cached
    return cached


@functools.cache
def _region_statement() -> str:
    from regions.models import Region

    quote = connection.ops.quote_name
    region = Region._meta
    membership = RegionMembership._meta
    return (
        f"SELECT r.*, (SELECT m.{column(membership, 'role')}"  # noqa: S608  # nosec B608
        f" FROM {quote(membership.db_table)} m"
        f" WHERE m.{column(membership, 'region')} = r.id"
        f" AND m.{column(membership, 'user')} = %s"
        f" AND m.{column(membership, 'is_active')}) AS role_of_user"
        f" FROM {quote(region.db_table)} r"
        f" WHERE r.{column(region, 'county_code')} = %s"
    )


def region_with_role(user: Any, county_code: str) -> "Region | None":
    """The region with this county code, or None; the user's active role in it is read in the
    same query and answers ``region_role`` for that region for the rest of the request.
    (Every region page starts here; the statement is written out once, as building it
    through the ORM on every request costs more than a query.)"""
    from regions.models import Region

    region = next(
        iter(prepared_raw(Region, _region_statement(), [getattr(user, "pk", None), county_code])),
        None,
    )
    if region is not None and getattr(user, "is_authenticated", False):
        known = getattr(user, "_region_role_known", None)
        if known is None:
            known = user._region_role_known = {}
        known[region.pk] = region.role_of_user  # type: ignore[attr-defined]
    return region


def forget_cached_roles(user: Any) -> None:
    for attribute in (
        "_staff_roles_cache",
        "_region_roles_cache",
        "_region_menu_cache",
        "_region_role_known",
    ):
        if hasattr(user, attribute):
            delattr(user, attribute)


def is_officer(user: Any) -> bool:
    return StaffRole.OFFICER in _staff_roles(user)


def is_auditor(user: Any) -> bool:
    return StaffRole.AUDITOR in _staff_roles(user)


def is_agency_staff(user: Any) -> bool:
    """Officers and auditors: they see every region."""
    return bool(_staff_roles(user))


def is_region_user(user: Any) -> bool:
    return bool(region_roles(user))


def _region_id(region: "Region | int") -> int:
    return region if isinstance(region, int) else region.pk


def region_role(user: Any, region: "Region | int") -> str | None:
    known = getattr(user, "_region_role_known", None)
    if (
        known
        and _region_id(region) in known
        and getattr(user, "_region_roles_cache", None) is None
        and user.is_active
    ):
        return known[_region_id(region)]
    return region_roles(user).get(_region_id(region))


def can_view_region(user: Any, region: "Region | int") -> bool:
    return is_agency_staff(user) or region_role(user, region) is not None


def can_prepare_for_region(user: Any, region: "Region | int") -> bool:
    """Fill in drafts for the region (every region role)."""
    return region_role(user, region) in PREPARE_ROLES


def can_submit_for_region(user: Any, region: "Region | int") -> bool:
    """Submit requisitions and reports in the region's name."""
    return region_role(user, region) in SUBMIT_ROLES


def roles_managed_by(user: Any, region: "Region | int") -> frozenset[str]:
    """The region roles ``user`` may give, change and remove in ``region``."""
    role = region_role(user, region)
    return MANAGED_ROLES.get(role, frozenset()) if role else frozenset()


def can_manage_region_users(user: Any, region: "Region | int") -> bool:
    """Sees the region's users page: someone who may invite or remove anyone."""
    return bool(roles_managed_by(user, region))


def can_manage_role(user: Any, region: "Region | int", role: str) -> bool:
    return role in roles_managed_by(user, region)


def can_apply_for_ombud(user: Any) -> bool:
    """Any active, logged-in person who is not Socialstyrelsen staff (docs/ombud.md)."""
    return getattr(user, "is_authenticated", False) and user.is_active and not is_agency_staff(user)


def can_view_ombud_application(user: Any, application: Any) -> bool:
    """The applicant and the agency's staff (the mandate document is the applicant's)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_agency_staff(user) or application.applicant_id == user.pk


def can_view_document(user: Any, document: Any) -> bool:
    """A region's documents to that region and agency staff; guidance sent to every region
    to every region user; the agency's own files to agency staff only."""
    from records.models import DocumentKind

    if document.region_id:
        return can_view_region(user, document.region_id)
    if document.kind == DocumentKind.GUIDANCE:
        return is_agency_staff(user) or is_region_user(user)
    return is_agency_staff(user)


def regions_visible_to(user: Any) -> "QuerySet[Region]":
    from regions.models import Region

    if is_agency_staff(user):
        return Region.objects.all()
    return Region.objects.filter(pk__in=list(region_roles(user)))


def regions_in_menu(user: Any) -> list[tuple[str, str]]:
    """(county code, name) of each region the user sees (``regions_visible_to``), in county
    code order, for the header's menu: a region user's are read with the user when it is
    loaded (accounts/backends.py), otherwise asked."""
    cached = None if is_agency_staff(user) else getattr(user, "_region_menu_cache", None)
    if cached is None:
        cached = list(
            regions_visible_to(user).order_by("county_code").values_list("county_code", "name")
        )
        if not is_agency_staff(user):
            user._region_menu_cache = cached
    return cached


def filter_by_region(queryset: QuerySet, user: Any, field: str = "region") -> QuerySet:
    """Narrow any region-scoped queryset to what the user may see."""
    if is_agency_staff(user):
        return queryset
    return queryset.filter(**{f"{field}__in": list(region_roles(user))})


def role_labels(user: Any) -> Iterable[str]:
    """Human-readable roles for the page header."""
    from regions.models import Region

    labels = [str(StaffRole(role).label) for role in sorted(_staff_roles(user))]
    roles = region_roles(user)
    if roles:
        names = dict(Region.objects.filter(pk__in=list(roles)).values_list("pk", "name"))
        labels += [f"{RegionRole(role).label}, {names[pk]}" for pk, role in roles.items()]
    return labels
