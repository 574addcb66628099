from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

from core import sql
from core.admin import ReadOnlyAdmin, ReadOnlyInline, amount_column
from regions.admin import RegionFilter

from .models import (
    Allocation,
    AllocationTable,
    Case,
    Deadline,
    Decision,
    Grant,
    PublishedAllocation,
)


class DeadlineInline(ReadOnlyInline):
    model = Deadline
    fields = ["kind", "due_date", "moves_to_next_working_day", "source_text"]


class PublishedAllocationInline(ReadOnlyInline):
    model = PublishedAllocation
    fields = ["region", "printed_name", "population", "share_text", "amount_kronor"]
    readonly_fields = ["amount_kronor"]
    amount_kronor = amount_column("amount", _("amount"))


class AllocationInline(ReadOnlyInline):
    model = Allocation
    fields = ["region", "population", "amount_kronor"]
    readonly_fields = ["amount_kronor"]
    amount_kronor = amount_column("amount", _("amount"))


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["diarienummer", "title", "status", "decided_on", "ministry", "total_kronor"]
    total_kronor = amount_column("total_amount", _("total amount"))
    list_filter = ["status", "ministry", "diarienummer_is_example"]
    search_fields = ["diarienummer", "title"]
    date_hierarchy = "decided_on"
    inlines = [PublishedAllocationInline]


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ["year", "decision", "population_dataset", "created_at"]
    search_fields = ["decision__diarienummer", "decision__title"]
    inlines = [DeadlineInline]


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ["grant", "kind", "due_date", "moves_to_next_working_day", "updated_at"]
    list_filter = ["kind", "grant", "moves_to_next_working_day"]
    search_fields = ["source_text"]


@admin.register(AllocationTable)
class AllocationTableAdmin(ReadOnlyAdmin):
    list_display = [
        "grant",
        "status",
        "population_dataset",
        "total_kronor",
        "adopted_at",
        "adopted_by",
    ]
    total_kronor = amount_column("total_amount", _("amount divided"))
    list_filter = ["status", "grant"]
    inlines = [AllocationInline]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["region", "table", "population", "amount_kronor"]
    amount_kronor = amount_column("amount", _("amount"))
    list_filter = ["table__grant", "table__status", ("region", RegionFilter)]
    search_fields = ["region__name"]


@admin.register(PublishedAllocation)
class PublishedAllocationAdmin(ReadOnlyAdmin):
    list_display = [
        "decision",
        "region",
        "printed_name",
        "population",
        "share_text",
        "amount_kronor",
    ]
    amount_kronor = amount_column("amount", _("amount"))
    list_filter = ["decision"]
    search_fields = ["printed_name", "region__name"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["grant", "region", "status", "closed_at", "created_at"]
    list_filter = ["grant", "status", ("region", RegionFilter)]
    search_fields = ["region__name"]


# How many grants a list's grant filter offers: the newest; an older one is a search for its
# year away (the lists that filter by grant search by its year too).
RECENT_GRANTS = 6


def recent_grants_filter(path: str) -> type[admin.SimpleListFilter]:
    """A list filter by grant (``path`` leads to it) offering the newest ``RECENT_GRANTS``
    grants and the one chosen, read as years only: the filter stays the same size as the
    grants pile up."""

    class RecentGrants(admin.SimpleListFilter):
        title = Grant._meta.verbose_name
        parameter_name = "grant"

        def lookups(self, request: Any, model_admin: Any) -> list[tuple[Any, Any]]:
            meta = Grant._meta
            shown = sql.rows(
                f"SELECT id, {sql.column(meta, 'year')} FROM {sql.table(meta)}"  # noqa: S608  # nosec B608
                f" ORDER BY {sql.column(meta, 'year')} DESC LIMIT %s",
                [RECENT_GRANTS],
            )
            chosen = self.value()
            if (
                chosen
                and chosen.isdigit()
                and len(chosen) <= 18
                and all(str(pk) != chosen for pk, _ in shown)
            ):
                shown += list(Grant.objects.filter(pk=chosen).values_list("pk", "year"))
            return [(str(pk), str(year)) for pk, year in shown]

        def queryset(self, request: Any, queryset: Any) -> Any:
            chosen = self.value()
            if not chosen:
                return queryset
            if not chosen.isdigit() or len(chosen) > 18:
                raise IncorrectLookupParameters(chosen)
            return queryset.filter(**{f"{path}__id": int(chosen)})

    return RecentGrants
