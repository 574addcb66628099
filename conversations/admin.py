"""Messages in the admin site: read-only (they are written only by the service)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from regions.admin import RegionFilter

from .models import Message, MessageAttachment, MessageRead


class MessageAttachmentInline(ReadOnlyInline):
    model = MessageAttachment
    fields = ["number", "attachment"]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["case", "side", "author", "sent_at"]
    list_filter = ["side", "case__grant__year", ("case__region", RegionFilter)]
    inlines = [MessageAttachmentInline]


@admin.register(MessageAttachment)
class MessageAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["message", "number", "attachment"]


@admin.register(MessageRead)
class MessageReadAdmin(ReadOnlyAdmin):
    list_display = ["message", "user", "read_at"]
    # Read markers are written without an audit event: the list is built every time.
    keep_pages = False
