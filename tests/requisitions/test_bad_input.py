"""Bad input gets a Swedish message at the field, keeps what was typed, and stores nothing."""

import pytest

from requisitions.models import Requisition

from .conftest import form_post

pytestmark = pytest.mark.django_db

CASES = [
    ("amount", "tusen kronor", "Ange beloppet i kronor med siffror"),
    ("amount", "-5", "Ange ett belopp större än noll."),
    ("amount", "\u22125 000", "Ange ett belopp större än noll."),
    ("amount", "0", "Ange ett belopp större än noll."),
    ("amount", "115 800 813", "Beloppet får vara högst 115\u00a0800\u00a0812\u00a0kr."),
    ("amount", "1,234", "Ören kan ha högst två decimaler."),
    ("amount", "9" * 40, "Beloppet är för stort."),
    ("account_number", "5050-1056", "Bankgironumrets kontrollsiffra stämmer inte."),
    ("account_number", "12", "Ange bankgironumret med sju eller åtta siffror"),
    ("attested", None, "Intyga att uppgifterna är riktiga innan du skickar in."),
    ("organisation_number_confirmed", None, "Bekräfta regionens organisationsnummer."),
    ("contact_email", "inte-en-adress", "Fyll i en giltig e-postadress."),
    # Longer than the column holds (the form's default would let 320 through to the database).
    ("contact_email", "x" * 250 + "@example.test", "Skriv högst 254 tecken (du skrev 263)."),
    ("contact_phone", "ring mig", "Ange ett telefonnummer med siffror"),
    ("contact_name", "x" * 201, "Skriv högst 200 tecken (du skrev 201)."),
    ("region_reference", "<script>alert(1)</script>", "Skriv vanlig text utan HTML-kod"),
    ("signatory_name", "<b>Eva</b>", "Skriv vanlig text utan HTML-kod"),
    ("signatory_title", "", "Ange firmatecknarens titel."),
]


@pytest.mark.parametrize(("field", "value", "message"), CASES)
def test_bad_input_is_explained_at_the_field(
    client, before_deadline, case, submitter, field, value, message
):
    client.force_login(submitter)
    response = client.post("/region/01/bidrag/2025/rekvisition/", form_post(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Det finns ett problem" in html
    assert message in html
    assert f'href="#id_{field}' in html  # the error summary links to the field
    if value and field != "attested":
        from django.utils.html import escape

        assert escape(value) in html or value in html  # what the user typed is kept
    assert not Requisition.objects.exists()


def test_a_plusgiro_number_is_checked_as_plusgiro(client, before_deadline, case, submitter):
    client.force_login(submitter)
    response = client.post(
        "/region/01/bidrag/2025/rekvisition/",
        form_post(account_type="plusgiro", account_number="4100004"),
    )
    assert response.status_code == 302
    assert Requisition.objects.get().account_number == "41 00 00-4"


@pytest.mark.parametrize(
    "amount", ["115 800 812,00", "115\u00a0800\u00a0812", "115800812", "100 000,50"]
)
def test_swedish_amounts_are_accepted(client, before_deadline, case, submitter, amount):
    client.force_login(submitter)
    assert (
        client.post("/region/01/bidrag/2025/rekvisition/", form_post(amount=amount)).status_code
        == 302
    )


def test_a_draft_keeps_partial_input_but_still_checks_what_is_there(
    client, before_deadline, case, preparer
):
    client.force_login(preparer)
    response = client.post(
        "/region/01/bidrag/2025/rekvisition/",
        form_post(
            action="draft", account_number="", signatory_name="", attested=None, contact_phone="abc"
        ),
    )
    assert response.status_code == 200
    assert "Ange ett telefonnummer med siffror" in response.content.decode()
    assert not Requisition.objects.exists()
    response = client.post(
        "/region/01/bidrag/2025/rekvisition/",
        form_post(action="draft", account_number="", signatory_name="", attested=None),
    )
    assert response.status_code == 302
    assert Requisition.objects.get().account_number == ""


def test_a_tampered_version_field_is_refused_without_an_error_page(
    client, before_deadline, case, submitter
):
    client.force_login(submitter)
    for version in ("-1", "abc", ""):
        response = client.post("/region/01/bidrag/2025/rekvisition/", form_post(version=version))
        assert response.status_code == 200
    assert not Requisition.objects.exists()
