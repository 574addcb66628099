"""What an officer sees on the grant's page."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import translation

from accounts.models import RegionRole
from grants.models import DeadlineKind
from grants.services import deadline_set
from tests import factories

NBSP = "\u00a0"


def text_of(response) -> str:
    html = response.content.decode()
    # Collapse ASCII whitespace only: the non-breaking spaces in amounts are part of what we check.
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", NBSP)


@pytest.mark.django_db
def test_an_officer_lands_on_the_inbox_after_logging_in(client, grant_2025, officer):
    from tests.accounts.test_security import log_in_with_code

    response = log_in_with_code(client, officer)
    assert response.redirect_chain[-1][0] == "/handlaggare/inkorg/"
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_page_shows_the_decision_and_the_allocation_in_swedish(officer_client, grant_2025):
    with translation.override("sv"):
        page = text_of(officer_client.get("/bidrag/2025/", HTTP_ACCEPT_LANGUAGE="sv"))

    assert "S2025/01234" in page
    assert "Socialdepartementet" in page
    assert "anslag 1:8 Bidrag till psykiatri" in page
    assert f"500{NBSP}000{NBSP}000{NBSP}kr" in page
    assert f"496{NBSP}000{NBSP}000{NBSP}kr" in page
    assert f"4{NBSP}000{NBSP}000{NBSP}kr" in page
    # The Stockholm row: county code, region, population, share, amount.
    assert re.search(
        rf"01 Region Stockholm 2{NBSP}471{NBSP}773 23,3{NBSP}% 115{NBSP}800{NBSP}812{NBSP}kr 115{NBSP}800{NBSP}812{NBSP}kr 0{NBSP}kr",
        page,
    )
    assert "Region Norrbotten" in page
    assert f"Summa 10{NBSP}587{NBSP}140" in page
    assert "Varje regions belopp är detsamma som i beslutets tabell." in page
    assert f"Fördelningen summerar till 496{NBSP}000{NBSP}000{NBSP}kr" in page


@pytest.mark.django_db
def test_deadlines_show_days_left_or_how_long_ago(officer_client, grant_2025, officer):
    with time_machine.travel(dt.datetime(2025, 11, 23, 12, tzinfo=dt.UTC)):
        page = text_of(officer_client.get("/bidrag/2025/", HTTP_ACCEPT_LANGUAGE="sv"))
    assert "Regionernas rekvisition 2025-12-01 Nej om 8 dagar" in page
    assert (
        "Rekvisition av medlen från Kammarkollegiet 2025-06-02 Nej Passerad (för 174 dagar sedan)"
        in page
    )
    assert "Regionernas redovisning av medlen Inte bestämt ännu" in page

    with time_machine.travel(dt.datetime(2025, 12, 1, 22, 30, tzinfo=dt.UTC)):  # 23:30 in Stockholm
        officer_client.force_login(officer)  # a week later: a new session
        page = text_of(officer_client.get("/bidrag/2025/", HTTP_ACCEPT_LANGUAGE="sv"))
    assert "Regionernas rekvisition 2025-12-01 Nej I dag" in page


@pytest.mark.django_db
def test_a_moved_deadline_shows_the_date_in_effect(officer_client, grant_2025, officer):
    deadline_set(
        grant=grant_2025,
        kind=DeadlineKind.AGENCY_REPAYMENT,
        due_date=dt.date(2026, 5, 31),
        moves_to_next_working_day=True,
        actor=officer,
    )
    page = text_of(officer_client.get("/bidrag/2025/", HTTP_ACCEPT_LANGUAGE="sv"))
    assert "2026-05-31 gäller 2026-06-01 Ja" in page


@pytest.mark.django_db
def test_a_difference_from_the_published_table_is_shown(officer_client, decision_2025_data):
    import dataclasses

    from grants.services import decision_load

    # A decision whose printed table gives Gotland one krona more than the computation.
    misprinted = dataclasses.replace(
        decision_2025_data,
        allocation=tuple(
            dataclasses.replace(row, kronor=row.kronor + 1) if row.county_code == "09" else row
            for row in decision_2025_data.allocation
        ),
    )
    decision_load(data=misprinted, diarienummer="S2025/09999", decided_on=dt.date(2025, 5, 15))

    page = text_of(officer_client.get("/bidrag/2025/", HTTP_ACCEPT_LANGUAGE="sv"))
    assert (
        f"Region Gotland 61{NBSP}000 0,6{NBSP}% 2{NBSP}857{NBSP}807{NBSP}kr 2{NBSP}857{NBSP}808{NBSP}kr −1{NBSP}kr"
        in page
    )
    assert "1 regions belopp skiljer sig från beslutets tabell." in page
    assert (
        f"Fördelningen summerar till 496{NBSP}000{NBSP}000{NBSP}kr, det belopp som beslutet ger regionerna."
        in page
    )


@pytest.mark.django_db
def test_english_is_selectable(officer_client, grant_2025):
    officer_client.post("/i18n/setlang/", {"language": "en", "next": "/bidrag/2025/"})
    page = text_of(officer_client.get("/bidrag/2025/"))
    assert "Allocation to the regions" in page
    assert "Every region's amount is the same as in the decision's table." in page.replace(
        "&#x27;", "'"
    )


@pytest.mark.django_db
def test_an_officer_sets_the_report_date_the_agency_decided(officer_client, grant_2025):
    response = officer_client.post(
        "/bidrag/2025/tidsfrister/report/",
        {"due_date": "2026-02-27", "source_text": "Socialstyrelsens beslut"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )
    assert response.status_code == 302
    page = text_of(officer_client.get("/bidrag/2025/", HTTP_ACCEPT_LANGUAGE="sv"))
    assert "Regionernas redovisning av medlen 2026-02-27" in page


@pytest.mark.django_db
@pytest.mark.parametrize("bad_date", ["02/27/2026", "27.2.2026", "", "2026-02-30"])
def test_a_bad_date_is_refused_at_the_field_in_swedish(officer_client, grant_2025, bad_date):
    response = officer_client.post(
        "/bidrag/2025/tidsfrister/report/", {"due_date": bad_date}, HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Det finns ett problem" in page
    assert not grant_2025.deadlines.filter(kind=DeadlineKind.REPORT).exists()


@pytest.mark.django_db
def test_who_may_see_the_grant_page(client, grant_2025, auditor, stockholm):
    assert client.get("/bidrag/2025/").status_code == 302  # to login
    client.force_login(factories.region_user(stockholm, RegionRole.ADMIN))
    assert client.get("/bidrag/2025/").status_code == 403
    assert client.get("/bidrag/2025/tidsfrister/report/").status_code == 403
    client.force_login(auditor)
    assert client.get("/bidrag/2025/").status_code == 200
    # Auditors read; they do not change deadlines.
    assert client.get("/bidrag/2025/tidsfrister/report/").status_code == 403
    assert (
        client.post("/bidrag/2025/tidsfrister/report/", {"due_date": "2026-02-27"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_an_unknown_year_or_kind_is_a_404(officer_client, grant_2025):
    assert officer_client.get("/bidrag/2031/").status_code == 404
    assert officer_client.get("/bidrag/2025/tidsfrister/whenever/").status_code == 404


@pytest.mark.django_db
def test_the_page_query_count_is_fixed(officer_client, grant_2025, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        officer_client.get("/bidrag/2025/")


@pytest.mark.django_db
def test_an_officer_sets_the_agencys_further_conditions(officer_client, grant_2025, officer):
    from records.models import AuditAction, AuditEvent

    response = officer_client.post(
        "/bidrag/2025/villkor/", {"agency_conditions": "Medlen får inte användas till lokaler."}
    )
    assert response.status_code == 302
    grant_2025.decision.refresh_from_db()
    assert grant_2025.decision.agency_conditions == "Medlen får inte användas till lokaler."
    event = AuditEvent.objects.get(action=AuditAction.DECISION_CONDITIONS_SET)
    assert event.actor == officer
    assert event.data == {"before": "", "after": "Medlen får inte användas till lokaler."}
    page = text_of(officer_client.get("/bidrag/2025/"))
    assert "Medlen får inte användas till lokaler." in page


@pytest.mark.django_db
def test_over_long_conditions_are_refused_at_the_field(officer_client, grant_2025):
    response = officer_client.post("/bidrag/2025/villkor/", {"agency_conditions": "x" * 20001})
    assert response.status_code == 200
    assert "Det finns ett problem" in text_of(response)
    grant_2025.decision.refresh_from_db()
    assert grant_2025.decision.agency_conditions == ""


@pytest.mark.django_db
def test_swedish_is_the_default_whatever_the_browser_prefers(officer_client, grant_2025):
    response = officer_client.get("/bidrag/2025/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "sv"
    assert "Fördelning till regionerna" in text_of(response)
