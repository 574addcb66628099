"""verify_ledger: silent on a consistent database, loud and non-zero on a corrupted one."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from repayments.ledger import ledgers, ledgers_summed
from tests.support.database import guards_off
from tests.support.ledgers import ledger_figures

pytestmark = pytest.mark.django_db


def _bypass_guards():
    guards_off()


def test_the_demo_history_reconciles_everywhere():
    call_command("demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    assert "All 21 ledgers reconcile." in out.getvalue()


def test_a_case_ledger_adds_up(approved_case, reported_claim):
    ledger = ledgers([approved_case])[0]
    assert ledger_figures(ledgers_summed([approved_case])[0]) == ledger_figures(ledger)
    assert ledger.allocated == ledger.requisitioned == ledger.disbursed == 11_580_081_200
    assert ledger.disbursed == ledger.accepted_used + ledger.claimed
    assert ledger.outstanding == ledger.claimed - ledger.repaid == reported_claim.amount


@pytest.mark.parametrize(
    ("corrupt", "expected"),
    [
        (
            "UPDATE repayments_claim SET amount = amount + 1",
            "the claim for the reported unused amount is",
        ),
        (
            "UPDATE requisitions_disbursement SET amount = amount - 100",
            "differs from the payment decision",
        ),
        (
            "UPDATE requisitions_paymentdecision SET amount = amount - 100",
            "differs from the payment decision",
        ),
        ("UPDATE reports_reportpurpose SET amount = 99999999999", "more than the"),
    ],
)
def test_a_corrupted_database_is_reported_with_the_region_and_a_non_zero_exit(
    reported_case, corrupt, expected
):
    with connection.cursor() as cursor:
        _bypass_guards()
        cursor.execute(corrupt)
    out = io.StringIO()
    with pytest.raises(CommandError, match="do not reconcile"):
        call_command("verify_ledger", stdout=out)
    line = out.getvalue()
    assert line.startswith("2025 01 Region Stockholm:")
    assert expected in line
    # The overview's ledger, summed by PostgreSQL, finds the same problem.
    with translation.override("en"):
        summed = ledgers_summed([reported_case])[0]
        assert ledger_figures(summed) == ledger_figures(ledgers([reported_case])[0])
    assert any(expected in problem for problem in summed.problems)
