"""The officers' overview of a grant: filters, sorting, charts, a snapshot date and exports.
Officers and auditors; nothing here changes anything."""

import dataclasses
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import StaffRequiredMixin
from core import clock, formats, page_cache
from grants.selectors import grant_for_year

from ..charts import Series, money_bar_chart, progress_step_chart
from ..documents import overview_export
from ..forms import OverviewFilterForm
from ..overview import Step, filter_rows, grant_overview, sort_rows
from ..progress import Milestone, grant_progress
from ..timeline import grant_facts
from .files import file_response


def _amount_columns() -> list[tuple[str, str]]:
    return [
        ("allocated", _("Allocated")),
        ("requisitioned", _("Requisitioned")),
        ("disbursed", _("Paid")),
        ("used", _("Reported used")),
        ("claimed", _("To repay")),
        ("repaid", _("Repaid")),
        ("outstanding", _("Outstanding")),
    ]


def _columns(request: HttpRequest, current: str) -> list[dict[str, Any]]:
    """The table's sortable columns: label, the link that sorts by it (a second click
    reverses the order) and its aria-sort value."""
    columns = [("region", _("Region"), False)]
    columns += [(f"{step}_date", str(label), False) for step, label in Step.choices]
    columns += [(key, label, True) for key, label in _amount_columns()]
    result = []
    for key, label, numeric in columns:
        query = request.GET.copy()
        query.pop("format", None)
        query["sort"] = f"-{key}" if current == key else key
        aria_sort = {key: "ascending", f"-{key}": "descending"}.get(current)
        result.append(
            {
                "label": label,
                "link": {"href": "?" + query.urlencode(), "aria_sort": aria_sort},
                "numeric": numeric,
            }
        )
    return result


def _money_chart(rows: list[Any]) -> Any:
    labels = [_("Allocated"), _("Paid"), _("Reported used"), _("Repaid")]
    fields = ["allocated", "disbursed", "used", "repaid"]
    return money_bar_chart(
        chart_id="money-chart",
        title=_("Money per region"),
        description=_(
            "Bars per region for the amount allocated, paid, reported as used and repaid. "
            "The same figures are in the table below the chart."
        ),
        categories=[row.region_name for row in rows],
        series=[
            Series(label, [getattr(row.figures, name) for row in rows])
            for label, name in zip(labels, fields, strict=True)
        ],
    )


def _progress_chart(progress: Any) -> Any:
    return progress_step_chart(
        chart_id="progress-chart",
        title=_("Progress over time"),
        description=_(
            "How many of the %(count)s regions had reached each step by each date, up to "
            "%(until)s. The same figures are in the table below the chart."
        )
        % {"count": progress.region_count, "until": formats.day(progress.until)},
        dates=progress.dates,
        series=[Series(str(Milestone(m).label), progress.counts[m]) for m in Milestone.values],
        maximum=progress.region_count,
        until=progress.until,
    )


class OverviewView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        return page_cache.serve(
            request, lambda: self._show(request, year), page_cache.grant_page_scopes(year)
        )

    def _show(self, request: HttpRequest, year: int) -> HttpResponse:
        grant = grant_for_year(year, decided_only=True)
        form = OverviewFilterForm(request.GET)
        step = state = as_of = None
        if form.is_valid():
            step = form.cleaned_data["steg"] or None
            state = form.cleaned_data["status"] or None
            as_of = form.cleaned_data["per"]
        sort = request.GET.get("sort", "region")
        fmt = request.GET.get("format")
        # Files are in Swedish whatever the interface language, the ledger's notes too.
        with translation.override("sv" if fmt in ("csv", "xlsx") else translation.get_language()):
            known = grant_facts(grant)
            overview = grant_overview(grant, as_of=as_of, known=known)
        rows = sort_rows(filter_rows(overview.rows, step=step, state=state), sort)
        shown = dataclasses.replace(overview, rows=rows)
        progress = grant_progress(grant, until=as_of or clock.today(), known=known)
        if fmt in ("csv", "xlsx"):
            return file_response(overview_export(shown, progress, fmt))
        export_query = request.GET.copy()
        export_query.pop("format", None)
        return render(
            request,
            "reporting/overview.html",
            {
                "grant": grant,
                "form": form,
                "overview": shown,
                "all_count": len(overview.rows),
                "filtered": len(rows) != len(overview.rows),
                "totals": shown.totals,
                "all_totals": overview.totals,
                "reconciliation": overview.reconciliation,
                "progress": progress,
                "money_chart": _money_chart(rows),
                "progress_chart": _progress_chart(progress),
                "sort": sort,
                "columns": _columns(request, sort),
                "steps": Step.choices,
                "milestones": Milestone.choices,
                "export_query": export_query.urlencode(),
                "today": clock.today(),
            },
        )
