"""An officer registers a new round in the browser: planned or decided, with deadlines
suggested from the previous round, and later marks a planned decision as decided."""

import datetime as dt
import html
import re

import pytest

from accounts.models import RegionRole
from grants.models import Deadline, Decision, DecisionStatus, Grant
from grants.selectors import deadline_suggestions, shift_one_year
from records.models import AuditAction, AuditEvent
from tests import factories

from .rounds import PLANNED_DEADLINES, register_2026, register_form

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
URL = "/bidrag/nytt-beslut/"


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(page))


def post(client, **overrides):
    data = register_form(**overrides)
    data.setdefault("population_dataset", str(Grant.objects.get(year=2025).population_dataset_id))
    return client.post(URL, data)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 12, 1), dt.date(2026, 12, 1)),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 28)),
        (dt.date(2027, 2, 28), dt.date(2028, 2, 28)),
    ],
)
def test_a_date_moves_one_year(day, expected):
    assert shift_one_year(day) == expected


def test_the_form_suggests_the_previous_rounds_dates_a_year_later(officer_client, grant_2025):
    suggestions = {row.kind: row.due_date for row in deadline_suggestions(grant_2025)}
    assert suggestions == {
        "agency_requisition": dt.date(2026, 6, 2),
        "requisition": dt.date(2026, 12, 1),
        "report": None,  # 2025's report date is set by the agency later, so none to copy
        "repayment": dt.date(2027, 3, 31),
        "agency_repayment": dt.date(2027, 5, 31),
        "ministry_report": dt.date(2027, 6, 30),
    }
    response = officer_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="year" value="2026"' in page
    assert 'name="deadline_requisition_date" value="2026-12-01"' in page
    assert 'name="deadline_agency_repayment_date" value="2027-05-31"' in page
    assert 'name="deadline_report_date" class' in page  # empty: nothing to suggest
    assert 'value="planned"' in page and 'id="id_status_0" required checked' in page
    text = text_of(response)
    assert "Registrera nytt beslut" in text
    assert "Datumen är förslag från omgången 2025, flyttade ett år." in text
    assert "Regionernas rekvisition Omgång 2025: 2025-12-01" in text
    # Every deadline field has a label naming its row.
    assert (
        '<label class="visually-hidden" for="id_deadline_requisition_date">Datum: Regionernas rekvisition</label>'
        in page
    )


def test_registering_a_planned_round(officer_client, grant_2025, officer):
    response = post(officer_client)
    assert response.status_code == 302
    assert response["Location"] == "/bidrag/2026/"
    grant = Grant.objects.get(year=2026)
    decision = grant.decision
    assert decision.status == DecisionStatus.PLANNED
    assert decision.diarienummer == ""
    assert decision.decided_on is None
    assert (decision.total_amount, decision.regions_amount, decision.administration_amount) == (
        400_000_000_00,
        400_000_000_00,
        0,
    )
    assert grant.population_dataset == grant_2025.population_dataset
    assert dict(Deadline.objects.filter(grant=grant).values_list("kind", "due_date")) == (
        PLANNED_DEADLINES
    )
    assert not grant.allocation_tables.exists()  # previewed and adopted later
    assert not grant.cases.exists()
    event = AuditEvent.objects.get(action=AuditAction.DECISION_REGISTERED, grant=grant)
    assert event.actor == officer
    assert event.data["status"] == "planned"
    assert event.data["regions_amount"] == 400_000_000_00
    assert AuditEvent.objects.filter(action=AuditAction.DEADLINE_SET, grant=grant).count() == 6

    page = text_of(officer_client.get("/bidrag/2026/"))
    assert "Status Planerad, ännu inte beslutad" in page
    assert "Regeringen har inte fattat beslut om den här omgången ännu" in page
    assert f"Att betala ut till regionerna 400{NBSP}000{NBSP}000{NBSP}kr" in page
    assert "Regionernas rekvisition 2026-12-01" in page


def test_registering_a_decided_round(officer_client, grant_2025):
    response = post(
        officer_client,
        status="decided",
        diarienummer=" s2026/00400 ",
        decided_on="2026-03-12",
        total_amount="400 000 000",
        regions_amount="396 000 000",
        administration_amount="4 000 000",
    )
    assert response.status_code == 302
    decision = Decision.objects.get(grant__year=2026)
    assert decision.status == DecisionStatus.DECIDED
    assert decision.diarienummer == "S2026/00400"
    assert decision.decided_on == dt.date(2026, 3, 12)
    assert decision.regions_amount == 396_000_000_00
    assert decision.administration_amount == 4_000_000_00


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"status": "decided"}, "Diarienummer", "Ett fattat beslut måste ha sitt diarienummer."),
        (
            {"status": "decided", "diarienummer": "S2026/00400"},
            "Beslutsdatum",
            "Ett fattat beslut måste ha sitt beslutsdatum.",
        ),
        (
            {"status": "decided", "diarienummer": "12345678", "decided_on": "2026-03-12"},
            "Diarienummer",
            "Ange diarienumret som i beslutet, t.ex. S2025/01234.",
        ),
        (
            {"status": "decided", "diarienummer": "S2025/01234", "decided_on": "2026-03-12"},
            "Diarienummer",
            "Ett beslut med diarienummer S2025/01234 är redan registrerat.",
        ),
        (
            {"diarienummer": "S2026/00400"},
            "Diarienummer",
            "Ett planerat beslut har inget diarienummer ännu",
        ),
        ({"decided_on": "12/03/2026"}, "Beslutsdatum", "Fyll i ett giltigt datum."),
        ({"year": "2025"}, "År", "Ett statsbidrag för 2025 är redan registrerat."),
        ({"year": "26"}, "År", "Kontrollera att detta värde är större än eller lika med 2000."),
        ({"title": ""}, "Rubrik", "Detta fält måste fyllas i."),
        ({"title": "<script>x</script>"}, "Rubrik", "Skriv vanlig text utan HTML-kod"),
        ({"conditions": ""}, "Beslutets villkor", "Detta fält måste fyllas i."),
        (
            {"regions_amount": "399 999 999,50", "total_amount": "399 999 999,50"},
            "Att betala ut till regionerna (kronor)",
            "Beloppet till regionerna måste vara hela kronor",
        ),
        (
            {"total_amount": "500 000 000"},
            "Totalt belopp (kronor)",
            f"Totalbeloppet måste vara beloppet till regionerna plus beloppet för administration (400{NBSP}000{NBSP}000{NBSP}kr).",
        ),
        (
            {"regions_amount": "fyrahundra miljoner"},
            "Att betala ut till regionerna (kronor)",
            "Ange beloppet i kronor med siffror",
        ),
        (
            {"administration_amount": "-1"},
            "För Socialstyrelsens administration och uppföljning (kronor)",
            "Beloppet får inte vara negativt.",
        ),
        (
            {"deadline_requisition_date": "2026-13-01"},
            "Datum: Regionernas rekvisition",
            "Fyll i ett giltigt datum.",
        ),
        (
            {"deadline_report_date": "", "deadline_report_moves": "on"},
            "Datum: Regionernas redovisning av medlen",
            "Ange datumet, eller lämna hela raden tom.",
        ),
    ],
)
def test_bad_input_is_refused_at_its_field_in_swedish(
    officer_client, grant_2025, overrides, field, message
):
    response = post(officer_client, **overrides)
    assert response.status_code == 200
    page = text_of(response)
    assert "Det finns ett problem" in page
    assert f"{field}: {message}" in page  # in the summary at the top, linked to the field
    assert not Grant.objects.filter(year=2026).exists()
    assert Decision.objects.count() == 1


def test_only_officers_register(client, grant_2025, auditor, stockholm):
    for user in (auditor, factories.region_user(stockholm, RegionRole.ADMIN)):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert post(client).status_code == 403
    assert not Grant.objects.filter(year=2026).exists()


def test_the_grant_list_shows_planned_and_decided_rounds(officer_client, grant_2025, officer):
    register_2026(grant_2025=grant_2025, officer=officer)
    page = text_of(officer_client.get("/bidrag/"))
    assert "Registrera nytt beslut" in page
    assert re.search(
        rf"2026 – Statsbidrag 2026 Planerad, ännu inte beslutad Inte fastställd: förhandsgranska 2026 400{NBSP}000{NBSP}000{NBSP}kr",
        page,
    )
    assert re.search(
        rf"2025 S2025/01234 .* Beslutad Fastställd 496{NBSP}000{NBSP}000{NBSP}kr", page
    )
    assert 'href="/bidrag/nytt-beslut/"' in officer_client.get("/bidrag/").content.decode()


def test_an_officer_marks_a_planned_decision_decided(officer_client, grant_2025, officer):
    grant = register_2026(grant_2025=grant_2025, officer=officer)
    url = "/bidrag/2026/beslutat/"
    form = officer_client.get(url)
    assert 'value="400 000 000"' in form.content.decode().replace(NBSP, " ")

    bad = officer_client.post(
        url,
        {
            "diarienummer": "S2025/01234",
            "decided_on": "2026-03-12",
            "total_amount": "400 000 000",
            "regions_amount": "396 000 000",
            "administration_amount": "4 000 000",
            "conditions": "Villkor enligt beslutet.",
        },
    )
    assert bad.status_code == 200
    assert "Ett beslut med diarienummer S2025/01234 är redan registrerat." in text_of(bad)
    grant.decision.refresh_from_db()
    assert grant.decision.status == DecisionStatus.PLANNED

    response = officer_client.post(
        url,
        {
            "diarienummer": "S2026/00400",
            "decided_on": "2026-03-12",
            "total_amount": "400 000 000",
            "regions_amount": "396 000 000",
            "administration_amount": "4 000 000",
            "conditions": "Villkor enligt beslutet.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(pk=grant.decision_id)
    assert decision.status == DecisionStatus.DECIDED
    assert decision.diarienummer == "S2026/00400"
    assert decision.regions_amount == 396_000_000_00
    event = AuditEvent.objects.get(action=AuditAction.DECISION_MARKED_DECIDED)
    assert event.actor == officer
    assert event.data["before"]["status"] == "planned"
    assert event.data["before"]["regions_amount"] == 400_000_000_00
    assert event.data["after"]["regions_amount"] == 396_000_000_00
    page = text_of(officer_client.get("/bidrag/2026/"))
    assert "Status Beslutad" in page
    assert "S2026/00400" in page
    # Once decided, the page sends the officer back to the grant.
    assert officer_client.get(url).status_code == 302
