"""One debt per case: the claims on a case never ask more than the region kept, in whatever
order the facts arrive (docs/repayments.md, "One debt per case").

Stockholm was paid 115 800 812 kr (``paid_case``). Every test ends by checking the ledger
the officer's case page shows and the total the region's page asks."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from pypdf import PdfReader

from grants.models import CaseStatus
from records.models import AuditAction, AuditEvent
from repayments import services
from repayments.ledger import ledgers
from repayments.models import (
    AdjustmentCause,
    Claim,
    ClaimAdjustment,
    ClaimGround,
    ClaimKind,
    Repayment,
    RepaymentStatus,
)
from reports.services import (
    PurposeData,
    ReportData,
    report_approve,
    report_request_completion,
    report_submit,
)

pytestmark = pytest.mark.django_db

PAID = 11_580_081_200
NBSP = "\u00a0"
KEPT = 80_081_200  # 800 812 kr not used
USED = PAID - KEPT


def report_data(used: int) -> ReportData:
    return ReportData(
        amount_used=used,
        period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 31),
        bookkeeping="Eget projektnummer.",
        certifier_name="Eva",
        certifier_title="Ekonomichef",
        certified=True,
        target_groups=("adults",),
        gender_equality="x",
        child_rights="x",
        disability="x",
        purposes={"stepped_care": PurposeData(amount=None, description="Stegvis vård.")},
    )


def submit(case, used, actor):
    case.refresh_from_db()
    report = getattr(case, "report", None)
    version = report.version if report else 0
    return report_submit(case=case, data=report_data(used), version=version, actor=actor)


def decide(case, officer, *, amount, ground, due=dt.date(2026, 4, 30)):
    return services.recovery_claim_decide(
        case=case, amount=amount, ground=ground, due_date=due, reason="Skäl.", actor=officer
    )


def pay(amount, claim, officer):
    from core import clock

    return services.repayment_register(
        received_on=clock.today(), amount=amount, reference=claim.ocr, actor=officer
    )


def approve(case, officer):
    case.refresh_from_db()
    return report_approve(report=case.report, actor=officer)


def check_constraints_now():
    """The database's deferred rules run at commit; a test never commits, so ask now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def reconciles(case):
    check_constraints_now()
    case.refresh_from_db()
    ledger = ledgers([case])[0]
    assert ledger.problems == []
    assert ledger.claimed <= ledger.claim_ceiling
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    return ledger


def asks_the_region(client, user, case) -> int:
    client.force_login(user)
    response = client.get(f"/region/01/bidrag/{case.grant.year}/aterbetalning/")
    assert response.status_code == 200
    return response.context["statement"].outstanding


def test_norrbotten_reports_late_after_its_recovery_claim_and_owes_exactly_what_it_kept(
    client, paid_case, officer, region_submitter, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False)
    decide(paid_case, officer, amount=PAID, ground=ClaimGround.NO_REPORT)
    assert asks_the_region(client, region_submitter, paid_case) == PAID

    submit(paid_case, USED, region_submitter)  # late: 800 812 kr not used
    ledger = reconciles(paid_case)
    # The same money is not claimed twice: the region still owes what it was paid, since
    # its use is not yet accepted, and the claim for the missing report gave way.
    assert ledger.claimed == PAID
    assert ledger.reported_claim == KEPT
    assert asks_the_region(client, region_submitter, paid_case) == PAID
    no_report = Claim.objects.get(kind=ClaimKind.RECOVERY)
    assert no_report.amount == PAID - KEPT
    assert no_report.initial_amount == PAID  # the decision stays as decided

    approve(paid_case, officer)
    ledger = reconciles(paid_case)
    assert ledger.claimed == ledger.outstanding == KEPT
    assert asks_the_region(client, region_submitter, paid_case) == KEPT
    no_report.refresh_from_db()
    assert no_report.amount == 0
    netted = ClaimAdjustment.objects.filter(cause=AdjustmentCause.NETTING).order_by("pk")
    assert [a.amount for a in netted] == [-KEPT, -(PAID - KEPT)]
    assert AuditEvent.objects.filter(action=AuditAction.CLAIM_NETTED).count() == 2

    # The officer's case page says the ledger reconciles.
    client.force_login(officer)
    page = client.get("/handlaggare/bidrag/2025/region/01/")
    assert page.context["ledger"].problems == []
    assert "stämmer inte" not in page.content.decode()


def test_a_recovery_claim_after_the_report_takes_back_at_most_the_reported_use(
    paid_case, officer, region_submitter
):
    submit(paid_case, USED, region_submitter)
    with pytest.raises(ValidationError) as refused:
        decide(paid_case, officer, amount=USED + 100, ground=ClaimGround.NOT_USED_FOR_PURPOSE)
    assert "115 000 000 kr" in refused.value.message_dict["amount"][0].replace("\xa0", " ")
    decide(paid_case, officer, amount=10_000_000, ground=ClaimGround.NOT_USED_FOR_PURPOSE)
    approve(paid_case, officer)
    ledger = reconciles(paid_case)
    assert ledger.claimed == KEPT + 10_000_000
    assert ledger.accepted_used == USED - 10_000_000


def test_a_completion_that_says_more_was_unused_nets_against_the_agency_claim(
    paid_case, officer, region_submitter
):
    submit(paid_case, USED, region_submitter)
    taken_back = decide(paid_case, officer, amount=100_000_000, ground=ClaimGround.NOT_USED)
    paid_case.refresh_from_db()
    report_request_completion(report=paid_case.report, message="Komplettera.", actor=officer)
    # The completed report says only 500 000 kr was used: the agency's claim on the use
    # reported before can take back at most that now.
    submit(paid_case, 50_000_000, region_submitter)
    ledger = reconciles(paid_case)
    assert ledger.reported_claim == PAID - 50_000_000
    taken_back.refresh_from_db()
    assert taken_back.amount == 50_000_000
    assert ledger.claimed == PAID and ledger.accepted_used == 0
    approve(paid_case, officer)
    assert reconciles(paid_case).outstanding == PAID


def test_a_repayment_before_the_report_counts_against_the_one_debt(
    client, paid_case, officer, region_submitter, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False)
    no_report = decide(paid_case, officer, amount=PAID, ground=ClaimGround.NO_REPORT)
    pay(50_000_000, no_report, officer)  # 500 000 kr on the recovery claim
    submit(paid_case, USED, region_submitter)
    approve(paid_case, officer)
    ledger = reconciles(paid_case)
    assert ledger.repaid == 50_000_000
    assert ledger.outstanding == KEPT - 50_000_000
    assert asks_the_region(client, region_submitter, paid_case) == KEPT - 50_000_000
    # The rest, paid with the old claim's reference, is booked: the claims are one debt.
    pay(KEPT - 50_000_000, no_report, officer)
    assert Repayment.objects.filter(status=RepaymentStatus.BOOKED).count() == 2
    ledger = reconciles(paid_case)
    assert ledger.outstanding == 0
    paid_case.refresh_from_db()
    assert paid_case.status == CaseStatus.CLOSED


def test_too_much_repaid_is_flagged_and_repaid_beyond_the_claims_is_owed_back(
    client, paid_case, officer, region_submitter, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False)
    no_report = decide(paid_case, officer, amount=PAID, ground=ClaimGround.NO_REPORT)
    # More than the whole debt: flagged, never booked.
    flagged = pay(PAID + 100, no_report, officer)
    assert flagged.status == RepaymentStatus.FLAGGED
    # The region repays 1 000 000 kr before it reports that only 800 812 kr was unused.
    pay(100_000_000, no_report, officer)
    submit(paid_case, USED, region_submitter)
    approve(paid_case, officer)
    ledger = reconciles(paid_case)
    assert ledger.outstanding == 0
    assert ledger.to_refund == 100_000_000 - KEPT
    assert asks_the_region(client, region_submitter, paid_case) == 0
    paid_case.refresh_from_db()
    assert paid_case.status == CaseStatus.OPEN  # not settled while the agency owes money back


def test_an_officer_reduces_and_then_withdraws_a_claim_by_new_decisions(
    client, paid_case, officer, region_submitter, mailoutbox, django_capture_on_commit_callbacks
):
    submit(paid_case, USED, region_submitter)
    claim = decide(paid_case, officer, amount=10_000_000, ground=ClaimGround.NOT_USED_FOR_PURPOSE)
    first_decision = claim.document
    client.force_login(officer)
    url = f"/handlaggare/bidrag/2025/region/01/aterkrav/{claim.pk}/andra/"
    refused = client.post(url, {"amount": "200 000", "reason": "Mer än fordran."})
    assert refused.status_code == 200
    assert "Ange mindre än" in refused.content.decode()
    missing_reason = client.post(url, {"amount": "40 000", "reason": ""})
    assert "Detta fält måste fyllas i." in missing_reason.content.decode()
    # The new decision is shown first (nothing decided, nothing sent) and made on confirmation.
    reduce = {"amount": "40 000", "reason": "Delar av kostnaden godtas."}
    with django_capture_on_commit_callbacks(execute=True):
        step = client.post(url, reduce)
    shown = " ".join(step.content.decode().replace(NBSP, " ").split())
    for expected in ("100 000 kr", "40 000 kr", claim.ocr, "Delar av kostnaden godtas.", "Sänk"):
        assert expected in shown, expected
    assert 'name="confirm" value="1"' in shown
    assert "representant" in shown or "@" in shown  # who the decision is e-mailed to
    claim.refresh_from_db()
    assert claim.amount == 10_000_000 and not mailoutbox
    assert not ClaimAdjustment.objects.filter(cause=AdjustmentCause.DECISION).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**reduce, "confirm": "1"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.amount == 4_000_000 and claim.initial_amount == 10_000_000
    assert claim.document == first_decision  # the first decision stays on record
    change = ClaimAdjustment.objects.get(cause=AdjustmentCause.DECISION)
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(bytes(change.document.content))).pages
    )
    assert "Delar av kostnaden godtas." in text
    assert "40" in text and claim.ocr in text
    assert any("sänkt" in m.subject.lower() for m in mailoutbox)
    assert AuditEvent.objects.filter(action=AuditAction.RECOVERY_CLAIM_REDUCED).count() == 1

    withdraw = {"amount": "0", "reason": "Kostnaden godtas helt."}
    assert "Återkalla" in client.post(url, withdraw).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**withdraw, "confirm": "1"})
    claim.refresh_from_db()
    assert claim.amount == 0
    assert reconciles(paid_case).claimed == KEPT
    assert asks_the_region(client, region_submitter, paid_case) == KEPT
    statement = client.get("/region/01/bidrag/2025/aterbetalning/").content.decode()
    assert "Återkallad" in statement


def test_a_reopened_case_takes_a_new_claim_within_the_accepted_use(
    paid_case, officer, region_submitter
):
    submit(paid_case, USED, region_submitter)
    approve(paid_case, officer)
    reported = Claim.objects.get(kind=ClaimKind.REPORTED)
    pay(KEPT, reported, officer)
    paid_case.refresh_from_db()
    assert paid_case.status == CaseStatus.CLOSED
    services.case_reopen(case=paid_case, reason="Revisionen fann fel.", actor=officer)
    with pytest.raises(ValidationError):
        decide(paid_case, officer, amount=USED + 1, ground=ClaimGround.NOT_USED_FOR_PURPOSE)
    decide(paid_case, officer, amount=USED, ground=ClaimGround.NOT_USED_FOR_PURPOSE)
    ledger = reconciles(paid_case)
    assert ledger.claimed == PAID and ledger.accepted_used == 0
    assert ledger.outstanding == USED


@pytest.mark.postgres
def test_the_database_refuses_claims_beyond_what_the_region_kept(
    paid_case, officer, region_submitter
):
    submit(paid_case, USED, region_submitter)
    approve(paid_case, officer)
    reported = Claim.objects.get(kind=ClaimKind.REPORTED)
    with pytest.raises(IntegrityError, match="more than was paid"), transaction.atomic():
        Claim.objects.create(
            case=paid_case,
            kind=ClaimKind.RECOVERY,
            ground=ClaimGround.NO_REPORT,
            initial_amount=100,
            amount=100,
            due_date=dt.date(2026, 4, 30),
            ocr="9" + reported.ocr[1:],
            decided_by=officer,
            document=reported.case.report.approval_document,
        )
        check_constraints_now()
