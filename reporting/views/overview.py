"""The officers' overview of a grant: filters, sorting, charts, a snapshot date and exports.
Officers and auditors; nothing here changes anything."""

import dataclasses
from collections.abc import Callable
from html import escape
from typing import Any
from urllib.parse import quote_plus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import StaffRequiredMixin
from core import clock, formats, page_cache
from core.templatetags.formatting import day, day_iso, kr

from ..charts import Series, money_bar_chart, progress_step_chart
from ..documents import overview_export
from ..forms import OverviewFilterForm
from ..overview import (
    STEPS,
    Cell,
    Overview,
    Reconciliation,
    Row,
    Step,
    filter_rows,
    grant_overview,
    sort_rows,
    words,
)
from ..progress import Milestone, grant_progress
from ..selectors import decided_grant
from ..timeline import Figures, grant_facts
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


def _header_html(request: HttpRequest, current: str) -> tuple[SafeString, int]:
    """The table's sortable column headings and how many there are: each a link that sorts
    by it (a second click reverses the order), with its aria-sort, written once."""
    columns = [("region", _("Region"), False)]
    columns += [(f"{step}_date", str(label), False) for step, label in Step.choices]
    columns += [(key, label, True) for key, label in _amount_columns()]
    query = request.GET.copy()
    query.pop("format", None)
    # The query is encoded once, with an empty sort where the sort goes (where it was, or
    # last); each heading's link puts its own sort there.
    query["sort"] = ""
    parts = query.urlencode().split("&")
    at = parts.index("sort=")
    cells = []
    for key, label, numeric in columns:
        parts[at] = "sort=" + quote_plus(f"-{key}" if current == key else key)
        aria_sort = {key: "ascending", f"-{key}": "descending"}.get(current)
        numeric_class = ' class="num"' if numeric else ""
        sorted_by = f' aria-sort="{aria_sort}"' if aria_sort else ""
        arrow = {"ascending": "▲", "descending": "▼"}.get(aria_sort or "")
        shown = f' <span aria-hidden="true">{arrow}</span>' if arrow else ""
        href = escape("?" + "&".join(parts))
        cells.append(
            f'<th scope="col"{numeric_class}{sorted_by}><a href="{href}">{escape(label)}{shown}'
            "</a></th>"
        )
    # Every text above is escaped.
    return mark_safe("".join(cells)), len(columns)  # noqa: S308  # nosec


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


# --- the tables, written once --------------------------------------------------------
# The overview shows 21 regions × 12 columns and a progress table of a row per date. A
# template loop costs several times as much per cell as writing the rows here, once, with
# the same filters (day_iso, kr) and every text escaped.


def _cell_html(cell: Cell, overdue: str, word: Callable[[Any], str]) -> str:
    """A step's cell: the state in words, and the date, the note and the warning if any.
    ``word``: a text in the language, escaped (:func:`reporting.overview.words`)."""
    html = f'<strong class="status-overdue">{overdue}:</strong> ' if cell.is_overdue else ""
    html += word(cell.label)
    if cell.day:
        html += f'<br><span class="text-nowrap">{day_iso(cell.day)}</span>'
    note = word(cell.note)
    if note:
        html += f"<br><small>{note}</small>"
    if cell.mark:
        html += f'<br><strong class="status-overdue">{escape(str(cell.mark))}</strong>'
    return html


def _table_html(rows: list[Row], year: int) -> tuple[SafeString, SafeString]:
    """The main table's body and the money chart's table body, a row per region."""
    overdue = escape(_("Overdue"))
    unreconciled_words = escape(_("Does not reconcile"))  # not inside an f-string, for xgettext
    unreconciled = f'<br><strong class="status-overdue">{unreconciled_words}</strong>'
    table, money = [], []
    # Each region's case page: the address of the first with its county code cut off.
    case_link = escape(reverse("repayments:case", args=[year, "01"]).removesuffix("01/"))
    word = words()  # each state's words put into the language and escaped once per table
    for row in rows:
        figures = row.figures
        allocated, disbursed = kr(figures.allocated), kr(figures.disbursed)
        used, repaid = kr(figures.used), kr(figures.repaid)
        outstanding = kr(figures.outstanding)
        if figures.outstanding:
            outstanding = f"<strong>{outstanding}</strong>"
        cells = "".join(
            [f"<td>{_cell_html(row.cells[step], overdue, word)}\n</td>" for step in STEPS]
        )
        name = escape(row.region_name)
        href = f"{case_link}{escape(row.county_code)}/"
        table.append(
            f'\n    <tr>\n      <th scope="row"><a href="{href}">{name}</a>'
            f"{unreconciled if row.problems else ''}</th>\n      {cells}\n"
            f'      <td class="num">{allocated}</td>\n'
            f'      <td class="num">{kr(figures.requisitioned)}</td>\n'
            f'      <td class="num">{disbursed}</td>\n'
            f'      <td class="num">{used}</td>\n'
            f'      <td class="num">{kr(figures.claimed)}</td>\n'
            f'      <td class="num">{repaid}</td>\n'
            f'      <td class="num">{outstanding}</td>\n    </tr>\n    '
        )
        money.append(
            f'<tr><th scope="row">{name}</th><td class="num">{allocated}</td>'
            f'<td class="num">{disbursed}</td><td class="num">{used}</td>'
            f'<td class="num">{repaid}</td></tr>'
        )
    # Every text above is escaped; the rest is numbers, dates and constants.
    return mark_safe("".join(table)), mark_safe("".join(money))  # noqa: S308  # nosec


TOTAL_FIELDS = ("allocated", "requisitioned", "disbursed", "used", "claimed", "repaid")


def _totals_html(totals: Figures, done_counts: list[int] | None = None) -> SafeString:
    """A total row's cells: how many regions have done each step (if given), then the
    money columns."""
    cells: list[str] = [
        format_html("<td>{}</td>", _("%(count)s done") % {"count": count})
        for count in done_counts or []
    ]
    amounts = [kr(getattr(totals, name)) for name in (*TOTAL_FIELDS, "outstanding")]
    cells += [f'<td class="num">{amount}</td>' for amount in amounts]  # numbers only
    return mark_safe("\n      ".join(cells))  # noqa: S308  # nosec


def _progress_html(progress: Any) -> SafeString:
    """The progress chart's table body: a row per date, how many regions had reached each
    milestone by its end."""
    return mark_safe(  # noqa: S308 - dates and counts only  # nosec
        "".join(
            f'<tr><th scope="row" class="text-nowrap">{day_iso(day)}</th>'
            + "".join(f'<td class="num">{int(count)}</td>' for count in counts)
            + "</tr>"
            for day, counts in progress.table
        )
    )


def _sentence(translated: str, **values: Any) -> str:
    """A translated sentence with its values escaped, as ``{% blocktranslate %}`` writes it
    (the message ids the template had, so the same translations)."""
    return translated % {name: escape(str(value)) for name, value in values.items()}


def _reconciliation_html(check: Reconciliation, shown: Overview, all_count: int) -> SafeString:
    """The reconciliation's list items: each check in words, marked ok or overdue; the
    regions paid after the budget year among the rows shown."""
    year = shown.grant.year
    items: list[tuple[str, str]] = []
    if check.allocation_matches_decision:
        items.append(
            (
                ' class="status-ok"',
                _sentence(
                    _(
                        "The regions' allocations add up to %(total)s, the amount the decision "
                        "gives the regions."
                    ),
                    total=kr(check.allocated),
                ),
            )
        )
    else:
        items.append(
            (
                ' class="status-overdue"',
                _sentence(
                    _(
                        "The regions' allocations add up to %(total)s, but the decision gives the "
                        "regions %(decided)s."
                    ),
                    total=kr(check.allocated),
                    decided=kr(check.decision_regions_amount),
                ),
            )
        )
    items.append(
        (
            "",
            _sentence(
                _(
                    "Requisitioned %(requisitioned)s + lapsed or not yet requisitioned %(lapsed)s "
                    "= allocated %(allocated)s."
                ),
                requisitioned=kr(check.requisitioned),
                lapsed=kr(check.lapsed),
                allocated=kr(check.allocated),
            ),
        )
    )
    money = {
        "paid": kr(check.disbursed),
        "used": kr(check.accepted_used),
        "claimed": kr(check.claimed),
        "waiting": kr(check.not_reported),
    }
    if check.payments_accounted_for:
        items.append(
            (
                ' class="status-ok"',
                _sentence(
                    _(
                        "Paid %(paid)s = accepted as used %(used)s + to repay %(claimed)s + not "
                        "yet reported %(waiting)s."
                    ),
                    **money,
                ),
            )
        )
    else:
        items.append(
            (
                ' class="status-overdue"',
                _sentence(
                    _(
                        "Paid %(paid)s does not equal accepted as used %(used)s + to repay "
                        "%(claimed)s + not yet reported %(waiting)s."
                    ),
                    **money,
                ),
            )
        )
    late = shown.paid_after_budget_year
    for row in late:
        items.append(
            (
                ' class="status-overdue"',
                _sentence(
                    _(
                        "%(region)s was paid on %(date)s, after the budget year %(year)s: the "
                        "money is for use during %(year)s."
                    ),
                    region=row.region_name,
                    date=day(row.paid_after_budget_year),
                    year=year,
                ),
            )
        )
    if not late:
        items.append(
            (
                ' class="status-ok"',
                _sentence(_("No region was paid after the budget year %(year)s."), year=year),
            )
        )
    if check.unreconciled_regions:
        names = ", ".join(escape(name) for name in check.unreconciled_regions)
        text = escape(_("These regions' ledgers do not reconcile:"))
        items.append((' class="status-overdue"', f"{text} {names}"))
    else:
        items.append(
            (
                ' class="status-ok"',
                _sentence(
                    _("Every one of the %(all)s regions' ledgers reconciles."), all=all_count
                ),
            )
        )
    # The sentences are translations with their values escaped; the classes constants.
    return mark_safe(  # noqa: S308  # nosec
        "\n    ".join(f"<li{css}>{text}</li>" for css, text in items)
    )


class OverviewView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        return page_cache.serve(
            request, lambda: self._show(request, year), page_cache.grant_page_scopes(year)
        )

    def _show(self, request: HttpRequest, year: int) -> HttpResponse:
        grant = decided_grant(year)
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
            known = grant_facts(grant, with_ledgers=True)
            overview = grant_overview(grant, as_of=as_of, known=known)
        rows = sort_rows(filter_rows(overview.rows, step=step, state=state), sort)
        shown = dataclasses.replace(overview, rows=rows)
        if fmt in ("csv", "xlsx"):
            progress = grant_progress(grant, until=as_of or clock.today(), known=known)
            return file_response(overview_export(shown, progress, fmt))
        table_rows, money_rows = _table_html(rows, grant.year)
        header, column_count = _header_html(request, sort)
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
                "total_cells": _totals_html(shown.totals, shown.done_counts),
                "all_total_cells": _totals_html(overview.totals)
                if len(rows) != len(overview.rows)
                else "",
                "reconciliation": _reconciliation_html(
                    overview.reconciliation, shown, len(overview.rows)
                )
                if overview.reconciliation
                else "",
                "money_chart": _money_chart(rows),
                "table_rows": table_rows,
                "money_rows": money_rows,
                "sort": sort,
                "header": header,
                "column_count": column_count,
                "export_query": export_query.urlencode(),
                "progress_query": f"?per={as_of.isoformat()}" if as_of else "",
                "today": clock.today(),
            },
        )


class OverviewProgressView(StaffRequiredMixin, View):
    """Progress over time, a page of its own next to the overview: the chart and its table
    (a row per date on which a count changed, more rows as the year goes on), up to today or
    to the overview's snapshot date (``per``)."""

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        return page_cache.serve(
            request, lambda: self._show(request, year), page_cache.grant_page_scopes(year)
        )

    def _show(self, request: HttpRequest, year: int) -> HttpResponse:
        grant = decided_grant(year)
        form = OverviewFilterForm({"per": request.GET.get("per", "")})
        as_of = form.cleaned_data["per"] if form.is_valid() else None
        progress = grant_progress(grant, until=as_of or clock.today())
        return render(
            request,
            "reporting/overview_progress.html",
            {
                "grant": grant,
                "as_of": as_of,
                "progress": progress,
                "progress_chart": _progress_chart(progress),
                "progress_rows": _progress_html(progress),
                "milestones": Milestone.choices,
                "overview_query": f"?per={as_of.isoformat()}" if as_of else "",
            },
        )
