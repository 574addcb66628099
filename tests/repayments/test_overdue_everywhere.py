"""What is overdue on a case is the same wherever it is shown: the region's statement, the
officers' inbox and their daily digest all settle the case's repayments against its claims
in the order the claims fall due (repayments.selectors.settle)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.formats import amount
from portal.inbox import inbox_for, section_page
from reminders.digest import digest_for
from repayments.models import Claim, ClaimGround, ClaimKind
from repayments.selectors import case_statement
from tests.repayments.test_one_debt import KEPT, USED, approve, decide, pay, submit

pytestmark = pytest.mark.django_db

TAKEN_BACK = 10_000_000  # 100 000 kr not used for the purpose


def test_a_repayment_made_with_the_later_claims_ocr_settles_the_earlier_claim_first(
    paid_case, officer, region_submitter, time_machine
):
    submit(paid_case, USED, region_submitter)
    recovery = decide(
        paid_case,
        officer,
        amount=TAKEN_BACK,
        ground=ClaimGround.NOT_USED_FOR_PURPOSE,
        due=dt.date(2026, 4, 30),
    )
    approve(paid_case, officer)
    reported = Claim.objects.get(case=paid_case, kind=ClaimKind.REPORTED)
    assert reported.due_date < recovery.due_date
    # The region pays the recovery claim's amount, with the recovery claim's OCR reference.
    pay(TAKEN_BACK, recovery, officer)

    day = dt.date(2026, 5, 4)
    time_machine.move_to(dt.datetime(2026, 5, 4, 9, tzinfo=ZoneInfo("Europe/Stockholm")))
    statement = {
        line.claim.kind: line.outstanding
        for line in case_statement(paid_case, today=day).lines
        if line.overdue
    }
    # The repayment went to the claim that fell due first; both are late.
    assert statement == {ClaimKind.REPORTED: KEPT - TAKEN_BACK, ClaimKind.RECOVERY: TAKEN_BACK}

    sections = {s.key: s.items for s in inbox_for(officer, today=day).sections}
    assert [i.amount for i in sections["overdue_repayments"]] == [amount(KEPT - TAKEN_BACK)]
    assert [i.amount for i in sections["overdue_claims"]] == [amount(TAKEN_BACK)]

    digest = {claim.kind: owed for claim, owed in digest_for(day).overdue_claims}
    assert digest == statement


def _inbox_overdue(officer, day) -> set[tuple[str, str]]:
    """(OCR, what is left) of every overdue claim on the inbox's pages of overdue claims."""
    shown = set()
    for key in ("overdue_repayments", "overdue_claims"):
        page = section_page(officer, key, today=day, number=1)
        assert page is not None
        for item in page.section.items:
            shown.add((item.what.rsplit("OCR ", 1)[1].rstrip(")"), item.amount))
    return shown


def test_the_inbox_computes_in_sql_what_the_statement_shows_overdue_claim_by_claim(
    paid_case, officer, region_submitter, time_machine
):
    """Several claims on a case and repayments that cover part of them: before, between
    and after the due dates, the inbox's overdue claims and amounts are the statement's."""
    submit(paid_case, USED, region_submitter)
    first = decide(
        paid_case,
        officer,
        amount=TAKEN_BACK,
        ground=ClaimGround.NOT_USED_FOR_PURPOSE,
        due=dt.date(2026, 4, 30),
    )
    approve(paid_case, officer)
    reported = Claim.objects.get(case=paid_case, kind=ClaimKind.REPORTED)
    # Part of the reported amount, and then a payment with the recovery claim's OCR.
    pay(30_000_000, reported, officer)
    pay(2_500_000, first, officer)

    for day in (dt.date(2026, 3, 1), dt.date(2026, 4, 29), dt.date(2026, 5, 4)):
        time_machine.move_to(dt.datetime.combine(day, dt.time(9), ZoneInfo("Europe/Stockholm")))
        statement = {
            (line.claim.ocr, amount(line.outstanding))
            for line in case_statement(paid_case, today=day).lines
            if line.overdue
        }
        assert _inbox_overdue(officer, day) == statement
        counts = {s.key: s.count for s in inbox_for(officer, today=day).sections}
        assert counts["overdue_repayments"] + counts["overdue_claims"] == len(statement)
    # Both claims late, the repayments settling the earlier one first.
    assert len(statement) == 2
    assert (reported.ocr, amount(KEPT - 32_500_000)) in statement
    assert (first.ocr, amount(TAKEN_BACK)) in statement
