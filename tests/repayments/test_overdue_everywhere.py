"""What is overdue on a case is the same wherever it is shown: the region's statement, the
officers' inbox and their daily digest all settle the case's repayments against its claims
in the order the claims fall due (repayments.selectors.settle)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from portal.inbox import inbox_for
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
    assert [i.amount for i in sections["overdue_repayments"]] == [KEPT - TAKEN_BACK]
    assert [i.amount for i in sections["overdue_claims"]] == [TAKEN_BACK]

    digest = {claim.kind: owed for claim, owed in digest_for(day).overdue_claims}
    assert digest == statement
