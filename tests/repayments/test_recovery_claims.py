"""Recovery claims (återkrav): grounds from the decision's conditions, due dates, documents."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from repayments.models import Claim, ClaimKind
from repayments.services import default_due_date

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def test_no_report_by_the_deadline_is_overdue_and_becomes_a_claim_of_the_whole_amount(
    client,
    paid_case,
    officer,
    region_submitter,
    time_machine,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False)
    client.force_login(officer)
    queue = client.get("/handlaggare/bidrag/2025/redovisningar/?status=overdue")
    assert [row.case.region.county_code for row in queue.context["rows"]] == ["01"]
    form = client.get("/handlaggare/bidrag/2025/region/01/aterkrav/")
    assert form.context["form"].initial["ground"] == "no_report"
    assert form.context["form"].initial["amount"] == 11_580_081_200
    assert form.context["form"].initial["due_date"] == dt.date(
        2026, 4, 1
    )  # 30 days after, later than 31 March
    post = {
        "amount": "115 800 812",
        "ground": "no_report",
        "due_date": "2026-04-01",
        "reason": "Ingen redovisning har kommit in.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        step = client.post("/handlaggare/bidrag/2025/region/01/aterkrav/", post)
    shown = step.content.decode().replace(NBSP, " ")
    for expected in (
        "Bekräfta: Besluta om återkravet",
        "115 800 812 kr",
        "2026-04-01",
        "5050-1055",
    ):
        assert expected in shown, expected
    assert "Beslut om återkrav, statsbidrag 2025" in shown  # the e-mail's subject
    assert not Claim.objects.filter(kind=ClaimKind.RECOVERY).exists()
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/handlaggare/bidrag/2025/region/01/aterkrav/", {**post, "confirm": "1"}
        )
    assert response.status_code == 302
    claim = Claim.objects.get(kind=ClaimKind.RECOVERY)
    assert claim.amount == 11_580_081_200
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(bytes(claim.document.content))).pages
    ).replace(NBSP, " ")
    for expected in (
        "Beslut om återkrav av statsbidrag",
        "115 800 812 kr",
        "2026-04-01",
        "5050-1055",
        f"S2025/01234 OCR {claim.ocr}",
        "Ingen redovisning har lämnats",
        officer.full_name,
    ):
        assert expected in text, expected
    assert "Beslut om återkrav" in mailoutbox[-1].subject
    client.force_login(region_submitter)
    page = re.sub(r"\s+", " ", client.get("/region/01/bidrag/2025/aterbetalning/").content.decode())
    assert claim.ocr in page
    assert "Försenad" not in page  # due 2026-04-01, today 2026-03-02


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "115 800 813"}, "Högst 115\u00a0800\u00a0812\u00a0kr kan krävas åter"),
        ({"amount": "0"}, "Ange ett belopp större än noll."),
        (
            {"ground": "not_used_for_purpose"},
            "Det finns ingen redovisning: grunden är att ingen redovisning har lämnats.",
        ),
        ({"ground": "whatever"}, "Välj ett giltigt alternativ."),
        ({"due_date": "2020-01-01"}, "Förfallodagen kan inte ligga bakåt i tiden."),
        ({"reason": ""}, "Detta fält måste fyllas i."),
    ],
)
def test_bad_claims_are_refused_at_the_field(client, paid_case, officer, data, message):
    client.force_login(officer)
    post = {
        "amount": "1 000",
        "ground": "no_report",
        "due_date": "2026-04-01",
        "reason": "Skäl.",
        **data,
    }
    response = client.post("/handlaggare/bidrag/2025/region/01/aterkrav/", post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Claim.objects.filter(kind=ClaimKind.RECOVERY).exists()


def test_a_claim_after_a_report_is_in_addition_to_the_reported_unused_amount(
    client, reported_case, officer
):
    from repayments.ledger import ledgers

    from .conftest import UNUSED

    client.force_login(officer)
    response = client.post(
        "/handlaggare/bidrag/2025/region/01/aterkrav/",
        {
            "amount": "1 000 000",
            "ground": "not_used_for_purpose",
            "due_date": "2026-04-30",
            "reason": "Lokalhyra.",
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    ledger = ledgers([reported_case])[0]
    assert ledger.claimed == UNUSED + 100_000_000
    assert ledger.accepted_used == 11_500_000_000 - 100_000_000
    assert ledger.problems == []


def test_the_default_due_date(paid_case):
    assert default_due_date(paid_case, dt.date(2026, 1, 10)) == dt.date(2026, 3, 31)
    # 30 days after is Sunday 19 April: a claim falls due on a banking day.
    assert default_due_date(paid_case, dt.date(2026, 3, 20)) == dt.date(2026, 4, 20)


def test_auditors_and_regions_cannot_claim(client, paid_case, auditor, region_submitter):
    for user in (auditor, region_submitter):
        client.force_login(user)
        response = client.post(
            "/handlaggare/bidrag/2025/region/01/aterkrav/",
            {"amount": "1", "ground": "no_report", "due_date": "2026-04-01", "reason": "x"},
        )
        assert response.status_code == 403
    assert not Claim.objects.exists()
