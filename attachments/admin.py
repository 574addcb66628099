"""Attachments in the admin site: read-only (they are written once, by services)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["filename", "size", "sha256", "uploaded_by", "uploaded_at"]
    search_fields = ["filename", "sha256"]
    date_hierarchy = "uploaded_at"
