"""Changes to who may do what. Each is one transaction with its audit event."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from notifications.services import email_queue
from records.models import AuditAction
from records.services import audit_record

from .calendar import calendar_addresses_withdraw
from .models import RegionMembership, RegionRole, User
from .permissions import (
    can_manage_region_users,
    can_manage_role,
    forget_cached_roles,
    is_agency_staff,
)
from .roles import StaffRole
from .selectors import active_admin_count


@transaction.atomic
def user_ensure(*, email: str, full_name: str = "", phone: str = "") -> User:
    """The user with this e-mail address, created (without a usable password) if new."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name, phone=phone)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def staff_role_grant(*, user: User, role: StaffRole | str, actor: Any = None) -> None:
    role = StaffRole(role)
    group, _created = Group.objects.get_or_create(name=role.value)
    if user.groups.filter(pk=group.pk).exists():
        return
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    forget_cached_roles(user)
    audit_record(
        actor=actor, action=AuditAction.STAFF_ROLE_GRANTED, target=user, data={"role": role.value}
    )


@transaction.atomic
def officer_appoint(*, email: str, full_name: str = "", actor: Any = None) -> tuple[User, bool]:
    """Make the person with this address an officer: a new account (without a password) or a
    promoted one, with the role's audit event. Returns the user and whether they are new.

    A region user stays a region user: agency staff and the regions' people are separate
    accounts, as in :func:`region_user_invite`.
    """
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None and not full_name.strip():
        raise ValidationError(_("Give the new officer's full name."))
    if existing is not None and not existing.is_active:
        raise ValidationError(_("The account %(email)s is deactivated.") % {"email": email})
    if existing is not None and RegionMembership.objects.filter(user=existing).exists():
        raise ValidationError(
            _(
                "%(email)s has a role in a region. Socialstyrelsen's staff need an account "
                "of their own."
            )
            % {"email": email}
        )
    user = existing or user_ensure(email=email, full_name=full_name.strip())
    staff_role_grant(user=user, role=StaffRole.OFFICER, actor=actor)
    return user, existing is None


@transaction.atomic
def membership_set(
    *, user: User, region: Any, role: RegionRole | str, actor: Any = None, active: bool = True
) -> RegionMembership:
    """Give ``user`` ``role`` in ``region`` (or change or deactivate it), with its record."""
    role = RegionRole(role)
    membership = (
        RegionMembership.objects.select_for_update().filter(user=user, region=region).first()
    )
    before = None
    if membership is None:
        membership = RegionMembership(user=user, region=region, role=role, is_active=active)
    else:
        if membership.role == role and membership.is_active == active:
            return membership
        before = {"role": membership.role, "active": membership.is_active}
        membership.role = role
        membership.is_active = active
    membership.save()
    forget_cached_roles(user)
    audit_record(
        actor=actor,
        action=AuditAction.MEMBERSHIP_CHANGED,
        target=membership,
        region=region,
        data={
            "user": user.email,
            "before": before,
            "after": {"role": role.value, "active": active},
        },
    )
    if not active:
        # The role has ended: its calendar address must not work again with a later role.
        calendar_addresses_withdraw(
            user=user, region=region, actor=actor, reason="The region role ended."
        )
    return membership


def activation_link(user: User) -> str:
    """A one-time link to set a password (invalid once the password is set or used to log in)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:activate", kwargs={"uidb64": uid, "token": token})


def role_refusal(role: RegionRole | str) -> str:
    """Why the actor may not give or change ``role`` (DOMAIN.md's table)."""
    if role == RegionRole.ADMIN:
        return _(
            "The ombud is appointed by Socialstyrelsen after an ombud application. "
            "Nobody can be invited as ombud, and the ombud's role is not changed here."
        )
    if role == RegionRole.SUBMITTER:
        return _("Only the region's ombud invites and removes representatives.")
    return _("Only the region's ombud and representatives invite and remove preparers.")


@transaction.atomic
def region_user_invite(
    *, region: Any, email: str, full_name: str, role: RegionRole | str, actor: Any
) -> RegionMembership:
    """The ombud (or a representative, for preparers) gives a person a role in their region
    and e-mails them a link to set a password (DOMAIN.md's table: permissions.MANAGED_ROLES).
    Nobody is invited as ombud: that takes an approved ombud application."""
    if not can_manage_region_users(actor, region):
        raise PermissionDenied
    if not can_manage_role(actor, region, role):
        raise ValidationError({"role": role_refusal(role)})
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and is_agency_staff(existing):
        raise ValidationError(
            {
                "email": _(
                    "This address belongs to Socialstyrelsen staff and cannot be given a region role."
                )
            }
        )
    if (
        existing is not None
        and RegionMembership.objects.filter(user=existing, region=region, is_active=True).exists()
    ):
        raise ValidationError(
            {
                "email": _(
                    "This person already has a role in the region. Change it in the list instead."
                )
            }
        )
    user = existing or user_ensure(email=email, full_name=full_name.strip())
    if not user.is_active:
        raise ValidationError({"email": _("This account is deactivated. Contact Socialstyrelsen.")})
    membership = membership_set(user=user, region=region, role=role, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.USER_INVITED,
        target=membership,
        region=region,
        data={"user": user.email, "role": RegionRole(role).value, "new_account": existing is None},
    )
    email_queue(
        key=f"invitation:{membership.pk}:{membership.role}:{user.has_usable_password()}",
        to=[user.email],
        template="accounts/email/invitation",
        context={
            "user": user,
            "region": region,
            "role": RegionRole(role).label,
            "inviter": actor,
            "link": None if user.has_usable_password() else activation_link(user),
        },
        region=region,
    )
    return membership


@transaction.atomic
def region_membership_change(
    *, membership: RegionMembership, role: RegionRole | str, active: bool, actor: Any
) -> RegionMembership:
    """The ombud changes a representative's or preparer's role or removes it (deactivates
    it); a representative does so for preparers. The ombud's own role changes only through
    an ombud application; the region always keeps one active ombud."""
    membership = (
        RegionMembership.objects.select_for_update()
        .select_related("user", "region")
        .get(pk=membership.pk)
    )
    if not can_manage_region_users(actor, membership.region):
        raise PermissionDenied
    if not can_manage_role(actor, membership.region, membership.role):
        raise ValidationError(role_refusal(membership.role))
    if not can_manage_role(actor, membership.region, role):
        raise ValidationError({"role": role_refusal(role)})
    loses_admin = (
        membership.is_active
        and membership.role == RegionRole.ADMIN
        and (role != RegionRole.ADMIN or not active)
    )
    if loses_admin and active_admin_count(membership.region_id) <= 1:
        raise ValidationError(_("The region must keep at least one active region admin."))
    return membership_set(
        user=membership.user, region=membership.region, role=role, active=active, actor=actor
    )


@transaction.atomic
def password_reset_request(*, email: str) -> None:
    """E-mail a link to set a new password, if the address belongs to an active account.

    Says nothing about whether it does: the page answers the same either way.
    """
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    email_queue(
        key=f"password-reset:{user.pk}:{user.password[-12:]}:{user.last_login}",
        to=[user.email],
        template="accounts/email/password_reset",
        context={"user": user, "link": activation_link(user)},
    )


@transaction.atomic
def personnummer_bind(*, user: User, personnummer: str, actor: Any = None, how: str) -> User:
    """Connect a verified personnummer to an account, so that the person logs in with e-ID
    (docs/security.md, "The identity model"). ``how`` says what vouched for it: ``"e-id"``
    (the person logged in with e-ID while logged in to this account) or ``"operator"``
    (``create_officer --personnummer`` on the server). A personnummer is on one account at
    most, and an account's is not replaced here."""
    from .personnummer import InvalidPersonnummer, masked, normalise

    try:
        value = normalise(personnummer)
    except InvalidPersonnummer:
        raise ValidationError(
            {"personnummer": _("This is not a valid personal identity number.")}
        ) from None
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.personnummer == value:
        return user
    if user.personnummer:
        raise ValidationError(
            _(
                "The account already has a personal identity number. Ask Socialstyrelsen to change it."
            )
        )
    if User.objects.filter(personnummer=value).exclude(pk=user.pk).exists():
        raise ValidationError(
            {
                "personnummer": _(
                    "This personal identity number belongs to another account. Contact "
                    "Socialstyrelsen."
                )
            }
        )
    user.personnummer = value
    user.save(update_fields=["personnummer"])
    audit_record(
        actor=actor,
        action=AuditAction.PERSONNUMMER_BOUND,
        target=user,
        data={"personnummer": masked(value), "how": how},
    )
    return user
