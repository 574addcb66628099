"""Random orders of the acts on one case (hypothesis state machine): reports and their
completion, approval, recovery claims decided, reduced and withdrawn, repayments (also
too much), the case closed and reopened. After every step the ledger reconciles, the claims
ask at most what the region kept, the statement agrees with the ledger, the database's own
rule holds, and ``verify_ledger`` passes."""

import contextlib
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from core import clock
from core.workdays import next_banking_day
from grants.models import CaseStatus
from repayments import services
from repayments.ledger import ledgers, ledgers_summed
from repayments.models import Claim, ClaimGround, ClaimKind
from repayments.selectors import case_statement
from reports.models import ReportStatus
from reports.services import report_approve, report_request_completion
from tests.repayments.test_one_debt import PAID, check_constraints_now, report_data
from tests.support.ledgers import ledger_figures

pytestmark = pytest.mark.django_db

AMOUNTS = st.one_of(
    st.sampled_from([0, 1, 80_081_200, PAID // 2, PAID - 1, PAID]),
    st.integers(min_value=0, max_value=PAID),
)


def run_one_debt_machine(case, officer, submitter):
    class OneCase(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        def refresh(self):
            case.refresh_from_db()
            return getattr(case, "report", None) if hasattr(case, "report") else None

        def report(self):
            from reports.models import Report

            return Report.objects.filter(case=case).first()

        def attempt(self, act):
            """An act the service may refuse: a refusal changes nothing."""
            with contextlib.suppress(ValidationError):
                act()

        @rule(used=AMOUNTS)
        def submit_report(self, used):
            report = self.report()
            if report is not None and not report.is_editable:
                return
            from reports.services import report_submit

            case.refresh_from_db()
            self.attempt(
                lambda: report_submit(
                    case=case,
                    data=report_data(used),
                    version=report.version if report else 0,
                    actor=submitter,
                )
            )

        @rule()
        def request_completion(self):
            report = self.report()
            if report is not None and report.status == ReportStatus.SUBMITTED:
                self.attempt(
                    lambda: report_request_completion(
                        report=report, message="Komplettera.", actor=officer
                    )
                )

        @rule()
        def approve(self):
            report = self.report()
            if report is not None and report.status == ReportStatus.SUBMITTED:
                self.attempt(lambda: report_approve(report=report, actor=officer))

        @rule(amount=AMOUNTS, ground=st.sampled_from(ClaimGround.values))
        def decide_claim(self, amount, ground):
            self.attempt(
                lambda: services.recovery_claim_decide(
                    case=case,
                    amount=amount,
                    ground=ground,
                    due_date=next_banking_day(clock.today() + dt.timedelta(days=30)),
                    reason="Skäl.",
                    actor=officer,
                )
            )

        @rule(which=st.integers(min_value=0, max_value=5), share=st.sampled_from([0, 1, 2, 3]))
        def reduce_claim(self, which, share):
            claims = list(
                Claim.objects.filter(case=case, kind=ClaimKind.RECOVERY, amount__gt=0).order_by(
                    "pk"
                )
            )
            if claims:
                claim = claims[which % len(claims)]
                self.attempt(
                    lambda: services.recovery_claim_reduce(
                        claim=claim,
                        amount=claim.amount * share // 4,
                        reason="Ny bedömning.",
                        actor=officer,
                    )
                )

        @rule(amount=AMOUNTS, which=st.integers(min_value=0, max_value=5))
        def repay(self, amount, which):
            claims = list(Claim.objects.filter(case=case).order_by("pk"))
            if claims and amount > 0:
                reference = claims[which % len(claims)].ocr
                self.attempt(
                    lambda: services.repayment_register(
                        received_on=clock.today(), amount=amount, reference=reference, actor=officer
                    )
                )

        @rule()
        def reopen(self):
            case.refresh_from_db()
            if case.status == CaseStatus.CLOSED:
                services.case_reopen(case=case, reason="Ny uppgift.", actor=officer)

        @invariant()
        def one_debt_that_reconciles(self):
            check_constraints_now()
            case.refresh_from_db()
            ledger = ledgers([case])[0]
            assert ledger.problems == []
            # The overview's ledger, summed by PostgreSQL, says the same after every act.
            assert ledger_figures(ledgers_summed([case])[0]) == ledger_figures(ledger)
            assert ledger.claimed <= ledger.claim_ceiling <= ledger.disbursed
            assert ledger.outstanding - ledger.to_refund == ledger.claimed - ledger.repaid
            statement = case_statement(case, today=clock.today())
            assert sum(line.outstanding for line in statement.lines) == ledger.outstanding
            assert statement.accepted_used + statement.claimed <= ledger.disbursed
            call_command("verify_ledger", stdout=io.StringIO())

    run_state_machine_as_test(
        OneCase,
        settings=settings(
            max_examples=12,
            stateful_step_count=8,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_any_order_of_acts_on_a_case_keeps_one_debt(paid_case, officer, region_submitter):
    run_one_debt_machine(paid_case, officer, region_submitter)
