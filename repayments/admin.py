"""Claims, repayments and bank files in the admin site: read-only, since money changes only
through services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, amount_column
from regions.admin import RegionFilter

from .models import (
    BankImport,
    BankTransaction,
    Claim,
    ClaimAdjustment,
    ReferenceRate,
    Repayment,
)


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "ground", "ocr", "due_date", "amount_kronor"]
    list_filter = ["kind", "ground", "case__grant", ("case__region", RegionFilter)]
    search_fields = ["ocr", "case__region__name"]
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(ClaimAdjustment)
class ClaimAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["claim", "cause", "created_at", "created_by", "amount_kronor"]
    list_filter = ["cause", "claim__case__grant", ("claim__case__region", RegionFilter)]
    search_fields = ["claim__ocr", "claim__case__region__name"]
    amount_kronor = amount_column("amount", _("change"))


@admin.register(Repayment)
class RepaymentAdmin(ReadOnlyAdmin):
    list_display = ["received_on", "reference", "payer", "status", "amount_kronor", "claim"]
    list_filter = ["status", "flag_reason"]
    search_fields = ["reference", "payer", "claim__ocr"]
    date_hierarchy = "received_on"
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(BankImport)
class BankImportAdmin(ReadOnlyAdmin):
    list_display = ["filename", "uploaded_at", "uploaded_by", "confirmed_at", "confirmed_by"]
    search_fields = ["filename"]


@admin.register(BankTransaction)
class BankTransactionAdmin(ReadOnlyAdmin):
    list_display = ["bank_import", "line_number", "booked_on", "reference", "amount_kronor"]
    search_fields = ["reference", "payer", "bank_id"]
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(ReferenceRate)
class ReferenceRateAdmin(ReadOnlyAdmin):
    list_display = ["starts_on", "rate_bp", "source", "entered_at", "corrected_at"]
