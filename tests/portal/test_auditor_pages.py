"""Auditors read the service's own pages, not only the admin site: from their start page to
a case, its documents and ledger, and the audit trail; every page read only."""

import re

import pytest
from django.urls import reverse

from records.models import AuditAction, AuditEvent
from requisitions.models import Requisition
from tests.conftest import PAID_AMOUNT

KR = "115\xa0800\xa0812\xa0kr"
# Logging out and choosing the language are the only forms of every page.
RELEASED = '<th scope="row">Utbetalning verkställd</th>'
DECIDED = '<th scope="row">Utbetalning beslutad</th>'
HEADER_FORMS = {reverse("accounts:logout"), reverse("set_language")}


def post_forms(page: str) -> set[str]:
    forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>", page, flags=re.IGNORECASE)
    return {m.group(1) if (m := re.search(r'action="([^"]*)"', form)) else "" for form in forms}


@pytest.mark.django_db
def test_an_auditor_follows_a_payment_from_decision_to_ledger(client, auditor, paid_case):
    client.force_login(auditor)
    start = client.get(reverse("core:home"), follow=True)
    assert start.redirect_chain[-1][0] == reverse("portal:auditor_home")
    home = start.content.decode()
    case_url = reverse("repayments:case", args=[2025, "01"])
    assert case_url in home
    assert reverse("reporting:audit_trail") in home
    assert reverse("reporting:overview", args=[2025]) in home

    case_page = client.get(case_url).content.decode()
    requisition = Requisition.objects.get(case=paid_case)
    decision = requisition.payment_decision
    # The ledger: what was allocated and disbursed, in kronor.
    # Whole kronor: no ",00" (docs/formats.md).
    assert '<td class="num">115\xa0800\xa0812\xa0kr</td>' in case_page
    assert "Reskontran stämmer." in case_page
    review_url = reverse("requisitions:review", args=[requisition.pk])
    assert review_url in case_page
    review = client.get(review_url).content.decode()
    document_url = reverse("records:document", args=[decision.document_id])
    assert document_url in review
    assert KR in review
    pdf = client.get(document_url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    # Nothing to act on anywhere along the way.
    for page in (home, case_page, review):
        assert post_forms(page) <= HEADER_FORMS
        assert "Verkställ utbetalningen" not in page


@pytest.mark.django_db
def test_an_auditors_post_is_refused_and_changes_nothing(client, auditor, paid_case):
    client.force_login(auditor)
    requisition = Requisition.objects.get(case=paid_case)
    events = AuditEvent.objects.count()
    assert client.post(reverse("requisitions:approve", args=[requisition.pk])).status_code == 403
    assert client.post(reverse("repayments:close", args=[2025, "01"])).status_code == 403
    assert client.post(reverse("reporting:audit_trail")).status_code == 405
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_the_audit_trail_filters_by_event_person_and_date(client, auditor, paid_case):
    client.force_login(auditor)
    released = AuditEvent.objects.get(action=AuditAction.PAYMENT_RELEASED)
    url = reverse("reporting:audit_trail")
    page = client.get(url, {"action": AuditAction.PAYMENT_RELEASED}).content.decode()
    assert "1 händelse" in page
    assert "Andra Handläggaren" in page
    by_person = client.get(url, {"person": released.actor_id}).content.decode()
    assert RELEASED in by_person
    assert DECIDED not in by_person
    # The payment was decided and released on 3 November 2025; nothing happened on the 4th.
    on_the_day = client.get(url, {"fran": "2025-11-03", "till": "2025-11-03"}).content.decode()
    assert RELEASED in on_the_day
    after = client.get(url, {"fran": "2025-11-04", "till": "2025-11-30"}).content.decode()
    assert RELEASED not in after
    region = client.get(url, {"region": paid_case.region_id, "grant": paid_case.grant_id})
    assert RELEASED in region.content.decode()


@pytest.mark.django_db
def test_a_date_that_is_not_one_is_named_at_the_field(client, auditor, paid_case):
    client.force_login(auditor)
    response = client.get(reverse("reporting:audit_trail"), {"fran": "2025-13-40"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-fran"' in page
    assert "Ange ett datum som ÅÅÅÅ-MM-DD" in page


@pytest.mark.django_db
def test_the_audit_trail_as_csv_holds_the_selected_events(client, auditor, paid_case):
    client.force_login(auditor)
    response = client.get(
        reverse("reporting:audit_trail"),
        {"action": AuditAction.REQUISITION_APPROVED, "format": "csv"},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "handelselogg.csv" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Tid;Händelse;Av;Objekt;Statsbidrag;Region")
    assert len(lines) == 2
    assert lines[1].startswith("2025-11-03 10:00;Utbetalning beslutad;")
    assert ";2025;Region Stockholm;" in lines[1]
    assert f'""amount"": {PAID_AMOUNT}' in lines[1]
    xlsx = client.get(reverse("reporting:audit_trail"), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


@pytest.mark.django_db
def test_the_admin_site_shows_kronor_and_leads_to_the_service_page(client, auditor, paid_case):
    client.force_login(auditor)
    changelist = client.get("/admin/requisitions/requisition/").content.decode()
    assert KR in changelist
    assert str(PAID_AMOUNT) not in changelist
    assert "2025-11-03 10:00" in changelist  # the tables' date format, to the minute
    requisition = Requisition.objects.get(case=paid_case)
    change = client.get(f"/admin/requisitions/requisition/{requisition.pk}/change/")
    body = change.content.decode()
    assert KR in body
    assert str(PAID_AMOUNT) not in body
    view_on_site = re.search(r'<a href="([^"]+)" class="viewsitelink"', body)
    assert view_on_site is not None
    assert view_on_site.group(1) == reverse("requisitions:review", args=[requisition.pk])


@pytest.mark.django_db
def test_population_figures_are_listed_once_in_the_admin_index(client, auditor):
    client.force_login(auditor)
    page = client.get(reverse("admin:index")).content.decode()
    assert page.count(">Befolkningsuppgifter<") == 1
