"""Loading the logged-in user for a request, with what every request asks of them.

Each request loads its user from the session. The pages then ask the user's staff roles
(a query), their roles in regions (another: every permission check asks it, and the
header's menu lists those regions by county code and name)
and, for the second-factor check, whether they have a confirmed authenticator or recovery
codes (two more) and whether the device the session was verified with is one of them
(django_otp loads it: one more); the admin site asks an administrator's permissions, their
own and their groups' (Django: two more). Loading the user with those answers as subqueries
costs one query instead of up to eight, and the answers are as fresh: they are read in this
request. The statements are written out once (building them through the ORM on every
request costs more than the queries they save).
"""

import functools
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.sql import as_list, column, json_list, prepared_raw
from regions.models import Region

from .models import RegionMembership, User
from .roles import StaffRole

CONFIRMED_DEVICE_ATTRIBUTE = "_confirmed_device_at_load"
# The persistent ids of the user's confirmed devices, read with the user (accounts.middleware).
CONFIRMED_DEVICES_ATTRIBUTE = "_confirmed_devices_at_load"


@functools.cache
def _statement() -> str:
    quote = connection.ops.quote_name
    user = quote(User._meta.db_table)
    groups = User.groups.through._meta
    in_group = quote(groups.db_table)
    group_fk = column(groups, "group")
    user_fk = column(groups, "user")
    group = quote(Group._meta.db_table)
    # SQLite (make run) has no string_agg.
    joined = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    roles = ", ".join(
        f"EXISTS (SELECT 1 FROM {in_group} m JOIN {group} g ON g.id = m.{group_fk}"  # noqa: S608  # nosec B608
        f" WHERE m.{user_fk} = u.id AND g.name = '{role}') AS role_{role}"
        for role in StaffRole.values  # fixed identifiers of our own, no user input
    )
    # "app.model/id,…" of the confirmed authenticators and recovery codes: their persistent
    # ids (django_otp's), which the session names the one the user verified with by.
    devices = " || ',' || ".join(
        f"COALESCE((SELECT {joined}('{model.model_label()}/' || d.id, ',')"  # noqa: S608  # nosec B608
        f" FROM {quote(model._meta.db_table)} d WHERE d.user_id = u.id AND d.confirmed), '')"
        for model in (TOTPDevice, StaticDevice)  # fixed identifiers of our own
    )
    membership = RegionMembership._meta
    region = Region._meta
    # [[region id, role, county code, name], …] of the active memberships: the roles, and
    # what the header's menu lists of those regions.
    region_roles = (
        f"(SELECT {json_list('r.' + column(membership, 'region'), 'r.' + column(membership, 'role'), 'g.' + column(region, 'county_code'), 'g.' + column(region, 'name'))}"  # noqa: S608  # nosec B608
        f" FROM {quote(membership.db_table)} r JOIN {quote(region.db_table)} g"
        f" ON g.id = r.{column(membership, 'region')}"
        f" WHERE r.{column(membership, 'user')} = u.id"
        f" AND r.{column(membership, 'is_active')}) AS region_roles_at_load"
    )
    # "app.codename,…" of an administrator's permissions (what the admin site asks; nobody
    # else is asked, so nobody else's are read).
    every, own = (
        f"(SELECT {joined}(x.app_label || '.' || x.codename, ',')"  # noqa: S608  # nosec B608
        f" FROM ({_permissions_statement(every=every, user='u.id')}) x)"
        for every in (True, False)
    )
    meta = User._meta
    permissions = (
        f"CASE WHEN u.{column(meta, 'is_superuser')} THEN COALESCE({every}, '')"
        f" WHEN u.{column(meta, 'is_staff')} THEN COALESCE({own}, '') END"
    )
    return (
        f"SELECT u.*, {roles}, {devices} AS devices_at_load, {region_roles},"  # noqa: S608  # nosec B608
        f" {permissions} AS permissions_at_load FROM {user} u WHERE u.id = %s"
    )


def _parse_region_roles(loaded: Any) -> tuple[dict[int, str], list[tuple[str, str]]]:
    """{region id: role} and [(county code, name)] in county code order, of the active
    memberships read with the user."""
    memberships = sorted(as_list(loaded), key=lambda membership: membership[2])
    roles = {int(region_id): role for region_id, role, _code, _name in memberships}
    return roles, [(code, name) for _id, _role, code, name in memberships]


@functools.cache
def _permissions_statement(*, every: bool, user: str = "%s") -> str:
    """The (app label, codename) of every permission, or of the user's own and their groups'
    (``user``: the user's id, a parameter unless given)."""
    quote = connection.ops.quote_name
    permission = Permission._meta
    own = User.user_permissions.through._meta
    in_group = User.groups.through._meta
    group_permission = Group.permissions.through._meta
    statement = (
        f"SELECT ct.{quote('app_label')}, p.{quote('codename')}"  # noqa: S608  # nosec B608
        f" FROM {quote(permission.db_table)} p"
        f" JOIN {quote(ContentType._meta.db_table)} ct"
        f" ON ct.id = p.{column(permission, 'content_type')}"
    )
    if every:
        return statement
    return (
        f"{statement} WHERE p.id IN (SELECT o.{column(own, 'permission')}"  # noqa: S608  # nosec B608
        f" FROM {quote(own.db_table)} o WHERE o.{column(own, 'user')} = {user})"
        f" OR p.id IN (SELECT gp.{column(group_permission, 'permission')}"
        f" FROM {quote(group_permission.db_table)} gp JOIN {quote(in_group.db_table)} ug"
        f" ON ug.{column(in_group, 'group')}"
        f" = gp.{column(group_permission, 'group')}"
        f" WHERE ug.{column(in_group, 'user')} = {user})"
    )


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user_id = User._meta.pk.to_python(user_id)
        except Exception:  # a session with a malformed id is simply anonymous
            return None
        user = next(iter(prepared_raw(User, _statement(), [user_id])), None)
        if user is None or not self.user_can_authenticate(user):
            return None
        # Read by accounts.permissions and accounts.security; forgotten when they change.
        user._staff_roles_cache = frozenset(  # type: ignore[attr-defined]
            role for role in StaffRole.values if getattr(user, f"role_{role}")
        )
        roles, menu = _parse_region_roles(user.region_roles_at_load)  # type: ignore[attr-defined]
        user._region_roles_cache = roles  # type: ignore[attr-defined]
        user._region_menu_cache = menu  # type: ignore[attr-defined]
        devices = frozenset(filter(None, user.devices_at_load.split(",")))  # type: ignore[attr-defined]
        setattr(user, CONFIRMED_DEVICE_ATTRIBUTE, bool(devices))
        setattr(user, CONFIRMED_DEVICES_ATTRIBUTE, devices)
        if user.permissions_at_load is not None and user.is_active:  # type: ignore[attr-defined]
            user._perm_cache = set(filter(None, user.permissions_at_load.split(",")))  # type: ignore[attr-defined]
        return user

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        """Django's answer (the user's own permissions and their groups'), in one query."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            with connection.cursor() as cursor:
                cursor.execute(
                    _permissions_statement(every=user_obj.is_superuser),
                    [] if user_obj.is_superuser else [user_obj.pk, user_obj.pk],
                )
                user_obj._perm_cache = {f"{app}.{codename}" for app, codename in cursor.fetchall()}
        return user_obj._perm_cache
