"""The region's start page: every grant with the region's allocation, deadlines and where
each step stands, and exactly what the region must do now (docs/architecture.md).

A step is open only while its deadline has not passed or the agency waits for the region;
a closed step is never shown as something to do. A fixed number of queries for the grants,
and one statement per case that has claims."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import clock
from core.sql import as_day, as_list, as_moment, json_list, prepared_cursor
from core.workdays import end_of_day, next_working_day
from grants.models import (
    AllocationTableStatus,
    Case,
    CaseStatus,
    Deadline,
    DeadlineKind,
    DecisionStatus,
)
from grants.selectors import RegionGrant, region_grants
from repayments.ledger import CaseLedger, ledgers
from repayments.models import Claim, ClaimKind, RepaymentStatus
from repayments.selectors import StatementLine, case_statement
from reports.models import CompletionRequest, Report, ReportStatus
from requisitions.models import Requisition, RequisitionStatus


class Step:
    NOT_REQUISITIONED = "not_requisitioned"
    DRAFT = "draft"
    RECEIVED = "received"
    DECIDED = "decided"
    PAID = "paid"
    REFUSED = "refused"


# How each step is worded where the region's pages show it.
STEP_LABELS = {
    Step.NOT_REQUISITIONED: _("Not requisitioned"),
    Step.DRAFT: _("Draft, not submitted"),
    Step.RECEIVED: _("Received"),
    Step.DECIDED: _("Payment decided"),
    Step.PAID: _("Paid"),
    Step.REFUSED: _("Refused"),
}

_STEP_FOR_STATUS: dict[str, str] = {
    RequisitionStatus.DRAFT: Step.DRAFT,
    RequisitionStatus.RECEIVED: Step.RECEIVED,
    RequisitionStatus.APPROVED: Step.DECIDED,
    RequisitionStatus.PAID: Step.PAID,
    RequisitionStatus.REFUSED: Step.REFUSED,
}


class ToDoKind:
    REQUISITION = "requisition"
    REPORT = "report"
    COMPLETION = "completion"
    DEBT = "debt"


@dataclass(frozen=True)
class ToDo:
    """One thing the region must do now, with the date it is due by and whether that has
    passed. A debt carries its statement line (amount left, due date, OCR reference)."""

    kind: str
    due: dt.date | None = None
    overdue: bool = False
    line: StatementLine | None = None
    completion: CompletionRequest | None = None


@dataclass(frozen=True)
class RegionCaseStatus:
    item: RegionGrant
    case: Case | None
    requisition: Requisition | None
    requisition_deadline: Deadline | None
    step: str
    requisition_open: bool
    report: Report | None = None
    report_deadline: Deadline | None = None
    ledger: CaseLedger | None = None
    to_do: list[ToDo] = field(default_factory=list)

    @property
    def grant(self):
        return self.item.grant

    @property
    def next_step(self) -> str:
        """Where the grant stands for the region, as a code the template words."""
        if self.case is not None and self.case.status == CaseStatus.CLOSED:
            return "closed"
        if self.step != Step.PAID:
            return self.step
        ledger = self.ledger
        report_status = self.report.status if self.report else None
        if report_status in (None, ReportStatus.DRAFT):
            late = self.report_deadline is not None and not self.report_deadline.is_open_at(
                clock.now()
            )
            return "report_overdue" if late else "report_due"
        if report_status == ReportStatus.COMPLETION_REQUESTED:
            return "report_completion"
        if ledger is not None and ledger.outstanding > 0:
            return "repay"
        if report_status == ReportStatus.SUBMITTED:
            return "report_received"
        return "done"

    @property
    def needs_action(self) -> bool:
        """Whether the region has something to do in this grant now (the start page shows
        these in full, the rest in one table)."""
        return bool(self.to_do)


def _to_do(status: RegionCaseStatus, lines: list[StatementLine]) -> list[ToDo]:
    """What the region must do now in one grant: only open steps, and every unpaid claim."""
    items: list[ToDo] = []
    closed = status.case is not None and status.case.status == CaseStatus.CLOSED
    deadline = status.requisition_deadline
    if (
        not closed
        and status.step in (Step.NOT_REQUISITIONED, Step.DRAFT, Step.REFUSED)
        and status.requisition_open
        and deadline is not None
    ):
        items.append(ToDo(ToDoKind.REQUISITION, due=deadline.effective_date))
    report_status = status.report.status if status.report else None
    if not closed and status.step == Step.PAID:
        if report_status in (None, ReportStatus.DRAFT):
            report_deadline = status.report_deadline
            items.append(
                ToDo(
                    ToDoKind.REPORT,
                    due=report_deadline.effective_date if report_deadline else None,
                    overdue=report_deadline is not None
                    and not report_deadline.is_open_at(clock.now()),
                )
            )
        elif status.report is not None and report_status == ReportStatus.COMPLETION_REQUESTED:
            requests = list(status.report.completion_requests.all())
            items.append(ToDo(ToDoKind.COMPLETION, completion=requests[0] if requests else None))
    for line in lines:
        if line.outstanding > 0:
            items.append(
                ToDo(ToDoKind.DEBT, due=line.claim.due_date, overdue=line.overdue, line=line)
            )
    return items


def region_dashboard(region_id: int) -> list[RegionCaseStatus]:
    items = region_grants(region_id)
    grant_ids = [item.grant.pk for item in items]
    cases = {
        case.grant_id: case
        for case in Case.objects.filter(grant_id__in=grant_ids, region_id=region_id)
    }
    latest: dict[int, Requisition] = {}
    for requisition in (
        Requisition.objects.filter(case__in=cases.values())
        .select_related("payment_decision__document", "payment_decision__disbursement")
        .order_by("created_at", "pk")
    ):
        current: Requisition | None = latest.get(requisition.case_id)
        # The active requisition wins over a refused one; among equals the newest.
        if (
            current is None
            or current.status == RequisitionStatus.REFUSED
            or requisition.status != RequisitionStatus.REFUSED
        ):
            latest[requisition.case_id] = requisition
    reports = {
        report.case_id: report
        for report in Report.objects.filter(case__in=cases.values()).prefetch_related(
            "completion_requests"
        )
    }
    # Only a paid case with a submitted or approved report can owe anything (next_step).
    owing = [
        case
        for case in cases.values()
        if case.pk in latest
        and latest[case.pk].status == RequisitionStatus.PAID
        and case.pk in reports
        and reports[case.pk].status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
    ]
    case_ledgers = {ledger.case.pk: ledger for ledger in ledgers(owing)}
    # What the region owes: the statement of each case with a claim (its unpaid lines).
    today = clock.today()
    with_claims = set(
        Claim.objects.filter(case__in=cases.values()).values_list("case_id", flat=True)
    )
    statements = {
        case.pk: case_statement(case, today=today).lines
        for case in cases.values()
        if case.pk in with_claims
    }
    report_deadlines = {
        d.grant_id: d
        for d in Deadline.objects.filter(grant_id__in=grant_ids, kind=DeadlineKind.REPORT)
    }
    now = clock.now()
    result = []
    for item in items:
        case = cases.get(item.grant.pk)
        current = latest.get(case.pk) if case else None
        deadline = next((d for d in item.deadlines if d.kind == DeadlineKind.REQUISITION), None)
        status = RegionCaseStatus(
            item=item,
            case=case,
            requisition=current,
            requisition_deadline=deadline,
            step=_STEP_FOR_STATUS[current.status] if current else Step.NOT_REQUISITIONED,
            requisition_open=bool(deadline and deadline.is_open_at(now)),
            report=reports.get(case.pk) if case else None,
            report_deadline=report_deadlines.get(item.grant.pk),
            ledger=case_ledgers.get(case.pk) if case else None,
        )
        status.to_do.extend(_to_do(status, statements.get(case.pk, []) if case else []))
        result.append(status)
    return result


# --- The region's start page and its list of grants, built cheaply ----------------------
#
# region_dashboard above materialises every grant, requisition, report and ledger of the
# region as model instances; the start page needs far less. One query gives each decided
# grant as one row of plain values (where the region's case stands, its requisition and
# report, its deadlines, what it owes: claims less booked repayments summed in PostgreSQL),
# a second the claims still unpaid, settled as the statement settles them. Plain SQL: the
# ORM would spend several milliseconds compiling these on every request.

START_PAGE_OTHERS = 5  # at most this many grants without anything to do on the start page

_GRANT_ROWS_SQL = """
WITH grant_rows AS (
SELECT g.id, g.year, c.id AS case_id, c.status AS case_status,
       r.id AS requisition_id, r.status AS requisition_status, r.refusal_reason,
       r.submitted_at, pd.document_id, d.amount AS disbursed, d.payment_date,
       rep.status AS report_status,
       (SELECT max(cr.requested_at) FROM reports_completionrequest cr
         WHERE cr.report_id = rep.id) AS requested_at,
       dr.due_date AS requisition_due, dr.moves_to_next_working_day AS requisition_moves,
       dp.due_date AS report_due, dp.moves_to_next_working_day AS report_moves,
       dy.due_date AS repayment_due, dy.moves_to_next_working_day AS repayment_moves,
       dec.title, dec.diarienummer, dec.diarienummer_is_example,
       (SELECT a.amount FROM grants_allocation a
          JOIN grants_allocationtable t ON t.id = a.table_id
         WHERE t.grant_id = g.id AND t.status = %(adopted)s AND a.region_id = %(region)s
         LIMIT 1) AS allocation,
       COALESCE((SELECT sum(cl.amount) FROM repayments_claim cl
                  WHERE cl.case_id = c.id), 0) AS claimed,
       COALESCE((SELECT sum(p.amount) FROM repayments_repayment p
                   JOIN repayments_claim cl ON cl.id = p.claim_id
                  WHERE cl.case_id = c.id AND p.status = %(booked)s), 0) AS repaid
  FROM grants_grant g
  JOIN grants_decision dec ON dec.id = g.decision_id AND dec.status = %(decided)s
  LEFT JOIN grants_case c ON c.grant_id = g.id AND c.region_id = %(region)s
  -- The requisition that counts: the newest active one, else the newest refused one.
  LEFT JOIN requisitions_requisition r ON r.id = (
       SELECT q.id
         FROM requisitions_requisition q
        WHERE q.case_id = c.id
        ORDER BY q.status = %(refused)s, q.created_at DESC, q.id DESC
        LIMIT 1)
  LEFT JOIN requisitions_paymentdecision pd ON pd.requisition_id = r.id
  LEFT JOIN requisitions_disbursement d ON d.payment_decision_id = pd.id
  LEFT JOIN reports_report rep ON rep.case_id = c.id
  LEFT JOIN grants_deadline dr ON dr.grant_id = g.id AND dr.kind = %(requisition)s
  LEFT JOIN grants_deadline dp ON dp.grant_id = g.id AND dp.kind = %(report)s
  LEFT JOIN grants_deadline dy ON dy.grant_id = g.id AND dy.kind = %(repayment)s
),
-- Whether the region may have something to do (Python decides exactly, _start_to_do): an
-- unpaid claim; a report to write or complete; a requisition whose deadline, moved to the
-- next working day or not, may not have passed.
flagged AS (
SELECT *,
       (claimed > repaid
        OR (case_status IS DISTINCT FROM %(closed)s
            AND ((requisition_status = %(paid)s
                  AND (report_status IS NULL OR report_status IN (%(draft)s, %(completion)s)))
                 OR ((requisition_status IS NULL
                      OR requisition_status IN (%(requisition_draft)s, %(refused)s))
                     AND requisition_due >= %(open_since)s)))) AS may_act
  FROM grant_rows
),
ranked AS (
SELECT *, row_number() OVER (PARTITION BY may_act ORDER BY year DESC) AS rank,
       count(*) OVER () AS grant_count
  FROM flagged
)
SELECT id, year, case_id, case_status, requisition_id, requisition_status, refusal_reason,
       submitted_at, document_id, disbursed, payment_date, report_status, requested_at,
       requisition_due, requisition_moves, report_due, report_moves, repayment_due,
       repayment_moves, title, diarienummer, diarienummer_is_example, allocation, claimed,
       repaid, grant_count
  FROM ranked
 WHERE may_act OR CAST(%(others)s AS integer) IS NULL OR rank <= CAST(%(others)s AS integer)
 ORDER BY year DESC
"""

# Each claim with what is left of it once the case's booked repayments have settled its
# claims in the order they fall due (repayments.selectors.settle): its running total less
# what was repaid, between nothing and the claim itself.
_DEBTS_SQL = """
SELECT case_id, id, amount,
       CASE WHEN beyond <= 0 THEN 0 WHEN beyond >= amount THEN amount ELSE beyond END
         AS left_unpaid,
       due_date, ocr, kind FROM (
  SELECT cl.case_id, cl.id, cl.amount, cl.due_date, cl.ocr, cl.kind, cl.created_at,
         sum(cl.amount) OVER (PARTITION BY cl.case_id
                              ORDER BY cl.due_date, cl.created_at, cl.id
                              ROWS UNBOUNDED PRECEDING)
           - COALESCE(b.total, 0) AS beyond
    FROM repayments_claim cl
    JOIN grants_case c ON c.id = cl.case_id AND c.region_id = %(region)s
    LEFT JOIN (SELECT cl2.case_id, sum(p.amount) AS total
                 FROM repayments_repayment p
                 JOIN repayments_claim cl2 ON cl2.id = p.claim_id
                 JOIN grants_case c2 ON c2.id = cl2.case_id AND c2.region_id = %(region)s
                WHERE p.status = %(booked)s
                GROUP BY cl2.case_id) b ON b.case_id = cl.case_id
) settled
 WHERE beyond > 0 AND amount > 0  -- something left of it (a claim reduced to nothing owes nothing)
 ORDER BY case_id, due_date, created_at, id
"""


@dataclass(frozen=True)
class Debt:
    """One claim with something unpaid, as the region's statement settles it
    (repayments.selectors.settle), computed in SQL."""

    case_id: int
    claim_id: int
    amount: int
    outstanding: int
    due_date: dt.date
    overdue: bool
    ocr: str
    kind: str

    @property
    def kind_label(self) -> str:
        return str(ClaimKind(self.kind).label)


@dataclass(frozen=True)
class StartToDo:
    """One thing the region must do now (as ToDo), without model instances."""

    kind: str
    due: dt.date | None = None
    overdue: bool = False
    debt: Debt | None = None
    requested_at: dt.datetime | None = None


@dataclass
class GrantRow:
    """One decided grant as the region's pages show it: where it stands and what the region
    must do, prepared before the template."""

    grant_id: int
    year: int
    case_id: int | None
    closed: bool
    step: str
    requisition_id: int | None
    refusal_reason: str
    submitted_at: dt.datetime | None
    decision_document_id: int | None
    disbursed: int | None
    disbursed_on: dt.date | None
    report_status: str | None
    completion_requested_at: dt.datetime | None
    requisition_due: dt.date | None
    requisition_open: bool
    report_due: dt.date | None
    report_late: bool
    title: str
    diarienummer: str
    diarienummer_is_example: bool
    allocation: int | None
    claimed: int
    repaid: int
    deadline_dates: tuple[tuple[str, dt.date, bool], ...] = ()
    to_do: list[StartToDo] = field(default_factory=list)
    # The table's cells, worded by portal.where.with_where for the rows a page lists.
    case_link: str = ""
    allocation_text: str = ""
    where: str = ""
    # The rows of its table of deadlines, written by portal.where.deadline_rows.
    deadline_html: str = ""

    @property
    def outstanding(self) -> int:
        """What the region still owes on the case (CaseLedger.outstanding)."""
        return max(self.claimed - self.repaid, 0)

    @property
    def step_label(self) -> str:
        return str(STEP_LABELS[self.step])

    @property
    def next_step(self) -> str:
        """As RegionCaseStatus.next_step."""
        if self.closed:
            return "closed"
        if self.step != Step.PAID:
            return self.step
        if self.report_status in (None, ReportStatus.DRAFT):
            return "report_overdue" if self.report_late else "report_due"
        if self.report_status == ReportStatus.COMPLETION_REQUESTED:
            return "report_completion"
        if self.outstanding > 0:
            return "repay"
        if self.report_status == ReportStatus.SUBMITTED:
            return "report_received"
        return "done"


def _effective(due: dt.date | None, moves: bool | None) -> dt.date | None:
    if due is None:
        return None
    return next_working_day(due) if moves else due


# A deadline moved to the next working day moves a few days at most (Christmas, Easter).
MOST_A_DEADLINE_MOVES = dt.timedelta(days=14)


def region_grant_rows(
    region_id: int, *, now: dt.datetime, others: int | None = None
) -> tuple[list[GrantRow], int]:
    """The decided grants, newest first, with where the region's case stands and what it
    owes (claims less booked repayments); and how many there are. With ``others``, only the
    grants where the region may have something to do and the ``others`` newest of the rest.
    One query."""
    params = {
        "others": others,
        "closed": CaseStatus.CLOSED,
        "paid": RequisitionStatus.PAID,
        "draft": ReportStatus.DRAFT,
        "completion": ReportStatus.COMPLETION_REQUESTED,
        "requisition_draft": RequisitionStatus.DRAFT,
        "open_since": timezone.localdate(now) - MOST_A_DEADLINE_MOVES,
        "region": region_id,
        "decided": DecisionStatus.DECIDED,
        "adopted": AllocationTableStatus.ADOPTED,
        "booked": RepaymentStatus.BOOKED,
        "refused": RequisitionStatus.REFUSED,
        "requisition": DeadlineKind.REQUISITION,
        "report": DeadlineKind.REPORT,
        "repayment": DeadlineKind.REPAYMENT,
    }
    with prepared_cursor() as cursor:
        cursor.execute(_GRANT_ROWS_SQL, params)
        records = cursor.fetchall()
    rows = []
    for (
        grant_id,
        year,
        case_id,
        case_status,
        requisition_id,
        requisition_status,
        refusal_reason,
        submitted_at,
        document_id,
        disbursed,
        disbursed_on,
        report_status,
        completion_requested_at,
        requisition_due,
        requisition_moves,
        report_due,
        report_moves,
        repayment_due,
        repayment_moves,
        title,
        diarienummer,
        is_example,
        allocation,
        claimed,
        repaid,
        _grant_count,
    ) in records:
        requisition_due, report_due, repayment_due = (
            as_day(requisition_due),
            as_day(report_due),
            as_day(repayment_due),
        )
        deadline_dates = tuple(
            (kind, due, moves)
            for kind, due, moves in (
                (DeadlineKind.REQUISITION, requisition_due, requisition_moves),
                (DeadlineKind.REPORT, report_due, report_moves),
                (DeadlineKind.REPAYMENT, repayment_due, repayment_moves),
            )
            if due is not None
        )
        requisition_last = _effective(requisition_due, requisition_moves)
        report_last = _effective(report_due, report_moves)
        rows.append(
            GrantRow(
                grant_id=grant_id,
                year=year,
                case_id=case_id,
                closed=case_status == CaseStatus.CLOSED,
                step=_STEP_FOR_STATUS[requisition_status]
                if requisition_status
                else Step.NOT_REQUISITIONED,
                requisition_id=requisition_id,
                refusal_reason=refusal_reason or "",
                submitted_at=as_moment(submitted_at),
                decision_document_id=document_id,
                disbursed=disbursed,
                disbursed_on=as_day(disbursed_on),
                report_status=report_status,
                completion_requested_at=as_moment(completion_requested_at),
                requisition_due=requisition_last,
                requisition_open=requisition_last is not None
                and now < end_of_day(requisition_last),
                report_due=report_last,
                report_late=report_last is not None and now >= end_of_day(report_last),
                title=title,
                diarienummer=diarienummer,
                diarienummer_is_example=is_example,
                allocation=allocation,
                claimed=int(claimed),
                repaid=int(repaid),
                deadline_dates=deadline_dates,
            )
        )
    return rows, (records[0][-1] if records else 0)


def region_debts(region_id: int, *, today: dt.date) -> list[Debt]:
    """Every claim on the region's cases with something left unpaid, in the order of its
    case's claims (CLAIM_ORDER), with exactly the amount left that the statement shows. One
    query."""
    with prepared_cursor() as cursor:
        cursor.execute(_DEBTS_SQL, {"region": region_id, "booked": RepaymentStatus.BOOKED})
        records = cursor.fetchall()
    debts = []
    for case_id, pk, amount, left, due_date, ocr, kind in records:
        due = cast(dt.date, as_day(due_date))  # a claim always falls due on a day
        debts.append(Debt(case_id, pk, amount, int(left), due, due < today, ocr, kind))
    return debts


def _start_to_do(row: GrantRow, debts: list[Debt]) -> list[StartToDo]:
    """As _to_do: only open steps, and every unpaid claim."""
    items: list[StartToDo] = []
    if (
        not row.closed
        and row.step in (Step.NOT_REQUISITIONED, Step.DRAFT, Step.REFUSED)
        and row.requisition_open
    ):
        items.append(StartToDo(ToDoKind.REQUISITION, due=row.requisition_due))
    if not row.closed and row.step == Step.PAID:
        if row.report_status in (None, ReportStatus.DRAFT):
            items.append(StartToDo(ToDoKind.REPORT, due=row.report_due, overdue=row.report_late))
        elif row.report_status == ReportStatus.COMPLETION_REQUESTED:
            items.append(StartToDo(ToDoKind.COMPLETION, requested_at=row.completion_requested_at))
    for debt in debts:
        items.append(StartToDo(ToDoKind.DEBT, due=debt.due_date, overdue=debt.overdue, debt=debt))
    return items


@dataclass(frozen=True)
class StartPage:
    to_do: list[GrantRow]
    others: list[GrantRow]
    grant_count: int


def region_start_page(region_id: int, *, limit: int = START_PAGE_OTHERS) -> StartPage:
    """What the region's start page shows: every grant where the region must act now, in
    full, and the ``limit`` newest of the others; how many grants there are in all. Two
    queries, whatever the number of grants."""
    rows, grant_count = region_grant_rows(region_id, now=clock.now(), others=limit)
    debts: dict[int, list[Debt]] = {}
    if any(row.claimed > row.repaid for row in rows):  # otherwise every claim is paid
        for debt in region_debts(region_id, today=clock.today()):
            debts.setdefault(debt.case_id, []).append(debt)
    to_do: list[GrantRow] = []
    others: list[GrantRow] = []
    for row in rows:
        row.to_do = _start_to_do(row, debts.get(row.case_id, []) if row.case_id else [])
        if row.to_do:
            to_do.append(row)
        elif len(others) < limit:
            others.append(row)
    return StartPage(to_do=to_do, others=others, grant_count=grant_count)


@dataclass(frozen=True)
class Notice:
    """An announcement of the agency as the region's start page shows it, with its attached
    documents as (id, file name), newest first."""

    title: str
    body: str
    published_at: dt.datetime
    year: int
    attachments: list[tuple[int, str]]


@dataclass(frozen=True)
class Notices:
    # (grant year, count) of the agency's messages the user has not read, newest grant first.
    unread: list[tuple[int, int]]
    announcements: list[Notice]


# Each part its own columns; the NULLs typed for PostgreSQL's union (a CAST of NULL is NULL
# on SQLite too); the announcements in a subquery, where SQLite allows ORDER BY and LIMIT.
_NOTICES_SQL = """
SELECT 'm' AS kind, g.year, COUNT(*) AS n, CAST(NULL AS bigint) AS id,
       CAST(NULL AS text) AS title, CAST(NULL AS text) AS body,
       CAST(NULL AS timestamptz) AS published_at, CAST(NULL AS text) AS files
  FROM conversations_message m
  JOIN grants_case c ON c.id = m.case_id
  JOIN grants_grant g ON g.id = c.grant_id
 WHERE %(reads)s AND c.region_id = %(region)s AND m.side = %(agency)s
   AND NOT EXISTS (SELECT 1 FROM conversations_messageread mr
                    WHERE mr.message_id = m.id AND mr.user_id = %(user)s)
 GROUP BY g.year
UNION ALL
SELECT * FROM (
 SELECT 'a', g.year, 0, a.id, a.title, a.body, a.published_at,
        CAST((SELECT {files}
           FROM reminders_announcement_attachments aa
           JOIN records_document d ON d.id = aa.document_id
          WHERE aa.announcement_id = a.id) AS text)
   FROM reminders_announcement a
   JOIN grants_grant g ON g.id = a.grant_id
   JOIN grants_decision de ON de.id = g.decision_id
  WHERE de.status = %(decided)s AND a.published_at <= %(now)s
    AND (a.shown_until IS NULL OR a.shown_until >= %(today)s)
  ORDER BY a.published_at DESC, a.id DESC
  LIMIT %(limit)s) AS announcements
"""


def region_notices(
    region_id: int, user_id: int | None, *, reads_messages: bool, limit: int = 10
) -> Notices:
    """What the agency says to the region's start page, in one query: by grant, the agency's
    messages ``user_id`` has not read (conversations.selectors.region_unread_counts; none
    unless ``reads_messages``), and the announcements current today
    (reminders.selectors.announcements_for_regions), with their attachments."""
    from conversations.models import Side

    params: dict[str, Any] = {
        "reads": reads_messages,
        "region": region_id,
        "agency": str(Side.AGENCY),
        "user": user_id,
        "decided": str(DecisionStatus.DECIDED),
        "now": clock.now(),
        "today": clock.today(),
        "limit": limit,
    }
    statement = _NOTICES_SQL.replace("{files}", json_list("d.id", "d.filename", "d.created_at"))
    with prepared_cursor() as cursor:
        cursor.execute(statement, params)
        records = cursor.fetchall()
    unread = sorted(((year, n) for kind, year, n, *_rest in records if kind == "m"), reverse=True)
    announcements = sorted(
        (
            Notice(
                title,
                body,
                cast(dt.datetime, as_moment(published_at)),
                year,
                # The newest attachment first, as Document's own order.
                [
                    (pk, name)
                    for pk, name, _created in sorted(
                        as_list(files),
                        key=lambda file: (as_moment(file[2]), file[0]),
                        reverse=True,
                    )
                ],
            )
            for kind, year, _n, _pk, title, body, published_at, files in records
            if kind == "a"
        ),
        key=lambda notice: notice.published_at,
        reverse=True,
    )
    return Notices(unread, announcements)
