"""Each case as it stood at a moment, from the dated records it carries.

One rule for everything: an event counts if it happened on or before the moment. A
requisition counts from its receipt (``submitted_at``) until it is refused; a payment from
its payment date; a report version from its receipt; an approval from ``approved_at``; a
claim from its creation (the reported one follows the latest version received); a
repayment from its registration; a closure from ``closed_at``. :func:`case_facts` reads
everything for any number of cases in a fixed number of queries.
"""

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from django.db import connection, models
from django.utils import timezone

from core.sql import rows_together
from core.workdays import end_of_day
from grants.models import Case, CaseStatus, Deadline, Grant
from regions.models import Region
from repayments.ledger import CaseLedger, grant_summed_statement, ledgers_from_summed_rows
from repayments.models import Claim, ClaimKind, Repayment, RepaymentStatus
from reports.models import CompletionRequest, Report, ReportVersion
from requisitions.models import Disbursement, PaymentDecision, Requisition, RequisitionStatus


@dataclass(frozen=True)
class Figures:
    """A region's money in öre."""

    allocated: int = 0
    requisitioned: int = 0
    disbursed: int = 0
    used: int = 0
    claimed: int = 0
    repaid: int = 0
    flagged: int = 0

    @property
    def outstanding(self) -> int:
        return self.claimed - self.repaid

    @property
    def lapsed(self) -> int:
        return self.allocated - self.requisitioned


MONEY_FIELDS = ("allocated", "requisitioned", "disbursed", "used", "claimed", "repaid")


def sum_figures(figures: Any) -> Figures:
    totals: dict[str, int] = defaultdict(int)
    for figure in figures:
        for name in (*MONEY_FIELDS, "flagged"):
            totals[name] += getattr(figure, name)
    return Figures(**totals)


@dataclass
class CaseFacts:
    """Every dated record of a case that the overview needs, as plain values."""

    requisitions: list[dict[str, Any]] = field(default_factory=list)
    report: dict[str, Any] | None = None
    versions: list[dict[str, Any]] = field(default_factory=list)  # by number
    completion_requests: list[dt.datetime] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    repayments: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class GrantFacts:
    """A grant's cases (by county code, with their regions) and each case's facts: what the
    overview and the progress chart both read, fetched once for a page that shows both."""

    cases: list[Case]
    facts: dict[int, CaseFacts]
    # The grant's deadlines by kind, when read with the rest (PostgreSQL), else None.
    deadlines: dict[str, Deadline] | None = None
    # Each case's ledger summed by PostgreSQL, in the cases' order, when asked for.
    ledgers: list[CaseLedger] | None = None


CASE_FIELDS = ("id", "grant_id", "region_id", "status", "closed_at")
# What is read of each submitted requisition, as ``.values()`` names it: by the statement
# written out for PostgreSQL and by the ORM on SQLite alike.
REQUISITION_FACTS = (
    "case_id",
    "status",
    "amount",
    "submitted_at",
    "is_late",
    "refused_at",
    "payment_decision__decided_at",
    "payment_decision__disbursement__amount",
    "payment_decision__disbursement__payment_date",
)
DEADLINE_FIELDS = ("id", "grant_id", "kind", "due_date", "moves_to_next_working_day")
REGION_FIELDS = ("id", "county_code", "name")
CASE_REGION = Case._meta.get_field("region")


M = TypeVar("M", bound=models.Model)


def loaded(model: type[M], names: tuple[str, ...], values: Sequence[Any]) -> M:
    """An instance of ``model`` with the fields ``names`` (attribute names, the primary key
    among them) as a hand-written statement read them, every other field deferred, as the
    ORM would have made it."""
    return model.from_db(connection.alias, names, values)


def hand_written_sql() -> bool:
    """Whether the overview's reads may be PostgreSQL's own statements. Elsewhere (SQLite
    under `make run`) they go through the ORM, as the page's cost matters in production."""
    return connection.vendor == "postgresql"


def grant_facts(grant: Grant, *, with_ledgers: bool = False) -> GrantFacts:
    """The grant's cases by county code, each with only what the overview and the progress
    chart read of it and its region (the rest is deferred), and their facts; with each
    case's ledger summed by PostgreSQL too if ``with_ledgers`` (on PostgreSQL)."""
    if not hand_written_sql():
        cases = list(
            Case.objects.filter(grant=grant)
            .select_related("region")
            .order_by("region__county_code")
        )
        return GrantFacts(cases=cases, facts=case_facts([case.pk for case in cases]))
    statements, parameters = _grant_statements(with_ledgers)
    results = rows_together(statements, {"grant": grant.pk, **parameters})
    ledger_rows = results.pop() if with_ledgers else None
    cases = []
    for row in results[0]:
        case = loaded(Case, CASE_FIELDS, row[:5])
        CASE_REGION.set_cached_value(case, loaded(Region, REGION_FIELDS, (row[2], *row[5:])))
        cases.append(case)
    deadlines = [loaded(Deadline, DEADLINE_FIELDS, row) for row in results[-1]]
    return GrantFacts(
        cases=cases,
        facts=_facts_from([case.pk for case in cases], results[1:-1]),
        deadlines={deadline.kind: deadline for deadline in deadlines},
        ledgers=None if ledger_rows is None else ledgers_from_summed_rows(cases, ledger_rows),
    )


@functools.cache
def _grant_statements(with_ledgers: bool) -> tuple[tuple[str, ...], Mapping[str, Any]]:
    """:func:`grant_facts`'s statements (parameter ``grant``: the grant's id) and the other
    parameters, which are constants. Only the text of the statements is kept from one call to
    the next, never what they read: it is the same for every grant, and psycopg converts a
    text of at most 4096 characters once (``MAX_CACHED_STATEMENT_LENGTH``), so the whitespace
    is squeezed out of each."""
    # One round trip: the cases, each kind of fact of the grant's cases and the deadlines.
    case_table = table_name(Case)
    statements = [
        (
            f"SELECT c.id, c.grant_id, c.region_id, c.status, c.closed_at, r.county_code, r.name"  # noqa: S608  # nosec B608
            f" FROM {case_table} c JOIN {table_name(Region)} r ON r.id = c.region_id"
            f" WHERE c.grant_id = %(grant)s ORDER BY r.county_code"
        ),
        *(
            statement
            for statement, _names in _statements(
                f"IN (SELECT id FROM {case_table} WHERE grant_id = %(grant)s)"  # noqa: S608  # nosec B608
            )
        ),
        f"SELECT {', '.join(DEADLINE_FIELDS)} FROM {table_name(Deadline)}"  # noqa: S608  # nosec B608
        f" WHERE grant_id = %(grant)s",
    ]
    parameters = _fact_parameters()
    if with_ledgers:
        ledger_statement, ledger_parameters = grant_summed_statement()
        statements.append(ledger_statement)
        parameters.update(ledger_parameters)
    return tuple(" ".join(statement.split()) for statement in statements), MappingProxyType(
        parameters
    )


def _fact_parameters() -> dict[str, Any]:
    return {
        "draft": RequisitionStatus.DRAFT,
        "repayment_statuses": [str(RepaymentStatus.BOOKED), str(RepaymentStatus.FLAGGED)],
    }


def table_name(model: type) -> str:
    """A model's table, quoted for a hand-written statement."""
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


@functools.cache
def _statements(cases: str = "= ANY(%(ids)s)") -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What :func:`case_facts` reads, each a statement of its own and the names of its
    columns (as ``.values()`` would name them): hand-written, as the ORM's compiling costs
    more than the reading for these few rows. ``cases``: which cases, as a condition on a case
    id (the given ids by default). Every name is a model's table; the values are
    parameters. Built once per condition: the text is the same every time."""
    requisition, decision = table_name(Requisition), table_name(PaymentDecision)
    disbursement, report = table_name(Disbursement), table_name(Report)
    version, completion = table_name(ReportVersion), table_name(CompletionRequest)
    claim, repayment = table_name(Claim), table_name(Repayment)
    return (
        (
            f"SELECT r.case_id, r.status, r.amount, r.submitted_at, r.is_late, r.refused_at,"  # noqa: S608  # nosec B608
            f" p.decided_at, d.amount, d.payment_date FROM {requisition} r"
            f" LEFT JOIN {decision} p ON p.requisition_id = r.id"
            f" LEFT JOIN {disbursement} d ON d.payment_decision_id = p.id"
            f" WHERE r.case_id {cases} AND r.status <> %(draft)s"
            f" ORDER BY r.submitted_at, r.id",
            REQUISITION_FACTS,
        ),
        (
            f"SELECT case_id, status, approved_at FROM {report} WHERE case_id {cases}",  # noqa: S608  # nosec B608
            ("case_id", "status", "approved_at"),
        ),
        (
            f"SELECT p.case_id, v.number, v.submitted_at, v.is_late, v.amount_used,"  # noqa: S608  # nosec B608
            f" v.amount_unused FROM {version} v JOIN {report} p ON p.id = v.report_id"
            f" WHERE p.case_id {cases} ORDER BY v.number",
            (
                "report__case_id",
                "number",
                "submitted_at",
                "is_late",
                "amount_used",
                "amount_unused",
            ),
        ),
        (
            f"SELECT p.case_id, q.requested_at FROM {completion} q"  # noqa: S608  # nosec B608
            f" JOIN {report} p ON p.id = q.report_id WHERE p.case_id {cases}"
            f" ORDER BY q.requested_at DESC",
            ("report__case_id", "requested_at"),
        ),
        (
            f"SELECT id, case_id, kind, amount, due_date, created_at FROM {claim}"  # noqa: S608  # nosec B608
            f" WHERE case_id {cases} ORDER BY created_at, id",
            ("pk", "case_id", "kind", "amount", "due_date", "created_at"),
        ),
        (
            f"SELECT m.claim_id, c.case_id, m.status, m.amount, m.received_on, m.registered_at"  # noqa: S608  # nosec B608
            f" FROM {repayment} m JOIN {claim} c ON c.id = m.claim_id"
            f" WHERE c.case_id {cases} AND m.status = ANY(%(repayment_statuses)s)"
            f" ORDER BY m.received_on, m.id",
            ("claim_id", "claim__case_id", "status", "amount", "received_on", "registered_at"),
        ),
    )


def case_facts(case_ids: list[int]) -> dict[int, CaseFacts]:
    if not hand_written_sql():
        return _case_facts_orm(case_ids)
    if not case_ids:
        return {case_id: CaseFacts() for case_id in case_ids}
    # One round trip: the statements go together and each answer is read in turn.
    statements = [statement for statement, _names in _statements()]
    results = rows_together(statements, {"ids": list(case_ids), **_fact_parameters()})
    return _facts_from(case_ids, results)


def _facts_from(case_ids: list[int], results: list[list[Any]]) -> dict[int, CaseFacts]:
    """The cases' facts from the rows of :func:`_statements`, in their order."""
    facts = {case_id: CaseFacts() for case_id in case_ids}
    requisitions, reports, versions, completions, claims, repayments = (
        [dict(zip(names, row, strict=True)) for row in rows]
        for (_statement, names), rows in zip(_statements(), results, strict=True)
    )
    for row in requisitions:
        facts[row["case_id"]].requisitions.append(row)
    for row in reports:
        facts[row["case_id"]].report = row
    for row in versions:
        facts[row["report__case_id"]].versions.append(row)
    for row in completions:
        facts[row["report__case_id"]].completion_requests.append(row["requested_at"])
    for row in claims:
        facts[row["case_id"]].claims.append(row)
    for row in repayments:
        facts[row["claim__case_id"]].repayments.append(row)
    return facts


def _case_facts_orm(case_ids: list[int]) -> dict[int, CaseFacts]:
    """:func:`case_facts` through the ORM, on a database other than PostgreSQL."""
    facts = {case_id: CaseFacts() for case_id in case_ids}
    for row in (
        Requisition.objects.filter(case_id__in=case_ids)
        .exclude(status=RequisitionStatus.DRAFT)
        .order_by("submitted_at", "pk")
        .values(*REQUISITION_FACTS)
    ):
        facts[row["case_id"]].requisitions.append(dict(row))
    for report in Report.objects.filter(case_id__in=case_ids).values(
        "case_id", "status", "approved_at"
    ):
        facts[report["case_id"]].report = dict(report)
    for version in (
        ReportVersion.objects.filter(report__case_id__in=case_ids)
        .order_by("number")
        .values(
            "report__case_id", "number", "submitted_at", "is_late", "amount_used", "amount_unused"
        )
    ):
        facts[version["report__case_id"]].versions.append(dict(version))
    for case_id, requested_at in CompletionRequest.objects.filter(
        report__case_id__in=case_ids
    ).values_list("report__case_id", "requested_at"):
        facts[case_id].completion_requests.append(requested_at)
    for claim in (
        Claim.objects.filter(case_id__in=case_ids)
        .order_by("created_at", "pk")
        .values("pk", "case_id", "kind", "amount", "due_date", "created_at")
    ):
        facts[claim["case_id"]].claims.append(dict(claim))
    for repayment in (
        Repayment.objects.filter(
            claim__case_id__in=case_ids,
            status__in=[RepaymentStatus.BOOKED, RepaymentStatus.FLAGGED],
        )
        .order_by("received_on", "pk")
        .values("claim_id", "claim__case_id", "status", "amount", "received_on", "registered_at")
    ):
        facts[repayment["claim__case_id"]].repayments.append(dict(repayment))
    return facts


def happened_by(moment: dt.datetime, value: dt.datetime | None) -> bool:
    return value is not None and value <= moment


def local_date(value: dt.datetime, zone: dt.tzinfo | None = None) -> dt.date:
    """The day of ``value`` in ``zone`` (the current time zone if not given: a page that
    asks for many days looks the zone up once and passes it)."""
    return value.astimezone(zone or timezone.get_current_timezone()).date()


def standing_requisition(facts: CaseFacts, moment: dt.datetime) -> dict[str, Any] | None:
    """The requisition received by ``moment`` and not refused by then (at most one)."""
    current = None
    for row in facts.requisitions:
        if happened_by(moment, row["submitted_at"]) and not happened_by(moment, row["refused_at"]):
            current = row
    return current


def paid_by(row: dict[str, Any] | None, day: dt.date) -> bool:
    payment_date = row and row["payment_decision__disbursement__payment_date"]
    return bool(payment_date and payment_date <= day)


def versions_by(facts: CaseFacts, moment: dt.datetime) -> list[dict[str, Any]]:
    return [v for v in facts.versions if happened_by(moment, v["submitted_at"])]


def figures_at(facts: CaseFacts, allocated: int, moment: dt.datetime) -> Figures:
    """The case's money as it stood at ``moment`` (see the module docstring for the rule)."""
    day = local_date(moment)
    requisitioned = sum(
        row["amount"]
        for row in facts.requisitions
        if happened_by(moment, row["submitted_at"]) and not happened_by(moment, row["refused_at"])
    )
    disbursed = sum(
        row["payment_decision__disbursement__amount"]
        for row in facts.requisitions
        if paid_by(row, day)
    )
    versions = versions_by(facts, moment)
    latest = versions[-1] if versions else None
    recovery = sum(
        claim["amount"]
        for claim in facts.claims
        if claim["kind"] == ClaimKind.RECOVERY and happened_by(moment, claim["created_at"])
    )
    registered = [r for r in facts.repayments if happened_by(moment, r["registered_at"])]
    return Figures(
        allocated=allocated,
        requisitioned=requisitioned,
        disbursed=disbursed,
        used=latest["amount_used"] if latest else 0,
        claimed=(latest["amount_unused"] if latest else 0) + recovery,
        repaid=sum(r["amount"] for r in registered if r["status"] == RepaymentStatus.BOOKED),
        flagged=sum(r["amount"] for r in registered if r["status"] == RepaymentStatus.FLAGGED),
    )


def figures_from_ledger(ledger: CaseLedger) -> Figures:
    return Figures(
        allocated=ledger.allocated,
        requisitioned=ledger.requisitioned,
        disbursed=ledger.disbursed,
        used=ledger.reported_used,
        claimed=ledger.claimed,
        repaid=ledger.repaid,
        flagged=ledger.flagged,
    )


def closed_by(case: Case, moment: dt.datetime) -> bool:
    return case.status == CaseStatus.CLOSED and happened_by(moment, case.closed_at)


def snapshot_moment(as_of: dt.date) -> dt.datetime:
    """The last instant of ``as_of`` in Stockholm: what had happened by the end of that day."""
    return end_of_day(as_of) - dt.timedelta(microseconds=1)
