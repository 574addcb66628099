"""The header's search finds a case by region, diarienummer, OCR, amount, person or e-mail."""

import pytest
from django.urls import reverse

from repayments.models import Claim, ClaimKind

pytestmark = pytest.mark.django_db

SEARCH = reverse("reporting:search")
CASE = "/handlaggare/bidrag/2025/region/01/"


def _found(client, text: str) -> str:
    response = client.get(SEARCH, {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def test_a_case_is_found_by_amount_ocr_person_and_email(client, auditor, reported_case):
    client.force_login(auditor)
    ocr = Claim.objects.get(case=reported_case, kind=ClaimKind.REPORTED).ocr
    for text, reason in (
        ("800 812", "Belopp"),  # the claim, in kronor as typed
        ("115 800 812 kr", "Belopp"),  # the requisition
        (ocr, "OCR-nummer"),
        ("Sara", "Person"),
        ("sara@regionstockholm", "E-post"),
        ("Stockholm", "Region"),
        ("01", "Region"),
    ):
        page = _found(client, text)
        assert f'href="{CASE}"' in page, text
        assert "1 ärende matchar" in page, text
        assert reason in page, text


def test_nothing_found_and_too_short_say_so(officer_client, paid_case):
    assert "Inga ärenden matchar" in _found(officer_client, "Atlantis")
    assert "Skriv minst 2 tecken" in _found(officer_client, "x")
    assert "Inga ärenden matchar" in _found(officer_client, "999 999 999")


def test_the_header_has_the_search_reports_and_one_click_language(officer_client, grant_2025):
    page = officer_client.get(reverse("grants:list")).content.decode()
    assert f'action="{SEARCH}"' in page
    assert 'href="/handlaggare/redovisningar/"' in page
    assert 'name="language" value="en"' in page
    response = officer_client.post(
        reverse("set_language"), {"language": "en", "next": reverse("grants:list")}
    )
    assert response.status_code == 302
    assert "In English" not in officer_client.get(reverse("grants:list")).content.decode()
    assert "På svenska" in officer_client.get(reverse("grants:list")).content.decode()
