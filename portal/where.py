"""Where a grant stands for the region, in words and links, for the rows of the start page's
table and the page of all the region's grants: built in Python once per row rather than
through a template's chain of conditions (each row cost about 0.15 ms that way), and the
table's rows written here too (``table_rows``) rather than by a template loop. The words
are the template's, with the same message ids.

What every row of a table shares is looked up once for the table (``_Table``): the words
in the request's language (a catalogue lookup costs more than the rest of a row) and the
addresses, reversed once with a hole for each parameter (core.address_patterns). Every
text from the data is escaped; the dates and amounts are the service's own formatting of
numbers (core.formats), which holds no character HTML treats specially."""

import datetime as dt
from html import escape
from typing import Any

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from core import formats
from core.address_patterns import address_pattern
from core.templatetags.formatting import relative_days
from core.workdays import next_working_day
from grants.models import DeadlineKind

from .selectors import STEP_LABELS, GrantRow

_GRANT = _("Grant %(year)s")
_REFUSED = _("Socialstyrelsen refused the requisition: %(reason)s")
_FINISH = _("Finish and submit the requisition by %(date)s.")
_NEW_REQUISITION = _("You may submit a new requisition by %(date)s.")
_REQUISITION = _("Requisition the allocation by %(date)s.")
_GO_TO_REQUISITION = _("Go to the requisition")
_LAPSED = _(
    "The requisition deadline passed on %(date)s and the right to the funds "
    "has lapsed. Contact Socialstyrelsen if you have questions."
)
_NOT_OPEN = _("Requisition is not open yet.")
_REVIEWING = _("Socialstyrelsen is reviewing the requisition received %(time)s.")
_DECIDED = _("Socialstyrelsen has decided to pay. The funds will be paid out.")
_DECISION_PDF = _("The payment decision (PDF)")
_PAID_OUT = _("%(amount)s paid out on %(date)s.")
_REPORT_BY = _("Report how the money was used by %(date)s.")
_REPORT_UNDATED = _("Report how the money was used; Socialstyrelsen will set the date.")
_REPORT_LATE = _("The report deadline has passed.")
_GO_TO_REPORT = _("Go to the report")
_COMPLETE = _("Socialstyrelsen asks you to complete the report.")
_REPORT_RECEIVED = _("Socialstyrelsen is reviewing your report.")
_REPAY = _("Repay %(amount)s that was not used for the purpose.")
_HOW_TO_REPAY = _("How to repay")
_DONE = _("The report is approved and nothing is outstanding.")
_CLOSED = _("The case is closed.")


class _Table:
    """What the rows of one table share: the words, escaped, in the request's language and
    the addresses' patterns, each looked up the first time a row needs it."""

    def __init__(self, county_code: str, can_prepare: bool) -> None:
        self.county = escape(county_code)
        self.can_prepare = can_prepare
        self._said: dict[int, str] = {}
        self._patterns: dict[str, str] = {}

    def say(self, text: Promise) -> str:
        """``text`` in the request's language, escaped."""
        said = self._said.get(id(text))
        if said is None:
            said = self._said[id(text)] = escape(str(text))
        return said

    def url(self, name: str, year: int) -> str:
        """The address ``name`` of the region's case in ``year``, escaped."""
        pattern = self._patterns.get(name)
        if pattern is None:
            pattern = self._patterns[name] = escape(
                address_pattern(name, "county_code", "year")
            ).replace("{county_code}", self.county)
        return pattern.replace("{year}", str(int(year)))

    def document_url(self, pk: int) -> str:
        pattern = self._patterns.get("records:document")
        if pattern is None:
            pattern = self._patterns["records:document"] = escape(
                address_pattern("records:document", "pk")
            )
        return pattern.replace("{pk}", str(int(pk)))

    def link(self, name: str, year: int, text: Promise) -> str:
        return f'<a href="{self.url(name, year)}">{self.say(text)}</a>'


def _where(row: GrantRow, table: _Table) -> str:
    """Where the grant stands, as HTML (every text escaped)."""
    step = row.next_step
    say = table.say
    parts: list[str] = []
    if step in ("not_requisitioned", "draft", "refused"):
        if step == "refused":
            parts.append(say(_REFUSED) % {"reason": escape(row.refusal_reason)})
        if row.requisition_open:
            when = formats.day(row.requisition_due) if row.requisition_due else ""
            if step == "draft":
                parts.append(say(_FINISH) % {"date": when})
            elif step == "refused":
                parts.append(say(_NEW_REQUISITION) % {"date": when})
            else:
                parts.append(say(_REQUISITION) % {"date": when})
            if table.can_prepare:
                parts.append(table.link("requisitions:form", row.year, _GO_TO_REQUISITION))
        elif row.requisition_due:
            parts.append(say(_LAPSED) % {"date": formats.day(row.requisition_due)})
        else:
            parts.append(say(_NOT_OPEN))
    elif step == "received":
        time = formats.moment(row.submitted_at) if row.submitted_at is not None else ""
        parts.append(say(_REVIEWING) % {"time": time})
    elif step == "decided":
        parts.append(say(_DECIDED))
        parts.append(
            f'<a href="{table.document_url(row.decision_document_id or 0)}">'
            f"{say(_DECISION_PDF)}</a>"
        )
    elif step in ("report_due", "report_overdue"):
        parts.append(
            say(_PAID_OUT)
            % {
                "amount": formats.amount(row.disbursed) if row.disbursed is not None else "–",
                "date": formats.day(row.disbursed_on) if row.disbursed_on is not None else "",
            }
        )
        if row.report_due:
            parts.append(say(_REPORT_BY) % {"date": formats.day(row.report_due)})
        else:
            parts.append(say(_REPORT_UNDATED))
        if step == "report_overdue":
            parts.append(f'<strong class="status-overdue">{say(_REPORT_LATE)}</strong>')
        parts.append(table.link("reports:form", row.year, _GO_TO_REPORT))
    elif step == "report_completion":
        parts.append(say(_COMPLETE))
        parts.append(table.link("reports:form", row.year, _GO_TO_REPORT))
    elif step == "report_received":
        parts.append(say(_REPORT_RECEIVED))
    elif step == "repay":
        parts.append(say(_REPAY) % {"amount": formats.amount(row.outstanding)})
        parts.append(table.link("repayments:region", row.year, _HOW_TO_REPAY))
    elif step == "done":
        parts.append(say(_DONE))
    elif step == "closed":
        parts.append(say(_CLOSED))
    return " ".join(parts)


def _word_cells(row: GrantRow, table: _Table) -> None:
    row.case_link = mark_safe(  # noqa: S308 - escaped in _Table  # nosec
        f'<a href="{table.url("regions:case", row.year)}">'
        f"{table.say(_GRANT) % {'year': int(row.year)}}</a>"
    )
    row.allocation_text = (
        formats.amount(row.allocation) if row.allocation is not None else formats.EMPTY
    )
    row.where = mark_safe(_where(row, table))  # noqa: S308 - escaped above  # nosec


def where_it_stands(row: GrantRow, *, county_code: str, can_prepare: bool) -> SafeString:
    """Where one grant stands for the region, as HTML."""
    return mark_safe(_where(row, _Table(county_code, can_prepare)))  # noqa: S308  # nosec


def with_where(rows: list[GrantRow], *, county_code: str, can_prepare: bool) -> list[GrantRow]:
    """``rows`` with their table cells worded: the link to the case, the allocation and
    where each stands."""
    table = _Table(county_code, can_prepare)
    for row in rows:
        _word_cells(row, table)
    return rows


def table_rows(rows: list[GrantRow]) -> SafeString:
    """The rows of portal/grant_table.html's body, as its template loop wrote them, from
    rows worded by ``with_where`` (the step's label is the one text escaped here)."""
    labels: dict[str, str] = {}
    cells: list[str] = []
    for row in rows:
        label = labels.get(row.step)
        if label is None:
            label = labels[row.step] = escape(str(STEP_LABELS[row.step]))
        cells.append(
            f'\n    <tr>\n      <th scope="row">{row.case_link}</th>\n'
            f'      <td class="num">{escape(row.allocation_text)}</td>\n'
            f"      <td>{label}</td>\n      <td>{row.where}</td>\n    </tr>\n    "
        )
    return mark_safe("".join(cells))  # noqa: S308 - every text escaped  # nosec


# The words of a deadline's row: includes/deadline_note.html (compact) and
# includes/deadline_status.html, with their message ids.
_NOTE = _("Note:")
_NOT_A_WORKING_DAY = _("%(date)s (%(weekday)s) is not a working day.")
_MOVES = _("The deadline moves to the next working day, %(next)s.")
_DOES_NOT_MOVE = _("The deadline does not move to the next working day (%(next)s).")
_PASSED = _("Passed")
_TODAY = _("Today")
_KINDS = dict(DeadlineKind.choices)


def _deadline_note(due: dt.date, moves: bool, table: _Table) -> str:
    """As {% deadline_note deadline compact=True %}: a note when the date is not a working
    day (its template ends in a line break)."""
    following = next_working_day(due)
    if following == due or not 1900 <= due.year <= 2200:
        return "\n"
    values = {
        "date": escape(formats.day(due)),
        "weekday": escape(formats.weekday(due)),
        "next": escape(formats.day(following)),
    }
    moving = table.say(_MOVES if moves else _DOES_NOT_MOVE) % values
    return (
        f'<small class="deadline-note d-block text-wrap"><strong>{table.say(_NOTE)}</strong> '
        f"{table.say(_NOT_A_WORKING_DAY) % values} {moving}</small>\n"
    )


def _deadline_status(day: dt.date, today: dt.date, table: _Table) -> str:
    """As includes/deadline_status.html: passed, today or how far off."""
    if day < today:
        return (
            f'<span class="status-overdue">{table.say(_PASSED)}</span> '
            f"({escape(relative_days(day, today))})\n"
        )
    if day == today:
        return f"<strong>{table.say(_TODAY)}</strong>\n"
    return f"{escape(relative_days(day, today))}\n"


def deadline_rows(
    rows: list[GrantRow], *, county_code: str, can_prepare: bool, today: dt.date
) -> list[GrantRow]:
    """``rows`` with the rows of their table of deadlines written (``deadline_html``), as the
    start page's template loop wrote them with an inclusion tag and an include for each
    deadline: by date, each with its note when its date is not a working day and how far
    off it is."""
    table = _Table(county_code, can_prepare)
    for row in rows:
        deadlines = sorted(
            (
                (next_working_day(due) if moves else due, kind, due, moves)
                for kind, due, moves in row.deadline_dates
            ),
            key=lambda deadline: deadline[0],
        )
        row.deadline_html = mark_safe(  # noqa: S308 - every text escaped  # nosec
            "".join(
                f'\n    <tr>\n      <th scope="row">{table.say(_KINDS[kind])}</th>\n'
                f'      <td class="text-nowrap">{formats.day_iso(effective)}'
                f"{_deadline_note(due, moves, table)}</td>\n"
                f"      <td>{_deadline_status(effective, today, table)}</td>\n    </tr>\n    "
                for effective, kind, due, moves in deadlines
            )
        )
    return rows


__all__: list[Any] = ["deadline_rows", "table_rows", "where_it_stands", "with_where"]
