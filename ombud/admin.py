"""Ombud applications in the admin site: read-only (they change only through services)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from regions.admin import RegionFilter

from .models import MandateDocument, OmbudApplication, OmbudDecision


class MandateDocumentInline(ReadOnlyInline):
    model = MandateDocument
    fields = ["number", "attachment", "note", "submitted_at"]


class OmbudDecisionInline(ReadOnlyInline):
    model = OmbudDecision
    fields = ["kind", "message", "decided_by", "decided_at", "document"]


@admin.register(OmbudApplication)
class OmbudApplicationAdmin(ReadOnlyAdmin):
    list_display = ["region", "full_name", "email", "status", "submitted_at", "decided_at"]
    list_filter = ["status", ("region", RegionFilter)]
    search_fields = ["full_name", "email"]
    inlines = [MandateDocumentInline, OmbudDecisionInline]


@admin.register(MandateDocument)
class MandateDocumentAdmin(ReadOnlyAdmin):
    list_display = ["application", "number", "submitted_at"]


@admin.register(OmbudDecision)
class OmbudDecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "kind", "decided_by", "decided_at"]
    list_filter = ["kind"]
