from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin import AuditedAdmin

from .models import LoginAttempt, RegionMembership, User


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
    list_filter = ["is_active", "is_staff", "groups", "memberships__region"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]

    def has_delete_permission(self, request, obj=None):
        # Users who acted are in the record; deactivate them instead.
        return False


@admin.register(RegionMembership)
class RegionMembershipAdmin(AuditedAdmin):
    list_display = ["user", "region", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", "region"]
    search_fields = ["user__email", "user__full_name", "region__name"]
    autocomplete_fields = ["user"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
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


# django-otp's device admins (superusers only) have editable dates and times: same admins,
# labelled boxes.
for device_model, device_admin in (
    (TOTPDevice, TOTPDeviceAdmin),
    (StaticDevice, StaticDeviceAdmin),
):
    admin.site.unregister(device_model)
    admin.site.register(
        device_model,
        type(
            device_admin.__name__,
            (AuditedAdmin, device_admin),
            {"formfield_overrides": {models.DateTimeField: {"widget": LabelledSplitDateTime}}},
        ),
    )


# The staff roles are groups: a change to a group's permissions is audited too.
admin.site.unregister(Group)
admin.site.register(Group, type("GroupAdmin", (AuditedAdmin, DjangoGroupAdmin), {}))
