from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin import AuditedAdmin, ReadOnlyAdmin, SiteAdmin
from regions.admin import RegionFilter

from . import enrolment, two_factor
from .models import CalendarToken, EnrolmentLink, LoginAttempt, RegionMembership, User


class MembershipInline(admin.TabularInline):
    model = RegionMembership
    extra = 0
    fields = ["region", "role", "is_active", "created_at"]
    readonly_fields = ["created_at"]
    can_delete = False


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "groups", ("memberships__region", RegionFilter)]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "personnummer_masked"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone", "personnummer_masked"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    actions = ["send_enrolment_link"]

    @admin.display(description=_("personal identity number"))
    def personnummer_masked(self, obj: User) -> str:
        # Masked here too, for administrators and auditors alike (docs/security.md).
        return obj.personnummer_masked or "–"

    def has_delete_permission(self, request, obj=None):
        # Users who acted are in the record; deactivate them instead.
        return False

    def has_enrolment_link_permission(self, request: Any) -> bool:
        return bool(request.user.is_superuser)

    @admin.action(
        description=_("Send an enrolment link for two-factor login"),
        permissions=["enrolment_link"],
    )
    def send_enrolment_link(self, request: Any, queryset: Any) -> None:
        for user in queryset:
            try:
                enrolment.enrolment_link_issue(user=user, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("An enrolment link is sent to %(email)s.") % {"email": user.email},
                    messages.SUCCESS,
                )


@admin.register(RegionMembership)
class RegionMembershipAdmin(AuditedAdmin):
    list_display = ["user", "region", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", ("region", RegionFilter)]
    search_fields = ["user__email", "user__full_name", "region__name"]
    autocomplete_fields = ["user"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoginAttempt)
class LoginAttemptAdmin(SiteAdmin):
    list_display = ["at", "email", "ip_address", "succeeded", "locked"]
    list_filter = ["succeeded", "locked"]
    search_fields = ["email", "ip_address"]
    date_hierarchy = "at"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date-and-time input with a label on each of its two boxes (Django's own
    leaves them unlabelled, which axe reports under WCAG 1.3.1 and 4.1.2)."""

    template_name = "core/widgets/split_datetime.html"


class SecondFactorAdmin(AuditedAdmin):
    """django-otp's device admins, for superusers: a device is looked at or deleted (a lost
    phone), never added or changed here, which would put a known key on someone's account
    behind their back. A deletion goes through :func:`accounts.two_factor.authenticator_remove`
    (its audit event and the e-mail to the user); one's own devices are managed on the
    account page, with a fresh code. The keys and recovery codes are never shown
    (``OTP_ADMIN_HIDE_SENSITIVE_DATA``); the dates have labelled boxes."""

    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return bool(request.user.is_superuser) and (obj is None or obj.user_id != request.user.pk)

    def delete_model(self, request: Any, obj: Any) -> None:
        two_factor.authenticator_remove(device=obj, actor=request.user)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for device in queryset.select_related("user"):
            two_factor.authenticator_remove(device=device, actor=request.user)


for device_model, device_admin in (
    (TOTPDevice, TOTPDeviceAdmin),
    (StaticDevice, StaticDeviceAdmin),
):
    admin.site.unregister(device_model)
    admin.site.register(
        device_model, type(device_admin.__name__, (SecondFactorAdmin, device_admin), {})
    )


@admin.register(EnrolmentLink)
class EnrolmentLinkAdmin(ReadOnlyAdmin):
    """Issued from the user list (an action) or with ``manage.py issue_enrolment_link``."""

    keep_pages = False  # whether a link still works changes with the time of day
    list_display = ["user", "issued_at", "expires_at", "used_at", "revoked_at", "issued_by"]
    list_filter = ["issued_at", "used_at", "revoked_at"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "issued_by", "issued_at", "expires_at", "used_at", "revoked_at"]
    list_select_related = ["user", "issued_by"]


# The staff roles are groups: a change to a group's permissions is audited too.
admin.site.unregister(Group)
admin.site.register(Group, type("GroupAdmin", (AuditedAdmin, DjangoGroupAdmin), {}))


@admin.register(CalendarToken)
class CalendarTokenAdmin(ReadOnlyAdmin):
    """Made and renewed by each user on their calendar page; only a hash is kept."""

    keep_pages = False
    list_display = ["user", "region", "created_at", "revoked_at"]
    list_filter = ["created_at", "revoked_at"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "region", "created_at", "revoked_at"]
    list_select_related = ["user", "region"]
