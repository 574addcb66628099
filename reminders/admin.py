from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import AuditedAdmin, ReadOnlyAdmin

from .models import AgencyStepDone, Announcement, Reminder, ReminderRule, SweepRun


@admin.register(ReminderRule)
class ReminderRuleAdmin(AuditedAdmin):
    """Officers change the rules here: when to remind, of which deadline, and whom."""

    list_display = ["kind", "direction", "days", "audience", "is_active"]
    list_filter = ["kind", "direction", "audience", "is_active"]
    list_editable = ["is_active"]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate a rule instead: reminders already recorded point at it


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    keep_pages = False  # the daily sweep records reminders without an audit event
    list_display = [
        "send_date",
        "kind",
        "recipient",
        "region",
        "grant",
        "status",
        "sent_at",
        "error",
    ]
    list_filter = ["kind", "send_date", "email__status", "grant"]
    search_fields = ["recipient", "target_key", "email__last_error"]
    date_hierarchy = "send_date"
    list_select_related = ["email", "region", "grant"]

    @admin.display(description=_("status"), ordering="email__status")
    def status(self, obj: Reminder) -> str:
        return obj.email.get_status_display()

    @admin.display(description=_("sent"))
    def sent_at(self, obj: Reminder):
        return obj.email.sent_at

    @admin.display(description=_("last error"))
    def error(self, obj: Reminder) -> str:
        return obj.email.last_error[:120]


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyAdmin):
    keep_pages = False  # the daily sweep records its runs without an audit event
    list_display = ["send_date", "started_at", "finished_at", "recorded"]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["published_at", "grant", "title", "published_by"]
    list_filter = ["grant"]
    search_fields = ["title", "body"]


@admin.register(AgencyStepDone)
class AgencyStepDoneAdmin(ReadOnlyAdmin):
    list_display = ["deadline", "done_on", "done_by"]
