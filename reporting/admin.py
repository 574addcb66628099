from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, amount_column

from .models import AdministrationCost, AgencyRepayment, AgencyRequisition, MinistryReport


@admin.register(AgencyRequisition)
class AgencyRequisitionAdmin(ReadOnlyAdmin):
    list_display = [
        "grant",
        "requisitioned_on",
        "reference",
        "amount_kronor",
        "corrects",
        "created_by",
    ]
    list_filter = ["grant"]
    search_fields = ["reference"]
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(AdministrationCost)
class AdministrationCostAdmin(ReadOnlyAdmin):
    list_display = ["grant", "incurred_on", "cost_type", "description", "amount_kronor", "corrects"]
    list_filter = ["grant", "cost_type"]
    search_fields = ["description"]
    date_hierarchy = "incurred_on"
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(AgencyRepayment)
class AgencyRepaymentAdmin(ReadOnlyAdmin):
    list_display = ["grant", "repaid_on", "reference", "amount_kronor", "created_by"]
    list_filter = ["grant"]
    search_fields = ["reference"]
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(MinistryReport)
class MinistryReportAdmin(ReadOnlyAdmin):
    list_display = ["grant", "updated_at", "updated_by"]
