"""What the region's start page says it owes is computed in PostgreSQL (portal.selectors
region_grant_rows and region_debts); it must give exactly the figures of the statement
(repayments.selectors.case_statement) and the ledger, claim by claim, on a case with several
claims, partial and flagged repayments and an overdue claim; and the start page's to-do list
is the one region_dashboard (the calendar's) gives."""

import datetime as dt

import pytest

from core import clock
from portal.selectors import region_dashboard, region_debts, region_grant_rows, region_start_page
from repayments import services
from repayments.ledger import ledgers
from repayments.models import ClaimGround, RepaymentStatus
from repayments.selectors import case_statement
from reports.services import report_submit
from tests.conftest import STOCKHOLM_TZ
from tests.repayments.test_one_debt import USED, report_data

pytestmark = pytest.mark.django_db


def pay(amount, claim, officer):
    return services.repayment_register(
        received_on=clock.today(), amount=amount, reference=claim.ocr, actor=officer
    )


def figures_agree(case) -> None:
    today = clock.today()
    statement = case_statement(case, today=today)
    ledger = ledgers([case])[0]
    expected = [
        (line.claim.pk, line.outstanding, line.claim.due_date, line.overdue, line.claim.ocr)
        for line in statement.lines
        if line.outstanding > 0
    ]
    debts = [
        (debt.claim_id, debt.outstanding, debt.due_date, debt.overdue, debt.ocr)
        for debt in region_debts(case.region_id, today=today)
        if debt.case_id == case.pk
    ]
    assert debts == expected
    rows, _count = region_grant_rows(case.region_id, now=clock.now())
    [row] = [row for row in rows if row.case_id == case.pk]
    assert (row.claimed, row.repaid, row.outstanding) == (
        ledger.claimed,
        ledger.repaid,
        ledger.outstanding,
    )
    assert row.outstanding == statement.outstanding


def to_do_of_both(region_id) -> tuple[list, list]:
    old = [
        (status.grant.year, item.kind, item.due, item.overdue)
        + ((item.line.claim.pk, item.line.outstanding) if item.line else ())
        for status in region_dashboard(region_id)
        for item in status.to_do
    ]
    new = [
        (row.year, item.kind, item.due, item.overdue)
        + ((item.debt.claim_id, item.debt.outstanding) if item.debt else ())
        for row in region_start_page(region_id).to_do
        for item in row.to_do
    ]
    return old, new


def test_what_the_region_owes_is_the_statements_figure_claim_by_claim(
    client, paid_case, officer, region_submitter, time_machine
):
    report_submit(case=paid_case, data=report_data(USED), version=0, actor=region_submitter)
    figures_agree(paid_case)  # the reported claim alone, nothing repaid
    recovery = services.recovery_claim_decide(
        case=paid_case,
        amount=10_000_000,
        ground=ClaimGround.NOT_USED_FOR_PURPOSE,
        due_date=dt.date(2026, 2, 20),
        reason="Skäl.",
        actor=officer,
    )
    figures_agree(paid_case)
    assert pay(4_000_000, recovery, officer).status == RepaymentStatus.BOOKED
    assert pay(1_000_000, recovery, officer).status == RepaymentStatus.BOOKED
    assert pay(10**12, recovery, officer).status == RepaymentStatus.FLAGGED
    figures_agree(paid_case)
    old, new = to_do_of_both(paid_case.region_id)
    assert new == old and len([item for item in new if item[1] == "debt"]) == 2
    # After the recovery claim's due date: it is overdue, the reported claim is not yet.
    time_machine.move_to(dt.datetime(2026, 3, 5, 10, tzinfo=STOCKHOLM_TZ), tick=False)
    figures_agree(paid_case)
    old, new = to_do_of_both(paid_case.region_id)
    assert new == old
    assert [item[3] for item in new if item[1] == "debt"] == [True, False]
    # The recovery claim paid in full: only the reported claim is left, partly paid.
    pay(5_000_000 + 300_000, recovery, officer)
    figures_agree(paid_case)
    old, new = to_do_of_both(paid_case.region_id)
    assert new == old
    [debt] = [item for item in new if item[1] == "debt"]
    assert debt[-1] == paid_case.claims.get(kind="reported").amount - 300_000
    client.force_login(region_submitter)
    page = client.get("/region/01/").content.decode().replace("\u00a0", " ")
    assert "Betala 797 812 kr senast 31 mars 2026" in page
