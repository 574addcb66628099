from typing import Any

from django.contrib import admin

from core import sql
from core.admin import AuditedAdmin, ReadOnlyAdmin

from .models import PopulationDataset, PopulationFigure, PopulationImport, Region


class RegionFilter(admin.RelatedFieldListFilter):
    """Django's filter by region (the same parameter, choices and checks), its 21 choices read
    as (key, name) pairs in county-code order by one statement instead of as region
    instances through a query built anew for every list page."""

    def field_choices(self, field: Any, request: Any, model_admin: Any) -> Any:
        meta = Region._meta
        return sql.rows(
            f"SELECT id, {sql.column(meta, 'name')} FROM {sql.table(meta)}"  # noqa: S608  # nosec B608
            f" ORDER BY {sql.column(meta, 'county_code')}"
        )


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = [
        "county_code",
        "name",
        "short_name",
        "organisation_number",
        "organisation_number_confirmed",
    ]
    list_filter = ["organisation_number_confirmed"]
    search_fields = ["name", "short_name", "county_code", "organisation_number"]
    readonly_fields = ["county_code"]

    def has_delete_permission(self, request, obj=None):
        return False


class PopulationFigureInline(admin.TabularInline):
    model = PopulationFigure
    extra = 0
    can_delete = False
    fields = ["region", "population"]


@admin.register(PopulationDataset)
class PopulationDatasetAdmin(AuditedAdmin):
    list_display = ["name", "source", "reference_date", "created_at"]
    search_fields = ["name", "source"]
    date_hierarchy = "reference_date"
    inlines = [PopulationFigureInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PopulationFigure)
class PopulationFigureAdmin(AuditedAdmin):
    list_display = ["dataset", "region", "population"]
    list_filter = ["dataset", ("region", RegionFilter)]
    search_fields = ["region__name"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PopulationImport)
class PopulationImportAdmin(ReadOnlyAdmin):
    """Uploaded files of population figures; confirmed on the officers' pages, never here."""

    list_display = ["filename", "status", "uploaded_at", "uploaded_by", "dataset"]
    list_filter = ["status"]
    search_fields = ["filename", "sha256"]
    exclude = ["content"]
