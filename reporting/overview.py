"""The officers' overview of a grant: every region × every step, with dates, amounts and
totals, now or as the figures stood at the end of a given day (a progress snapshot).

The current money figures come from :func:`repayments.ledger.ledgers_summed` (the ledger's
figures, summed by PostgreSQL), so every total reconciles with ``verify_ledger``. A snapshot recomputes them from the records' dates with
the rule in :mod:`reporting.timeline`. Every query here is fixed in number, whatever the
number of regions.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.db import connection, models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from core import clock
from grants.models import Case, CaseStatus, Deadline, DeadlineKind, Grant
from repayments.ledger import CaseLedger, ledgers_summed
from repayments.models import ClaimKind, RepaymentStatus

from .timeline import (
    DEADLINE_FIELDS,
    CaseFacts,
    Figures,
    GrantFacts,
    closed_by,
    figures_at,
    figures_from_ledger,
    grant_facts,
    hand_written_sql,
    happened_by,
    loaded,
    local_date,
    paid_by,
    snapshot_moment,
    standing_requisition,
    sum_figures,
    table_name,
    versions_by,
)

_WORDS: dict[str, Any] = {}


def _(message: str) -> Any:  # a lazy text (StrPromise, known to the type stubs only)
    """``gettext_lazy``, one lazy text per message: the cells of a page share their words, so
    a page puts each into the language once (:func:`words`), not once per cell."""
    word = _WORDS.get(message)
    if word is None:
        word = _WORDS[message] = gettext_lazy(message)
    return word


def words() -> Callable[[Any], str]:
    """A function giving a cell's text in the current language, HTML-escaped, each shared
    word worked out once: for one page (the language does not change while it is built)."""
    done: dict[int, str] = {}

    def word(text: Any) -> str:
        if isinstance(text, str):  # "" (no note), or already a text
            return escape(text) if text else ""
        key = id(text)  # not the lazy text itself: hashing or testing it translates it
        if key not in done:
            done[key] = escape(str(text))
        return done[key]

    return word


class StepState(models.TextChoices):
    """How far a region has come in a step; shown in words, never by colour alone."""

    DONE = "done", _("Done")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting")
    OVERDUE = "overdue", _("Overdue")
    LAPSED = "lapsed", _("Lapsed")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Step(models.TextChoices):
    REQUISITION = "requisition", _("Requisition")
    PAYMENT = "payment", _("Payment")
    REPORT = "report", _("Report")
    REPAYMENT = "repayment", _("Repayment and claims")
    CLOSED = "closed", _("Closed")


Zone = dt.tzinfo

STEPS = tuple(Step.values)  # in order (the enum builds the list anew on each use)


@dataclass(frozen=True)
class Cell:
    """One region's standing in one step: a state, the words shown and the date it refers to."""

    state: str
    label: Any
    day: dt.date | None = None
    note: Any = ""
    mark: Any = ""  # a warning shown in words whatever the state (a payment after the year)

    @property
    def is_overdue(self) -> bool:
        return self.state == StepState.OVERDUE


@dataclass(frozen=True)
class Row:
    county_code: str
    region_name: str
    case_status: str
    figures: Figures
    cells: dict[str, Cell]
    problems: list[str]

    @property
    def has_overdue(self) -> bool:
        return any(cell.is_overdue for cell in self.cells.values())

    @property
    def paid_after_budget_year(self) -> dt.date | None:
        """The payment date, when the region was paid after the grant's budget year."""
        cell = self.cells[Step.PAYMENT]
        return cell.day if cell.mark else None

    @property
    def steps(self) -> list[tuple[str, Cell]]:
        return [(step, self.cells[step]) for step in STEPS]


@dataclass(frozen=True)
class Reconciliation:
    decision_regions_amount: int
    allocated: int
    requisitioned: int
    lapsed: int
    disbursed: int
    accepted_used: int
    claimed: int
    not_reported: int
    unreconciled_regions: list[str]

    @property
    def allocation_matches_decision(self) -> bool:
        return self.allocated == self.decision_regions_amount

    @property
    def payments_accounted_for(self) -> bool:
        return self.disbursed == self.accepted_used + self.claimed + self.not_reported


@dataclass
class Overview:
    grant: Grant
    as_of: dt.date | None  # None: the current figures
    moment: dt.datetime
    rows: list[Row]
    reconciliation: Reconciliation | None
    step_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # of every region

    @property
    def totals(self) -> Figures:
        return sum_figures(row.figures for row in self.rows)

    @property
    def paid_after_budget_year(self) -> list[Row]:
        """The rows of regions paid after the budget year: the money is for use during it."""
        return [row for row in self.rows if row.paid_after_budget_year]

    @property
    def done_counts(self) -> list[int]:
        """For each step in order, how many of the rows have done it."""
        return [
            sum(1 for row in self.rows if row.cells[step].state == StepState.DONE)
            for step in Step.values
        ]


def _deadline_passed(deadline: Deadline | None, moment: dt.datetime) -> bool:
    return deadline is not None and not deadline.is_open_at(moment)


def _requisition_cell(
    case: Case, facts: CaseFacts, deadline: Deadline | None, moment: dt.datetime, zone: Zone
) -> Cell:
    standing = standing_requisition(facts, moment)
    if standing is not None:
        note = _("registered late, by exception") if standing["is_late"] else ""
        return Cell(StepState.DONE, _("Received"), local_date(standing["submitted_at"], zone), note)
    refused = [r for r in facts.requisitions if happened_by(moment, r["refused_at"])]
    if closed_by(case, moment):
        return Cell(StepState.LAPSED, _("Refused, the right lapsed") if refused else _("Lapsed"))
    if _deadline_passed(deadline, moment):
        label = _("Refused, deadline passed") if refused else _("Not received by the deadline")
        return Cell(StepState.OVERDUE, label)
    if refused:
        return Cell(StepState.WAITING, _("Refused, a new one may come"))
    return Cell(StepState.WAITING, _("Not received yet"))


def _payment_cell(
    case: Case, facts: CaseFacts, moment: dt.datetime, day: dt.date, zone: Zone, year: int
) -> Cell:
    """Paid, decided or awaiting a decision; a payment after the grant's budget year is marked
    (the money is for use during that year)."""
    standing = standing_requisition(facts, moment)
    if standing is None:
        if closed_by(case, moment):
            return Cell(StepState.LAPSED, _("Lapsed"))
        return Cell(StepState.NOT_APPLICABLE, _("No requisition"))
    if paid_by(standing, day):
        paid_on = standing["payment_decision__disbursement__payment_date"]
        mark = (
            format_lazy(_("Paid after the budget year {year}"), year=year)
            if paid_on.year > year
            else ""
        )
        return Cell(StepState.DONE, _("Paid"), paid_on, mark=mark)
    decided_at = standing["payment_decision__decided_at"]
    if happened_by(moment, decided_at):
        return Cell(StepState.IN_PROGRESS, _("Decided, not yet paid"), local_date(decided_at, zone))
    return Cell(StepState.IN_PROGRESS, _("Awaiting decision"))


def _report_cell(
    facts: CaseFacts,
    figures: Figures,
    deadline: Deadline | None,
    moment: dt.datetime,
    zone: Zone,
) -> Cell:
    if not figures.disbursed:
        return Cell(StepState.NOT_APPLICABLE, _("Nothing paid"))
    versions = versions_by(facts, moment)
    if not versions:
        if _deadline_passed(deadline, moment):
            return Cell(StepState.OVERDUE, _("Missing"))
        return Cell(StepState.WAITING, _("Not received yet"))
    latest = versions[-1]
    note = _("received late") if versions[0]["is_late"] else ""
    approved_at = facts.report["approved_at"] if facts.report else None
    if approved_at is not None and happened_by(moment, approved_at):
        return Cell(StepState.DONE, _("Approved"), local_date(approved_at, zone), note)
    if any(latest["submitted_at"] < r <= moment for r in facts.completion_requests):
        requested = max(r for r in facts.completion_requests if r <= moment)
        label = _("Completion requested")
        return Cell(StepState.IN_PROGRESS, label, local_date(requested, zone), note)
    received = local_date(latest["submitted_at"], zone)
    return Cell(StepState.IN_PROGRESS, _("Received, to review"), received, note)


def _repayment_cell(
    facts: CaseFacts, figures: Figures, report_cell: Cell, moment: dt.datetime, day: dt.date
) -> Cell:
    note = _("money received that needs handling") if figures.flagged else ""
    if figures.claimed == 0:
        if report_cell.state == StepState.DONE:
            return Cell(StepState.DONE, _("Nothing to repay"), None, note)
        return Cell(StepState.NOT_APPLICABLE, _("No claim"), None, note)
    if figures.outstanding <= 0:
        last = max(
            (r["received_on"] for r in facts.repayments if r["status"] == RepaymentStatus.BOOKED),
            default=None,
        )
        return Cell(StepState.DONE, _("Repaid"), last, note)
    due_dates = [c["due_date"] for c in facts.claims if happened_by(moment, c["created_at"])]
    due = min(due_dates) if due_dates else None
    recovery = any(
        c["kind"] == ClaimKind.RECOVERY and happened_by(moment, c["created_at"])
        for c in facts.claims
    )
    if due is not None and due < day:
        label = _("Recovery claim, was due") if recovery else _("To repay, was due")
        return Cell(StepState.OVERDUE, label, due, note)
    label = _("Recovery claim, due") if recovery else _("To repay, due")
    return Cell(StepState.WAITING, label, due, note)


def _closed_cell(case: Case, moment: dt.datetime, zone: Zone) -> Cell:
    if closed_by(case, moment) and case.closed_at is not None:
        return Cell(StepState.DONE, _("Closed"), local_date(case.closed_at, zone))
    return Cell(StepState.WAITING, _("Open"))


def _cells(
    case: Case,
    facts: CaseFacts,
    figures: Figures,
    deadlines: dict[str, Deadline],
    moment: dt.datetime,
    year: int,
    zone: Zone,
) -> dict[str, Cell]:
    day = moment.astimezone(zone).date()
    report = _report_cell(facts, figures, deadlines.get(DeadlineKind.REPORT), moment, zone)
    return {
        Step.REQUISITION: _requisition_cell(
            case, facts, deadlines.get(DeadlineKind.REQUISITION), moment, zone
        ),
        Step.PAYMENT: _payment_cell(case, facts, moment, day, zone, year),
        Step.REPORT: report,
        Step.REPAYMENT: _repayment_cell(facts, figures, report, moment, day),
        Step.CLOSED: _closed_cell(case, moment, zone),
    }


def _deadlines(grant: Grant) -> dict[str, Deadline]:
    """The grant's deadlines by kind, with only what says when each closes (a hand-written
    statement: the ORM's compiling costs more than the reading)."""
    if not hand_written_sql():
        return {d.kind: d for d in Deadline.objects.filter(grant=grant)}
    statement = (
        f"SELECT {', '.join(DEADLINE_FIELDS)} FROM {table_name(Deadline)} WHERE grant_id = %s"  # noqa: S608  # nosec B608
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [grant.pk])
        rows = cursor.fetchall()
    deadlines = [loaded(Deadline, DEADLINE_FIELDS, row) for row in rows]
    return {deadline.kind: deadline for deadline in deadlines}


def grant_overview(
    grant: Grant, *, as_of: dt.date | None = None, known: GrantFacts | None = None
) -> Overview:
    """Every region's row in the grant, now or as of the end of ``as_of``. ``known``: the
    grant's facts if the caller has already fetched them."""
    known = known or grant_facts(grant, with_ledgers=True)
    cases, facts = known.cases, known.facts
    summed = known.ledgers if known.ledgers is not None else ledgers_summed(cases)
    case_ledgers = {ledger.case.pk: ledger for ledger in summed}
    deadlines = known.deadlines if known.deadlines is not None else _deadlines(grant)
    now = clock.now()
    moment = snapshot_moment(as_of) if as_of else now
    zone = timezone.get_current_timezone()  # looked up once: each day below is in it
    rows = []
    for case in cases:
        ledger = case_ledgers[case.pk]
        if as_of is None:
            figures = figures_from_ledger(ledger)
            problems = ledger.problems
        else:
            figures = figures_at(facts[case.pk], ledger.allocated, moment)
            problems = []
        rows.append(
            Row(
                county_code=case.region.county_code,
                region_name=case.region.name,
                case_status=case.status if closed_by(case, moment) else CaseStatus.OPEN,
                figures=figures,
                cells=_cells(case, facts[case.pk], figures, deadlines, moment, grant.year, zone),
                problems=problems,
            )
        )
    reconciliation = None
    if as_of is None:
        reconciliation = _reconcile(grant, list(case_ledgers.values()))
    return Overview(
        grant=grant,
        as_of=as_of,
        moment=moment,
        rows=rows,
        reconciliation=reconciliation,
        step_counts=count_states(rows),
    )


def count_states(rows: list[Row]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {step: defaultdict(int) for step in Step.values}
    for row in rows:
        for step, cell in row.cells.items():
            counts[step][cell.state] += 1
    return {step: dict(states) for step, states in counts.items()}


def _reconcile(grant: Grant, case_ledgers: list[CaseLedger]) -> Reconciliation:
    """The grant's totals against the decision and the ledger identities, summed."""
    reported = [led for led in case_ledgers if led.has_report or led.claimed]
    return Reconciliation(
        decision_regions_amount=grant.decision.regions_amount,
        allocated=sum(led.allocated for led in case_ledgers),
        requisitioned=sum(led.requisitioned for led in case_ledgers),
        lapsed=sum(led.lapsed for led in case_ledgers),
        disbursed=sum(led.disbursed for led in case_ledgers),
        accepted_used=sum(led.accepted_used for led in reported),
        claimed=sum(led.claimed for led in reported),
        not_reported=sum(
            led.disbursed for led in case_ledgers if not (led.has_report or led.claimed)
        ),
        unreconciled_regions=[led.case.region.name for led in case_ledgers if led.problems],
    )


# --- filters and sorting --------------------------------------------------------------

SORT_KEYS: dict[str, Any] = {
    "region": lambda row: row.county_code,
    "name": lambda row: row.region_name,
    "allocated": lambda row: row.figures.allocated,
    "requisitioned": lambda row: row.figures.requisitioned,
    "disbursed": lambda row: row.figures.disbursed,
    "used": lambda row: row.figures.used,
    "claimed": lambda row: row.figures.claimed,
    "repaid": lambda row: row.figures.repaid,
    "outstanding": lambda row: row.figures.outstanding,
    **{
        f"{step}_date": (
            lambda row, step=step: (row.cells[step].day is None, row.cells[step].day or dt.date.min)
        )
        for step in Step.values
    },
}


def filter_rows(rows: list[Row], *, step: str | None, state: str | None) -> list[Row]:
    """Rows whose ``step`` (or any step) is in ``state``; "problems" keeps the unreconciled."""
    if state == "problems":
        return [row for row in rows if row.problems]
    if state not in StepState.values:
        return rows
    steps = [step] if step in Step.values else Step.values
    return [row for row in rows if any(row.cells[s].state == state for s in steps)]


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    """Sort by a key in ``SORT_KEYS``; a leading "-" sorts descending. Ties keep county order."""
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"))
    if key is None:
        return rows
    ordered = sorted(rows, key=lambda row: row.county_code)
    return sorted(ordered, key=key, reverse=descending)
