from typing import Any

from django.contrib import admin
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, amount_column
from grants.admin import recent_grants_filter
from grants.models import Case
from regions.admin import RegionFilter

from .models import Disbursement, PaymentDecision, PaymentFile, Requisition


@admin.register(Requisition)
class RequisitionAdmin(ReadOnlyAdmin):
    list_display = [
        "case_shown",
        "status",
        "submitted_at",
        "amount_kronor",
        "is_late",
        "updated_at",
    ]
    list_filter = [
        "status",
        "is_late",
        recent_grants_filter("case__grant"),
        ("case__region", RegionFilter),
    ]
    search_fields = [
        "case__region__name",
        "=case__grant__year",
        "region_reference",
        "contact_name",
        "contact_email",
        "diarienummer",
    ]
    # No date hierarchy: its links grow by one a year, and the grant filter and a search
    # for the grant's year find a year's requisitions.
    # Twenty rows a page, the newest first: the page costs the same however many there are.
    list_per_page = 20
    amount_kronor = amount_column("amount", _("amount"))

    def get_queryset(self, request: Any) -> QuerySet[Requisition]:
        # The list reads only what its columns show, the case as its region's name and its
        # grant's year beside each requisition (not a case, a region and a grant instance
        # per row); a requisition's own page reads it whole.
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
            queryset = queryset.only(*LIST_COLUMNS).annotate(
                region_name=F("case__region__name"), grant_year=F("case__grant__year")
            )
        return queryset

    @admin.display(description=Case._meta.verbose_name, ordering="case")
    def case_shown(self, requisition: Any) -> str:
        if not hasattr(requisition, "region_name"):  # read some other way: the case itself
            return str(requisition.case)
        return Case.label(requisition.region_name, requisition.grant_year)


# What the list shows of a requisition besides its case: state, dates, amount.
LIST_COLUMNS = ("case_id", "status", "submitted_at", "amount", "is_late", "updated_at")


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
