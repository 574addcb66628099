"""Attachments in the admin site: read-only (they are written once, by services)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Attachment, AttachmentScan, CaseAttachment, CaseAttachmentWithdrawal


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["filename", "size", "sha256", "uploaded_by", "uploaded_at"]
    search_fields = ["filename", "sha256"]
    date_hierarchy = "uploaded_at"


@admin.register(AttachmentScan)
class AttachmentScanAdmin(ReadOnlyAdmin):
    list_display = ["attachment", "state", "scanned_at", "engine", "signature"]
    list_filter = ["state"]


@admin.register(CaseAttachment)
class CaseAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "attachment", "part", "added_by", "added_at"]
    list_filter = ["part"]


@admin.register(CaseAttachmentWithdrawal)
class CaseAttachmentWithdrawalAdmin(ReadOnlyAdmin):
    list_display = ["link", "withdrawn_by", "withdrawn_at"]
