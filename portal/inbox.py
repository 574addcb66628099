"""The officers' inbox: what waits for the agency, across all grants, each item with the page
where an officer acts on it.

Each section shows its count and its first items (oldest or most urgent first, ``SHOWN``
of them); the rest are a link away, on the section's own page (``PAGE_SIZE`` a page). One
query whatever the number of grants, regions and cases: a SELECT per section, joined with
UNION ALL, each reading the items shown and, with window counts, how many wait in all and
how many of them are on cases assigned to the officer ("mine"). The SQL is written out
(the ORM's building of eleven queries cost more than the rest of the page); its rows are
made into display rows here, so the template only prints them.

What is overdue on a claim is what the region's statement shows (repayments.selectors.settle):
the case's booked repayments settle its claims in the order they fall due, and a claim with
something left after its due date is overdue. ``CLAIMS_LEFT`` computes that in SQL for
every case at once (tests/repayments/test_overdue_everywhere.py holds it to the statement).
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any, NamedTuple

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_officer
from conversations.models import Side
from core import formats
from core.address_patterns import address_pattern
from core.sql import as_day, as_moment, cursor_reading_moments, in_list
from core.workdays import is_working_day, next_working_day
from grants.models import AGENCY_DEADLINE_KINDS, CaseStatus, DeadlineKind, DecisionStatus
from ombud.models import ApplicationStatus
from repayments.models import ClaimKind, Repayment, RepaymentStatus
from reports.models import ReportStatus
from requisitions.models import RequisitionStatus

# How far ahead the agency's own deadlines show.
AGENCY_WINDOW_DAYS = 30
# Items of each section on the inbox itself; the rest are on the section's page.
SHOWN = 10
# Items on one page of a section's own page.
PAGE_SIZE = 50


class Item(NamedTuple):
    """One thing to do, ready to print: where (region and grant), what, when, how much (a
    tuple: made for each of a page's items). ``day`` and ``amount`` are core.formats' text of
    a date and an amount, which holds no character HTML treats specially."""

    place: str
    what: str
    url: str
    day: str = ""
    amount: str = ""
    overdue: bool = False
    # A case nobody is assigned to ("not assigned" under the place).
    unassigned: bool = False


# The characters html.escape replaces.
_SPECIAL = re.compile("[&<>\"']")


def _marks() -> tuple[str, str]:
    """What a row says of a case nobody is assigned to and of an overdue item, as HTML in
    the request's language."""
    # Translated outside the f-strings, where makemessages finds them.
    not_assigned_words, overdue_words = gettext("not assigned"), gettext("Overdue")
    return (
        f"<br><small>{escape(not_assigned_words)}</small>",
        f' <strong class="status-overdue">{escape(overdue_words)}</strong>',
    )


def _head() -> str:
    """The head of a section's table, in the request's language."""
    case, to_do, date, amount = (
        escape(gettext(word)) for word in ("Case", "To do", "Date", "Amount")
    )
    return (
        f'<thead><tr><th scope="col">{case}</th><th scope="col">{to_do}</th>'
        f'<th scope="col">{date}</th><th scope="col" class="num">{amount}</th></tr></thead>'
    )


_SHOWING = "Showing %(shown)s of %(count)s: see them all"
# The words of the head and of the link to the rest (for makemessages).
_HEAD_WORDS = (
    _("Case"),
    _("To do"),
    _("Date"),
    _("Amount"),
    _("Showing %(shown)s of %(count)s: see them all"),
)


@dataclass
class Section:
    key: str
    title: str | Promise
    count: int
    items: list[Item]
    url: str
    # Shown in "mine" as in "all": the agency's own steps belong to no case.
    whole_agency: bool = False
    # The head of its table (_head), when the page has made it once for all its sections.
    head: str = ""
    # The words of the link to the rest (_SHOWING) and the rows' marks (_marks), likewise.
    showing: str = ""
    marks: tuple[str, str] | None = None

    @property
    def more(self) -> bool:
        return self.count > len(self.items)

    def rows(self) -> SafeString:
        """The items as table rows, made once here rather than by the template: every
        text escaped (html.escape, as Django's escape), the words a row may say translated
        once for all of them."""
        not_assigned, overdue = self.marks or _marks()
        # Most texts hold nothing to escape: one search finds those that do, rather than
        # html.escape's five passes over each text.
        special = _SPECIAL.search
        rows = []
        for place, what, url, day, amount, is_overdue, unassigned in self.items:
            if special(place):
                place = escape(place)
            if special(what):
                what = escape(what)
            if special(url):
                url = escape(url)
            rows.append(
                f'<tr><th scope="row">{place}'
                f"{not_assigned if unassigned else ''}</th>"
                f'<td><a href="{url}">{what}</a></td>'
                f"<td>{day}{overdue if is_overdue else ''}</td>"
                f'<td class="num">{amount}</td></tr>'
            )
        rows_html = "\n".join(rows)
        return mark_safe(rows_html)  # noqa: S308 - every text in it escaped above  # nosec

    def table(self) -> SafeString:
        """The items as a table (for the inbox and the section's own page)."""
        key = escape(self.key)
        return mark_safe(  # noqa: S308 - every text in it escaped  # nosec
            f'<div class="table-responsive" tabindex="0" role="region" '
            f'aria-labelledby="inbox-{key}">\n'
            f'  <table class="table table-sm">\n'
            f'    <caption class="visually-hidden">{escape(str(self.title))}</caption>\n'
            f"    {self.head or _head()}\n"
            f"    <tbody>\n    {self.rows()}\n    </tbody>\n  </table>\n  </div>"
        )

    def count_line(self) -> SafeString:
        """The section's line in the list of counts at the top of the inbox."""
        if self.count:
            return format_html(
                '<li><a href="#inbox-{}">{}</a>: <strong>{}</strong></li>',
                self.key,
                self.title,
                self.count,
            )
        return format_html("<li>{}: 0</li>", self.title)

    def block(self) -> SafeString:
        """The section on the inbox: its heading, its items and the link to the rest
        (written with f-strings, every text escaped: a page writes eleven)."""
        key, title = escape(self.key), escape(str(self.title))
        more = ""
        if self.more:
            showing = (self.showing or gettext(_SHOWING)) % {
                "shown": len(self.items),
                "count": self.count,
            }
            more = (
                f'\n  <p><a href="{escape(self.url)}">{escape(showing)}'
                f'<span class="visually-hidden"> ({title})</span></a></p>'
            )
        return mark_safe(  # noqa: S308 - every text in it escaped  # nosec
            f'<section class="mb-4" aria-labelledby="inbox-{key}">\n'
            f'  <h2 id="inbox-{key}" class="h4">{title} ({int(self.count)})</h2>\n'
            f"  {self.table()}{more}\n</section>"
        )


@dataclass
class Inbox:
    sections: list[Section]
    total: int
    # The items of the officer's own cases and the whole agency's (None for an auditor).
    mine_total: int | None
    mine_only: bool = False


# --- Where and when -------------------------------------------------------------------------


class Row(NamedTuple):
    """One item as the inbox's query reads it (every section the same columns)."""

    pk: int
    region_name: str | None
    county: str | None
    year: int | None
    assigned: int | None
    moment: dt.datetime | None
    day: dt.date | None
    amount: int | None
    label: str | None
    flag: bool
    n: int


_GRANT = _("grant %(year)s")
_NO_CASE = _("no case")


class Words:
    """What the rows of one answer share, looked up once for all of them: the words in the
    request's language, the addresses' patterns, the time zone."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.zone = timezone.get_current_timezone()
        self._said: dict[int, str] = {}
        # By URL name: its address with a hole for each parameter (core.address_patterns).
        self._patterns: dict[str, str] = {}
        # By (region, year): the item's place.
        self._places: dict[tuple[str | None, int | None], str] = {}

    def say(self, text: str | Promise) -> str:
        said = self._said.get(id(text))
        if said is None:
            said = self._said[id(text)] = str(text)
        return said

    def url(self, name: str, **kwargs: Any) -> str:
        pattern = self._patterns.get(name)
        if pattern is None:
            pattern = self._patterns[name] = address_pattern(name, *sorted(kwargs))
        return pattern.format(**kwargs)

    def place(self, row: Row) -> str:
        """ "Region Stockholm, grant 2025", "grant 2025" (an agency deadline), "Region
        Stockholm" (an ombud application) or "no case" (a bank line matching no claim)."""
        key = (row.region_name, row.year)
        place = self._places.get(key)
        if place is None:
            place = self._places[key] = self._place(row)
        return place

    def _place(self, row: Row) -> str:
        if row.year is not None:
            grant = self.say(_GRANT) % {"year": row.year}
            return f"{row.region_name}, {grant}" if row.region_name else grant
        return row.region_name or self.say(_NO_CASE)

    def local_day(self, moment: dt.datetime | None) -> str:
        return formats.day_iso(moment.astimezone(self.zone).date()) if moment else ""

    def case_url(self, row: Row) -> str:
        return self.url("repayments:case", year=row.year, county_code=row.county)


def _day(day: dt.date | None) -> str:
    return formats.day_iso(day) if day is not None else ""


def _amount(amount: int | None) -> str:
    return formats.amount(amount) if amount is not None else ""


def _last_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the last working day before it: a
    deadline that moves to the next working day falls on or before ``day`` exactly when
    its date is on or before this one."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _effective(due_date: dt.date, moves: bool) -> dt.date:
    """Deadline.effective_date."""
    return next_working_day(due_date) if moves else due_date


# --- The sections ---------------------------------------------------------------------------
#
# Each section is one SELECT with the columns of ``Row`` (and any it orders by), over the
# tables as the models name them. %(name)s are the parameters of ``_parameters``.

# The case an item belongs to: its region, grant and assigned officer.
_CASE = """JOIN grants_case c ON c.id = {case_id}
    JOIN regions_region r ON r.id = c.region_id
    JOIN grants_grant g ON g.id = c.grant_id"""
_CASE_COLUMNS = "r.name AS region_name, r.county_code AS county, g.year AS year, "
_CASE_COLUMNS += "c.assigned_to_id AS assigned"

# Messages from the region that the officer has not read (for an auditor: that no
# officer has read; conversations.selectors.waiting_for_agency), a row per case.
_MESSAGES = f"""SELECT m.case_id AS pk, {_CASE_COLUMNS}, MIN(m.sent_at) AS moment,
    NULL AS day, NULL AS amount, NULL AS label, FALSE AS flag, COUNT(*) AS n
    FROM conversations_message m {_CASE.format(case_id="m.case_id")}
    WHERE m.side = %(region_side)s AND NOT EXISTS (
        SELECT 1 FROM conversations_messageread mr WHERE mr.message_id = m.id AND {{reader}})
    GROUP BY m.case_id, r.name, r.county_code, g.year, c.assigned_to_id"""  # noqa: S608 - our own SQL  # nosec B608
_READ_BY_USER = "mr.user_id = %(user)s"
_READ_BY_AN_OFFICER = """mr.user_id IN (SELECT ug.user_id FROM accounts_user_groups ug
    JOIN auth_group ag ON ag.id = ug.group_id WHERE ag.name = %(officer_group)s)"""

_TO_DECIDE = f"""SELECT q.id AS pk, {_CASE_COLUMNS}, q.submitted_at AS moment, NULL AS day,
    q.amount AS amount, NULL AS label, FALSE AS flag, 0 AS n
    FROM requisitions_requisition q {_CASE.format(case_id="q.case_id")}
    WHERE q.status = %(received)s"""  # noqa: S608 - our own SQL  # nosec B608

# Four eyes (requisitions.services.payment_release): the officer who decided the payment
# never sees it as theirs to release.
_TO_RELEASE = f"""SELECT q.id AS pk, {_CASE_COLUMNS}, d.decided_at AS moment, NULL AS day,
    d.amount AS amount, NULL AS label, FALSE AS flag, 0 AS n, q.submitted_at
    FROM requisitions_requisition q
    JOIN requisitions_paymentdecision d ON d.requisition_id = q.id
    {_CASE.format(case_id="q.case_id")}
    WHERE q.status = %(approved)s AND d.decided_by_id IS DISTINCT FROM %(user)s"""  # noqa: S608 - our own SQL  # nosec B608

_PAYMENT_FILES = f"""SELECT b.id AS pk, {_CASE_COLUMNS}, NULL AS moment, b.payment_date AS day,
    b.amount AS amount, NULL AS label, FALSE AS flag, 0 AS n
    FROM requisitions_disbursement b
    JOIN requisitions_paymentdecision d ON d.id = b.payment_decision_id
    JOIN requisitions_requisition q ON q.id = d.requisition_id
    {_CASE.format(case_id="q.case_id")}
    WHERE b.payment_file_id IS NULL"""  # noqa: S608 - our own SQL  # nosec B608

# flag: a completion was asked for (the report is its answer).
_REPORTS = f"""SELECT p.id AS pk, {_CASE_COLUMNS}, p.submitted_at AS moment, NULL AS day,
    NULL AS amount, NULL AS label,
    EXISTS (SELECT 1 FROM reports_completionrequest cr WHERE cr.report_id = p.id) AS flag,
    0 AS n
    FROM reports_report p {_CASE.format(case_id="p.case_id")}
    WHERE p.status = %(report_submitted)s"""  # noqa: S608 - our own SQL  # nosec B608

# A bank line may match no claim, and so no case.
_FLAGGED = f"""SELECT y.id AS pk, {_CASE_COLUMNS}, NULL AS moment, y.received_on AS day,
    y.amount AS amount, y.flag_reason AS label, FALSE AS flag, 0 AS n
    FROM repayments_repayment y
    LEFT JOIN repayments_claim cl ON cl.id = y.claim_id
    LEFT JOIN grants_case c ON c.id = cl.case_id
    LEFT JOIN regions_region r ON r.id = c.region_id
    LEFT JOIN grants_grant g ON g.id = c.grant_id
    WHERE y.status = %(flagged)s"""  # noqa: S608 - our own SQL  # nosec B608

# Open cases that were paid and have handed in no report by their grant's report deadline,
# now passed (its effective date before today). flag: the deadline moves to a working day.
# The paid cases are read once as a set (``paid``) rather than looked up case by case: with
# hundreds of open cases the lookups cost PostgreSQL twice the time.
_OVERDUE_REPORTS = f"""SELECT c.id AS pk, {_CASE_COLUMNS}, NULL AS moment, dl.due_date AS day,
    NULL AS amount, NULL AS label, dl.moves_to_next_working_day AS flag, 0 AS n
    FROM grants_case c
    JOIN regions_region r ON r.id = c.region_id
    JOIN grants_grant g ON g.id = c.grant_id
    JOIN grants_decision de ON de.id = g.decision_id
    JOIN grants_deadline dl ON dl.grant_id = c.grant_id AND dl.kind = %(report_kind)s
    JOIN (SELECT DISTINCT q.case_id FROM requisitions_disbursement b
        JOIN requisitions_paymentdecision d ON d.id = b.payment_decision_id
        JOIN requisitions_requisition q ON q.id = d.requisition_id) paid ON paid.case_id = c.id
    WHERE de.status = %(decided)s AND c.status = %(open)s
    AND ((NOT dl.moves_to_next_working_day AND dl.due_date < %(today)s)
         OR (dl.moves_to_next_working_day AND dl.due_date <= %(last_passed)s))
    AND NOT EXISTS (SELECT 1 FROM reports_report p
        WHERE p.case_id = c.id AND p.status <> %(report_draft)s)"""  # noqa: S608 - our own SQL  # nosec B608

# What is left of each claim on an open case, as the region's statement shows it
# (repayments.selectors.settle): the case's booked repayments settle its claims in
# CLAIM_ORDER, so a claim keeps all of its amount while the repayments do not reach it,
# none once they cover it, and otherwise the part past them.
CLAIMS_LEFT = """SELECT id, case_id, kind, ocr, due_date, created_at,
    CASE WHEN beyond <= 0 THEN 0 WHEN beyond >= amount THEN amount ELSE beyond END AS left_
    FROM (SELECT cl.id, cl.case_id, cl.kind, cl.ocr, cl.due_date, cl.created_at, cl.amount,
        SUM(cl.amount) OVER (
            PARTITION BY cl.case_id ORDER BY cl.due_date, cl.created_at, cl.id
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - COALESCE(paid.total, 0)
            AS beyond
        FROM repayments_claim cl
        JOIN grants_case oc ON oc.id = cl.case_id
        LEFT JOIN (SELECT pc.case_id, SUM(y.amount) AS total FROM repayments_repayment y
            JOIN repayments_claim pc ON pc.id = y.claim_id
            WHERE y.status = %(booked)s GROUP BY pc.case_id) paid ON paid.case_id = cl.case_id
        WHERE oc.status = %(open)s) running"""

# The claims of one kind with something left after their due date.
_OVERDUE_CLAIMS = f"""SELECT o.id AS pk, {_CASE_COLUMNS}, NULL AS moment, o.due_date AS day,
    o.left_ AS amount, o.ocr AS label, FALSE AS flag, 0 AS n, o.created_at
    FROM ({CLAIMS_LEFT}) o {_CASE.format(case_id="o.case_id")}
    WHERE o.kind = %({{kind}})s AND o.left_ > 0 AND o.due_date < %(today)s"""  # noqa: S608 - our own SQL  # nosec B608

_OMBUD = """SELECT o.id AS pk, r.name AS region_name, NULL AS county, NULL AS year,
    NULL AS assigned, o.submitted_at AS moment, NULL AS day, NULL AS amount,
    o.full_name AS label, FALSE AS flag, 0 AS n
    FROM ombud_ombudapplication o JOIN regions_region r ON r.id = o.region_id
    WHERE o.status = %(ombud_submitted)s"""

# The agency's own deadlines not yet marked done, overdue or within the window (their
# effective date on or before the horizon). flag: the deadline moves to a working day.
_AGENCY_KINDS, _AGENCY_KIND_PARAMETERS = in_list(
    "dl.kind", "agency_kind", sorted(str(kind) for kind in AGENCY_DEADLINE_KINDS)
)
_AGENCY = """SELECT dl.id AS pk, NULL AS region_name, NULL AS county, g.year AS year,
    NULL AS assigned, NULL AS moment, dl.due_date AS day, NULL AS amount, dl.kind AS label,
    dl.moves_to_next_working_day AS flag, 0 AS n
    FROM grants_deadline dl
    JOIN grants_grant g ON g.id = dl.grant_id
    JOIN grants_decision de ON de.id = g.decision_id
    WHERE de.status = %(decided)s AND {agency_kinds}
    AND NOT EXISTS (SELECT 1 FROM reminders_agencystepdone a WHERE a.deadline_id = dl.id)
    AND ((NOT dl.moves_to_next_working_day AND dl.due_date <= %(horizon)s)
         OR (dl.moves_to_next_working_day AND dl.due_date <= %(last_in_window)s))""".replace(
    "{agency_kinds}", _AGENCY_KINDS
)


def _parameters(user: Any, today: dt.date) -> dict[str, Any]:
    from accounts.roles import StaffRole

    horizon = today + dt.timedelta(days=AGENCY_WINDOW_DAYS)
    return {
        "user": user.pk,
        "today": today,
        "last_passed": _last_working_day(today - dt.timedelta(days=1)),
        "horizon": horizon,
        "last_in_window": _last_working_day(horizon),
        "officer_group": str(StaffRole.OFFICER),
        "region_side": str(Side.REGION),
        "received": str(RequisitionStatus.RECEIVED),
        "approved": str(RequisitionStatus.APPROVED),
        "report_submitted": str(ReportStatus.SUBMITTED),
        "report_draft": str(ReportStatus.DRAFT),
        "flagged": str(RepaymentStatus.FLAGGED),
        "booked": str(RepaymentStatus.BOOKED),
        "report_kind": str(DeadlineKind.REPORT),
        "decided": str(DecisionStatus.DECIDED),
        "open": str(CaseStatus.OPEN),
        "reported": str(ClaimKind.REPORTED),
        "recovery": str(ClaimKind.RECOVERY),
        "ombud_submitted": str(ApplicationStatus.SUBMITTED),
        **_AGENCY_KIND_PARAMETERS,
    }


def _message_item(row: Row, w: Words) -> Item:
    what = ngettext(
        "%(count)d unread message from the region",
        "%(count)d unread messages from the region",
        row.n,
    ) % {"count": row.n}
    url = w.url("conversations:officer", year=row.year, county_code=row.county)
    return Item(w.place(row), what, url, w.local_day(row.moment), "", False, row.assigned is None)


_DECIDE = _("Decide the requisition")
_RELEASE = _("Release the payment")
_PAYMENT_FILE = _("Put the payment in a payment file")
_REVIEW_COMPLETED = _("Review the completed report")
_REVIEW = _("Review the report")
_BANK_LINE = _("Handle the bank line: %(reason)s")
_NOT_RECEIVED = _("Report not received")
_DECIDE_OMBUD = _("Decide the ombud application from %(name)s")


# Each item is made positionally (place, what, url, day, amount, overdue, unassigned):
# a page makes one for each of up to SHOWN items of eleven sections.


def _requisition_item(what: str | Promise) -> Callable[[Row, Words], Item]:
    """An item leading to a requisition's review page: one to decide, one to release."""

    def item(row: Row, w: Words) -> Item:
        return Item(
            w.place(row),
            w.say(what),
            w.url("requisitions:review", pk=row.pk),
            w.local_day(row.moment),
            _amount(row.amount),
            False,
            row.assigned is None,
        )

    return item


_decide_item, _release_item = _requisition_item(_DECIDE), _requisition_item(_RELEASE)


def _payment_file_item(row: Row, w: Words) -> Item:
    return Item(
        w.place(row),
        w.say(_PAYMENT_FILE),
        w.url("requisitions:payment_files"),
        _day(row.day),
        _amount(row.amount),
        False,
        row.assigned is None,
    )


def _report_item(row: Row, w: Words) -> Item:
    return Item(
        w.place(row),
        w.say(_REVIEW_COMPLETED if row.flag else _REVIEW),
        w.url("reports:review", year=row.year, county_code=row.county),
        w.local_day(row.moment),
        "",
        False,
        row.assigned is None,
    )


_FLAG_REASONS = dict(Repayment._meta.get_field("flag_reason").flatchoices)


def _flagged_item(row: Row, w: Words) -> Item:
    reason = _FLAG_REASONS.get(row.label, row.label or "")
    return Item(
        w.place(row),
        w.say(_BANK_LINE) % {"reason": w.say(reason)},
        w.url("repayments:resolve", pk=row.pk),
        _day(row.day),
        _amount(row.amount),
        False,
        row.region_name is not None and row.assigned is None,
    )


def _overdue_report_item(row: Row, w: Words) -> Item:
    assert row.day is not None  # noqa: S101
    return Item(
        w.place(row),
        w.say(_NOT_RECEIVED),
        w.case_url(row),
        _day(_effective(row.day, row.flag)),
        "",
        True,
        row.assigned is None,
    )


def _overdue_claim_item(what: str | Promise) -> Callable[[Row, Words], Item]:
    def item(row: Row, w: Words) -> Item:
        return Item(
            w.place(row),
            w.say(what) % {"ocr": row.label},
            w.case_url(row),
            _day(row.day),
            _amount(row.amount),
            True,
            row.assigned is None,
        )

    return item


def _ombud_item(row: Row, w: Words) -> Item:
    return Item(
        w.place(row),
        w.say(_DECIDE_OMBUD) % {"name": row.label},
        w.url("ombud:review", pk=row.pk),
        day=w.local_day(row.moment),
    )


_DEADLINE_KINDS = dict(DeadlineKind.choices)


def _agency_item(row: Row, w: Words) -> Item:
    assert row.day is not None and row.label is not None  # noqa: S101
    day = _effective(row.day, row.flag)
    return Item(
        w.place(row),
        w.say(_DEADLINE_KINDS[row.label]),
        w.url("reminders:log", year=row.year),
        day=_day(day),
        overdue=day < w.today,
    )


@dataclass(frozen=True)
class Source:
    """One section: its SELECT (``sql``), the order of its items (``order``, over the
    SELECT's columns), the display row of one (``item``), and whether it is the whole
    agency's, shown in "mine" too (``whole_agency``); the others are of a case."""

    key: str
    title: str | Promise
    sql: str
    order: str
    item: Callable[[Row, Words], Item]
    whole_agency: bool = False


SOURCES = [
    Source(
        "messages", _("Unread messages from the regions"), _MESSAGES, "moment, pk", _message_item
    ),
    Source("decide", _("Requisitions to decide"), _TO_DECIDE, "moment, pk", _decide_item),
    Source(
        "release", _("Payments waiting for release"), _TO_RELEASE, "submitted_at, pk", _release_item
    ),
    Source(
        "payment_files",
        _("Payments for a payment file"),
        _PAYMENT_FILES,
        "day, pk",
        _payment_file_item,
    ),
    Source(
        "reports",
        _("Reports and completion answers to review"),
        _REPORTS,
        "moment, pk",
        _report_item,
    ),
    Source("flagged", _("Bank lines that need handling"), _FLAGGED, "day, pk", _flagged_item),
    Source(
        "overdue_reports",
        _("Reports overdue"),
        _OVERDUE_REPORTS,
        "year, county",
        _overdue_report_item,
    ),
    Source(
        "overdue_repayments",
        _("Repayments overdue"),
        _OVERDUE_CLAIMS.replace("{kind}", "reported"),
        "day, region_name, created_at, pk",
        _overdue_claim_item(_("Repayment overdue (OCR %(ocr)s)")),
    ),
    Source(
        "overdue_claims",
        _("Recovery claims overdue"),
        _OVERDUE_CLAIMS.replace("{kind}", "recovery"),
        "day, region_name, created_at, pk",
        _overdue_claim_item(_("Recovery claim overdue (OCR %(ocr)s)")),
    ),
    Source(
        "ombud",
        _("Ombud applications to decide"),
        _OMBUD,
        "moment, pk",
        _ombud_item,
        whole_agency=True,
    ),
    Source(
        "agency",
        _("The agency's own deadlines"),
        _AGENCY,
        "day, pk",
        _agency_item,
        whole_agency=True,
    ),
]
SOURCE_KEYS = frozenset(source.key for source in SOURCES)

# The columns of Row. PostgreSQL types each union's column from its first part, where a
# NULL has none, so it is given its type; SQLite keeps whatever each row holds.
_TYPES = ["", "text", "text", "integer", "bigint", "timestamptz", "date", "bigint", "text"]
_TYPES += ["boolean", "bigint"]


def _columns() -> str:
    typed = connection.vendor == "postgresql"
    return ", ".join(
        f"CAST(s.{name} AS {kind})" if typed and kind else f"s.{name}"
        for name, kind in zip(Row._fields, _TYPES, strict=True)
    )


def _select(index: int, source: Source, *, user_is_officer: bool, mine_only: bool) -> str:
    """The section's items in order, each with the section's index, its place in it and the
    section's counts: all its items, and those of the officer's own cases (for the whole
    agency's sections, all of them)."""
    sql = source.sql
    if source.key == "messages":
        sql = sql.replace("{reader}", _READ_BY_USER if user_is_officer else _READ_BY_AN_OFFICER)
    order = ", ".join(f"s.{column.strip()}" for column in source.order.split(","))
    if source.whole_agency:
        mine = "COUNT(*) OVER ()"
    else:
        mine = "SUM(CASE WHEN s.assigned = %(user)s THEN 1 ELSE 0 END) OVER ()"
        if mine_only:
            # The officer's own first: the rows read are theirs while they last.
            order = f"(s.assigned IS NOT DISTINCT FROM %(user)s) DESC, {order}"
    return f"""SELECT {index} AS section, ROW_NUMBER() OVER (ORDER BY {order}) AS place,
        COUNT(*) OVER () AS count_all, {mine} AS count_mine, {_columns()}
        FROM ({sql}) s ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s"""  # noqa: S608  # nosec B608


@dataclass(frozen=True)
class _Read:
    items: list[Item]
    count: int
    mine_count: int


@lru_cache(maxsize=64)
def _statement(
    keys: tuple[str, ...], *, user_is_officer: bool, mine_only: bool, vendor: str
) -> str:
    """The one statement reading the sections ``keys``: its text depends only on these
    arguments (``vendor``: the database it is written for, _columns), so it is written once
    for each, not on every request (the values all go in as parameters)."""
    by_key = {source.key: source for source in SOURCES}
    # Each part in a subquery of its own: SQLite allows ORDER BY and LIMIT only there.
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({_select(index, by_key[key], user_is_officer=user_is_officer, mine_only=mine_only)})"  # noqa: S608  # nosec B608
        f" AS part_{index}"
        for index, key in enumerate(keys)
    )
    return f"SELECT * FROM ({sql}) u ORDER BY section, place"  # noqa: S608  # nosec B608


def _read(
    sources: list[Source],
    user: Any,
    today: dt.date,
    *,
    mine_only: bool,
    offset: int,
    limit: int,
) -> list[_Read]:
    """Items ``offset`` to ``offset + limit`` of each section (of the officer's own cases
    with ``mine_only``), with how many wait in all and how many are the officer's: one
    query for all the sections."""
    officer = is_officer(user)
    statement = _statement(
        tuple(source.key for source in sources),
        user_is_officer=officer,
        mine_only=mine_only,
        vendor=connection.vendor,
    )
    parameters = _parameters(user, today) | {"limit": limit, "offset": offset}
    with cursor_reading_moments(prepared=True) as cursor:
        cursor.execute(statement, parameters)
        found = cursor.fetchall()
    words = Words(today)
    # SQLite gives dates and moments as text; PostgreSQL as values (core.sql).
    text_dates = connection.vendor != "postgresql"
    by_section: dict[int, list[tuple[Any, ...]]] = {}
    for found_row in found:
        by_section.setdefault(found_row[0], []).append(found_row)
    reads = []
    for index, source in enumerate(sources):
        rows = by_section.get(index, [])
        if not rows:
            reads.append(_Read([], 0, 0))
            continue
        count, mine_count = rows[0][2], rows[0][3]
        items = []
        for found_row in rows:
            row = Row._make(found_row[4:])
            if text_dates:
                row = row._replace(moment=as_moment(row.moment), day=as_day(row.day))
            if mine_only and not source.whole_agency and row.assigned != user.pk:
                continue
            items.append(source.item(row, words))
        reads.append(_Read(items, count, mine_count if officer else count))
    return reads


def section_url(key: str, *, mine: bool) -> str:
    return reverse("portal:inbox_mine_section" if mine else "portal:inbox_section", args=[key])


def inbox_for(user: Any, *, today: dt.date, mine_only: bool = False) -> Inbox:
    """Every section with its count and first ``SHOWN`` items, as ``user`` sees them (a
    payment they decided is not theirs to release); with ``mine_only`` the items of the
    cases assigned to them, and the agency's own, which belong to no case. One query."""
    reads = _read(SOURCES, user, today, mine_only=mine_only, offset=0, limit=SHOWN)
    head, showing, marks = _head(), gettext(_SHOWING), _marks()
    # The sections' addresses from one pattern rather than a reverse() each.
    pattern = address_pattern(
        "portal:inbox_mine_section" if mine_only else "portal:inbox_section", "section"
    )
    sections = [
        Section(
            source.key,
            str(source.title),
            read.mine_count if mine_only else read.count,
            read.items,
            pattern.format(section=source.key),
            whole_agency=source.whole_agency,
            head=head,
            showing=showing,
            marks=marks,
        )
        for source, read in zip(SOURCES, reads, strict=True)
    ]
    return Inbox(
        sections,
        sum(read.count for read in reads),
        sum(read.mine_count for read in reads) if is_officer(user) else None,
        mine_only=mine_only,
    )


@dataclass(frozen=True)
class SectionPage:
    section: Section
    number: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def section_page(
    user: Any, key: str, *, today: dt.date, number: int, mine_only: bool = False
) -> SectionPage | None:
    """Page ``number`` of one section (``PAGE_SIZE`` items), or None when there is no such
    page (the first page of an empty section exists: it says that nothing waits)."""
    source = next(source for source in SOURCES if source.key == key)
    (read,) = _read(
        [source],
        user,
        today,
        mine_only=mine_only,
        offset=(number - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    if number > 1 and not read.items:
        return None
    count = read.mine_count if mine_only else read.count
    section = Section(
        key,
        source.title,
        count,
        read.items,
        section_url(key, mine=mine_only),
        whole_agency=source.whole_agency,
    )
    return SectionPage(section, number, max(1, -(-count // PAGE_SIZE)))
