"""The reports in the admin site: read-only, since reports change only through services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ReadOnlyInline, amount_column
from regions.admin import RegionFilter

from .models import CompletionRequest, Report, ReportPurpose, ReportVersion


class ReportPurposeInline(ReadOnlyInline):
    model = ReportPurpose
    fields = ["purpose", "amount_kronor", "description"]
    readonly_fields = ["amount_kronor"]
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["case", "status", "submitted_at", "approved_at", "used_kronor"]
    list_filter = ["status", "case__grant", ("case__region", RegionFilter)]
    search_fields = ["case__region__name", "certifier_name"]
    used_kronor = amount_column("amount_used", _("amount used"))
    inlines = [ReportPurposeInline]


@admin.register(ReportPurpose)
class ReportPurposeAdmin(ReadOnlyAdmin):
    list_display = ["report", "purpose", "amount_kronor"]
    list_filter = ["purpose", "report__case__grant"]
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = ["report", "number", "submitted_at", "submitted_by", "is_late", "used_kronor"]
    list_filter = ["is_late", "report__case__grant", ("report__case__region", RegionFilter)]
    date_hierarchy = "submitted_at"
    used_kronor = amount_column("amount_used", _("amount used"))


@admin.register(CompletionRequest)
class CompletionRequestAdmin(ReadOnlyAdmin):
    list_display = ["report", "requested_at", "requested_by"]
    list_filter = ["report__case__grant"]
