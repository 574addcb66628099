"""Late-payment interest (dröjsmålsränta) on recovery claims, the reference rates it uses, and
what the recovery claim decision says."""

import datetime as dt
import io
import re

import pytest
from django.db import IntegrityError, connection, transaction
from pypdf import PdfReader

from grants.services import grant_recovery_terms_set
from records.models import AuditAction, AuditEvent
from repayments import services
from repayments.interest import interest_for_cases, reference_rate_set
from repayments.models import ClaimGround, ReferenceRate

pytestmark = pytest.mark.django_db
STOCKHOLM = dt.timezone(dt.timedelta(hours=1))
APPEAL = "Beslutet kan överklagas hos Förvaltningsrätten i Stockholm inom tre veckor."
CLAIM = 10_000_000  # öre: 100 000 kr


def text_of(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode()).replace("&nbsp;", " ")
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def pdf_text(document) -> str:
    reader = PdfReader(io.BytesIO(bytes(document.content)))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages)).replace(
        "\u00a0", " "
    )


@pytest.fixture
def overdue_claim(paid_case, officer, time_machine):
    """Stockholm never reported: on 2026-03-02 a recovery claim of 100 000 kr, due 2026-06-15,
    in a grant whose recovery decisions carry interest."""
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=STOCKHOLM), tick=False)
    grant_recovery_terms_set(
        grant=paid_case.grant, appeal_text=APPEAL, late_interest_applies=True, actor=officer
    )
    return services.recovery_claim_decide(
        case=paid_case,
        amount=CLAIM,
        ground=ClaimGround.NO_REPORT,
        due_date=dt.date(2026, 6, 15),
        reason="Ingen redovisning har kommit in trots påminnelse.",
        actor=officer,
    )


def test_interest_runs_from_the_day_after_the_due_date_over_a_half_year_and_a_repayment(
    client, overdue_claim, officer, region_submitter, time_machine
):
    case = overdue_claim.case
    reference_rate_set(
        starts_on=dt.date(2026, 1, 1), rate_bp=175, source="Riksbanken", reason="", actor=officer
    )
    reference_rate_set(
        starts_on=dt.date(2026, 7, 1), rate_bp=200, source="Riksbanken", reason="", actor=officer
    )
    # Nothing on the due date; one day's at 1,75 + 8 = 9,75 % the day after:
    # 100 000 kr × 9,75 % / 365 = 26,7123 kr.
    assert interest_for_cases([case.pk], dt.date(2026, 6, 15)) == {}
    assert interest_for_cases([case.pk], dt.date(2026, 6, 16))[case.pk].amount == 2_671
    time_machine.move_to(dt.datetime(2026, 7, 10, 9, tzinfo=STOCKHOLM), tick=False)
    services.repayment_register(
        received_on=dt.date(2026, 7, 10),
        amount=4_000_000,
        reference=f"OCR {overdue_claim.ocr}",
        actor=officer,
    )
    # By hand, up to and including 2026-07-31:
    #   16–30 June, 15 days on 100 000 kr at  9,75 %: 100 000 × 0,0975 × 15 / 365 = 400,6849 kr
    #   1–9 July,    9 days on 100 000 kr at 10,00 %: 100 000 × 0,1000 ×  9 / 365 = 246,5753 kr
    #   10–31 July, 22 days on  60 000 kr at 10,00 %:  60 000 × 0,1000 × 22 / 365 = 361,6438 kr
    #   in all 1 008,9041 kr, rounded to 1 008,90 kr.
    assert interest_for_cases([case.pk], dt.date(2026, 7, 31))[case.pk].amount == 100_890
    time_machine.move_to(dt.datetime(2026, 7, 31, 12, tzinfo=STOCKHOLM), tick=False)
    client.force_login(region_submitter)
    page = text_of(client.get("/region/01/bidrag/2025/aterbetalning/"))
    assert "Dröjsmålsränta" in page
    assert "1 008,90 kr" in page
    assert "Att betala i dag, med ränta 61 008,90 kr" in page
    # The ledger keeps it apart: the claim still asks 100 000 kr, 60 000 kr outstanding.
    client.force_login(officer)
    response = client.get("/handlaggare/bidrag/2025/region/01/")
    assert response.context["ledger"].interest == 100_890
    assert response.context["ledger"].outstanding == 6_000_000
    assert response.context["ledger"].claimed == CLAIM
    assert "Skuld i dag, med ränta 61 008,90 kr" in text_of(response)


def test_no_interest_when_the_grant_says_none_and_that_cannot_change_after_a_claim(
    client, paid_case, officer, region_submitter, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=STOCKHOLM), tick=False)
    reference_rate_set(
        starts_on=dt.date(2026, 1, 1), rate_bp=175, source="", reason="", actor=officer
    )
    services.recovery_claim_decide(
        case=paid_case,
        amount=CLAIM,
        ground=ClaimGround.NO_REPORT,
        due_date=dt.date(2026, 4, 1),
        reason="Ingen redovisning.",
        actor=officer,
    )
    assert interest_for_cases([paid_case.pk], dt.date(2026, 6, 30)) == {}
    time_machine.move_to(dt.datetime(2026, 5, 4, 10, tzinfo=STOCKHOLM), tick=False)
    client.force_login(officer)
    response = client.post(
        "/bidrag/2025/aterkrav/", {"appeal_text": APPEAL, "late_interest_applies": "on"}
    )
    assert response.status_code == 200
    assert "Beslut om återkrav har redan fattats i bidraget" in text_of(response)
    assert response.context["form"]["appeal_text"].value() == APPEAL  # nothing typed is lost
    client.force_login(region_submitter)
    page = text_of(client.get("/region/01/bidrag/2025/aterbetalning/"))
    assert "Försenad" in page
    assert "Dröjsmålsränta" not in page


def test_a_missing_reference_rate_is_a_problem_shown_to_officers_never_a_guess(
    client, overdue_claim, officer, region_submitter, time_machine
):
    reference_rate_set(
        starts_on=dt.date(2026, 1, 1), rate_bp=175, source="", reason="", actor=officer
    )
    time_machine.move_to(dt.datetime(2026, 7, 31, 12, tzinfo=STOCKHOLM), tick=False)
    interest = interest_for_cases([overdue_claim.case_id], dt.date(2026, 7, 31))
    assert interest[overdue_claim.case_id].amount is None
    message = (
        "Referensräntan för halvåret från 1 juli 2026 har inte förts in: dröjsmålsräntan kan "
        "inte räknas ut."
    )
    client.force_login(officer)
    assert message in text_of(client.get("/handlaggare/bidrag/2025/region/01/"))
    assert message in text_of(client.get("/handlaggare/referensranta/"))
    client.force_login(region_submitter)
    page = text_of(client.get("/region/01/bidrag/2025/aterbetalning/"))
    assert "inte uträknad än" in page
    assert "Referensräntan" not in page


def test_the_decision_names_its_ground_facts_payment_interest_and_appeal(overdue_claim):
    text = pdf_text(overdue_claim.document)
    for expected in (
        "Beslut om återkrav av statsbidrag",
        # The ground: the report condition and what happened, not every condition at once.
        "regionerna ska redovisa hur medlen har använts senast det datum som Socialstyrelsen "
        "bestämmer",
        "Socialstyrelsen bestämde att redovisningen skulle lämnas senast den 27 februari 2026.",
        "Ingen redovisning från regionen hade kommit in den 2 mars 2026.",
        "100 000 kr",
        "15 juni 2026",
        "bankgiro 5050-1055",
        f"OCR-numret {overdue_claim.ocr}",
        f"S2025/01234 OCR {overdue_claim.ocr}",
        "dröjsmålsränta enligt 6 § räntelagen (1975:635) från och med den 16 juni 2026",
        "referensränta för varje kalenderhalvår (9 § räntelagen) plus åtta procentenheter",
        APPEAL,
    ):
        assert expected in text, expected
    assert "utan ansökningsförfarande" not in text  # another condition of the decision


def test_a_rate_is_entered_per_half_year_and_corrected_only_with_a_reason(
    client, officer, auditor, time_machine
):
    time_machine.move_to(dt.datetime(2026, 1, 2, 10, tzinfo=STOCKHOLM), tick=False)
    client.force_login(officer)
    url = "/handlaggare/referensranta/"
    wrong_day = client.post(url, {"starts_on": "2026-03-01", "rate": "1,75"})
    assert "Referensräntan gäller ett halvår: ange 1 januari eller 1 juli." in text_of(wrong_day)
    assert client.post(url, {"starts_on": "2026-01-01", "rate": "1,57 %"}).status_code == 302
    no_reason = client.post(url, {"starts_on": "2026-01-01", "rate": "1,75"})
    assert "Det finns redan en ränta för halvåret (1,57 %)" in text_of(no_reason)
    assert no_reason.context["form"]["rate"].value() == "1,75"
    assert ReferenceRate.objects.get().rate_bp == 157
    corrected = client.post(
        url, {"starts_on": "2026-01-01", "rate": "1,75", "reason": "Felskrivning."}
    )
    assert corrected.status_code == 302
    rate = ReferenceRate.objects.get()
    assert (rate.rate_bp, rate.correction_reason) == (175, "Felskrivning.")
    event = AuditEvent.objects.get(action=AuditAction.REFERENCE_RATE_CORRECTED)
    assert event.data["before"]["rate_bp"] == 157
    page = text_of(client.get(url))
    assert "1,75 %" in page and "9,75 %" in page
    client.force_login(auditor)
    assert client.post(url, {"starts_on": "2026-07-01", "rate": "1,75"}).status_code == 403


@pytest.mark.postgres
def test_the_database_refuses_to_delete_a_rate_or_change_it_without_a_correction(officer):
    with transaction.atomic():
        rate = reference_rate_set(
            starts_on=dt.date(2026, 1, 1), rate_bp=175, source="", reason="", actor=officer
        )
    for sql in (
        "DELETE FROM repayments_referencerate",
        "UPDATE repayments_referencerate SET rate_bp = 300",
        "UPDATE repayments_referencerate SET starts_on = '2026-07-01'",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert ReferenceRate.objects.get(pk=rate.pk).rate_bp == 175


def test_an_officer_sets_what_recovery_decisions_say_on_the_grant_page(client, grant_2025, officer):
    client.force_login(officer)
    assert "Inte angivet: besluten säger inte om de kan överklagas." in text_of(
        client.get("/bidrag/2025/")
    )
    empty = client.post("/bidrag/2025/aterkrav/", {"late_interest_applies": "on"})
    assert "Detta fält måste fyllas i." in text_of(empty)
    response = client.post(
        "/bidrag/2025/aterkrav/", {"appeal_text": APPEAL, "late_interest_applies": "on"}
    )
    assert response.status_code == 302
    page = text_of(client.get("/bidrag/2025/"))
    assert APPEAL in page
    assert "Tas ut på försenade återkrav" in page
    event = AuditEvent.objects.get(action=AuditAction.GRANT_RECOVERY_TERMS_SET)
    assert event.data["after"] == {"appeal_text": APPEAL, "late_interest_applies": True}
