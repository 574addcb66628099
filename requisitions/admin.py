from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, amount_column

from .models import Disbursement, PaymentDecision, PaymentFile, Requisition


@admin.register(Requisition)
class RequisitionAdmin(ReadOnlyAdmin):
    list_display = ["case", "status", "submitted_at", "amount_kronor", "is_late", "updated_at"]
    list_filter = ["status", "is_late", "case__grant", "case__region"]
    list_select_related = ["case__grant", "case__region"]  # what the case column shows
    search_fields = [
        "case__region__name",
        "region_reference",
        "contact_name",
        "contact_email",
        "diarienummer",
    ]
    date_hierarchy = "submitted_at"
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(PaymentDecision)
class PaymentDecisionAdmin(ReadOnlyAdmin):
    list_display = ["requisition", "amount_kronor", "decided_at", "decided_by"]
    list_filter = ["requisition__case__grant", "decided_by"]
    search_fields = ["requisition__case__region__name"]
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = [
        "payee_name",
        "amount_kronor",
        "payment_date",
        "released_by",
        "decided_by",
        "payment_file",
    ]
    list_filter = ["payment_date", "released_by"]
    search_fields = ["payee_name", "reference", "organisation_number"]
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(PaymentFile)
class PaymentFileAdmin(ReadOnlyAdmin):
    list_display = ["payment_date", "payment_count", "total_kronor", "created_at", "created_by"]
    list_filter = ["payment_date"]
    total_kronor = amount_column("total_amount", _("total"))
