from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from regions.admin import RegionFilter

from .models import AuditAction, AuditEvent, DataVersion, Document


class ActionFilter(admin.SimpleListFilter):
    title = _("event")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return AuditAction.choices

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "event", "actor_label", "target_label", "grant", "region"]
    list_filter = [ActionFilter, "grant", ("region", RegionFilter)]
    search_fields = ["actor_label", "target_label", "reason", "hash"]
    date_hierarchy = "occurred_at"

    @admin.display(description=_("event"), ordering="action")
    def event(self, obj: AuditEvent) -> str:
        return obj.action_label


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "title", "grant", "region", "created_by"]
    list_filter = ["kind", "grant", ("region", RegionFilter)]
    search_fields = ["title", "filename", "sha256"]
    date_hierarchy = "created_at"
    exclude = ["content"]
    readonly_fields = ["download"]

    @admin.display(description=_("file"))
    def download(self, obj: Document) -> str:
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>', reverse("records:document", args=[obj.pk]), obj.filename
        )


@admin.register(DataVersion)
class DataVersionAdmin(ReadOnlyAdmin):
    """Which audit event last changed each part of the data (core/page_cache.py)."""

    list_display = ["scope", "version"]
    search_fields = ["scope"]
