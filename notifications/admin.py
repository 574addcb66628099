from django.contrib import admin

from core.admin import ReadOnlyAdmin
from regions.admin import RegionFilter

from .models import Email


@admin.register(Email)
class EmailAdmin(ReadOnlyAdmin):
    keep_pages = False  # sending changes an e-mail's status without an audit event
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "grant", ("region", RegionFilter)]
    search_fields = ["to", "subject", "key", "last_error"]
    date_hierarchy = "created_at"
