"""The regions' statements in the demo tell the story the demo records (docs/repayments.md)."""

import pytest

from accounts.models import RegionMembership, RegionRole

from . import expected as x

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def statement(client, code):
    member = RegionMembership.objects.filter(
        region__county_code=code, role=RegionRole.ADMIN
    ).first()
    client.force_login(member.user)
    response = client.get(f"/region/{code}/bidrag/2025/aterbetalning/")
    assert response.status_code == 200
    return response, response.content.decode().replace(NBSP, " ")


def test_norrbotten_reported_late_after_its_recovery_claim_and_owes_what_it_kept(client, demo):
    response, page = statement(client, x.NO_REPORT)
    assert response.context["statement"].outstanding == x.NO_REPORT_UNUSED_KR * x.KR
    assert response.context["statement"].ledger.problems == []
    assert "Återkallad" in page  # the claim for the missing report gave way
    assert "645 937 kr" in page and "Försenad" in page  # due 31 March, not paid


def test_dalarna_sees_its_overdue_recovery_claim_with_interest_to_date(client, demo):
    response, page = statement(client, x.history.RECOVERY_CLAIMED)
    assert response.context["statement"].outstanding == x.history.RECOVERY_KRONOR * x.KR
    # 150 000 kr due 2026-06-03; 4 June to 23 November is 173 days at 1,75 % + 8 (both
    # half-years): 15 000 000 öre × 9,75 % × 173 / 365 = 693 184,93 öre.
    assert "Dröjsmålsränta hittills" in page
    assert "6 931,85 kr" in page
    assert "Försenad" in page
