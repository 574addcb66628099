"""The regions' start pages in the demo a year after the 2025 requisition closed: each region
sees what it must do now, its debts with due date and OCR reference, and nothing of anyone
else's (docs/architecture.md, issue 15)."""

import re

import pytest

from repayments.models import Claim, ClaimKind
from tests.reporting.known_data import expected as x

pytestmark = pytest.mark.django_db


def to_do_items(page: str) -> list[str]:
    """The to-do list's items as text, with the class of their overdue mark kept."""
    items = re.findall(r'<ul class="to-do"[^>]*>(.*?)</ul>', page, re.S)
    return [
        " ".join(re.sub(r'<strong class="status-overdue">', " [status-overdue] ", li).split())
        for block in items
        for li in re.findall(r"<li[^>]*>(.*?)</li>", block, re.S)
    ]


def test_norrbotten_sees_its_overdue_debt_with_the_ocr_reference(start_page):
    claim = Claim.objects.get(case__region__county_code=x.NO_REPORT, kind=ClaimKind.REPORTED)
    [item] = to_do_items(start_page(x.NO_REPORT))
    assert "Betala 645 937" in item and "senast 31 mars 2026" in item
    assert f"OCR-nummer {claim.ocr}" in item
    assert "[status-overdue] Försenad" in re.sub(r"<[^>]+>", " ", item)


def test_dalarna_sees_its_recovery_claim(start_page):
    claim = Claim.objects.get(case__region__county_code=x.history.RECOVERY_CLAIMED)
    assert claim.kind == ClaimKind.RECOVERY
    [item] = to_do_items(start_page(x.history.RECOVERY_CLAIMED))
    assert "Betala 150 000" in item and "senast 3 juni 2026" in item
    assert f"OCR-nummer {claim.ocr}" in item and "återkrav" in item and "Försenad" in item


def test_stockholm_has_nothing_open_a_year_after_the_requisition_closed(start_page):
    page = start_page("01")
    assert to_do_items(page) == []
    assert "Regionen har inget att göra just nu." in page
    assert "Rekvirera" not in page
    # The notice that the requisition was open was current only until 1 December 2025.
    assert "Rekvisitionen av statsbidraget är öppen" not in page
    assert "Ärendet är avslutat." in page


def test_a_region_never_sees_another_regions_items(client, start_page):
    norrbotten = Claim.objects.get(case__region__county_code=x.NO_REPORT, kind=ClaimKind.REPORTED)
    page = start_page("01")  # logged in as Stockholm's administrator
    assert norrbotten.ocr not in page and "645 937" not in page
    assert client.get(f"/region/{x.NO_REPORT}/").status_code in (403, 404)
