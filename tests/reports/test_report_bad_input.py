"""Bad input at every field of the report: a Swedish message at the field, input kept,
nothing stored as submitted."""

import pytest

from reports.models import Report, ReportVersion

from .helpers import report_post

pytestmark = pytest.mark.django_db
URL = "/region/01/bidrag/2025/redovisning/"

CASES = [
    ("amount_used", "mycket", "Ange beloppet i kronor med siffror"),
    ("amount_used", "-1", "Ange ett belopp större än noll."),
    ("amount_used", "115 800 813", "Beloppet får vara högst 115\u00a0800\u00a0812\u00a0kr."),
    ("amount_used", "", "Ange använt belopp (0 om inget har använts)."),
    (
        "amount_used",
        "50 000 000",
        "Ändamålen summerar till 60\u00a0000\u00a0000\u00a0kr, mer än de 50\u00a0000\u00a0000\u00a0kr som har använts.",
    ),
    ("bookkeeping", "", "Beskriv hur statsbidraget hålls isär i bokföringen."),
    ("bookkeeping", "<script>x</script>", "Skriv vanlig text utan HTML-kod"),
    ("bookkeeping", "x" * 4001, "Skriv högst 4000 tecken (du skrev 4001)."),
    ("certifier_name", "", "Ange namnet på den som intygar redovisningen."),
    ("certifier_title", "", "Ange titeln på den som intygar."),
    ("certified", None, "Redovisningen måste intygas innan den skickas in."),
    ("target_groups", None, "Välj minst en målgrupp."),
    ("target_groups", ["teenagers"], "Välj ett giltigt alternativ."),
    ("gender_equality", "", "Beskriv hur jämställdheten har beaktats."),
    ("child_rights", "", "Beskriv hur barnets rättigheter har beaktats."),
    ("disability", "", "Beskriv hur funktionshindersperspektivet har beaktats."),
    ("stepped_care_amount", "sextio", "Ange beloppet i kronor med siffror"),
    (
        "stepped_care_description",
        "",
        "Beskriv vad som har gjorts för ”Stegvisa vårdmodeller vid psykisk ohälsa”.",
    ),
    (
        "prevention_description",
        "Något",
        "Kryssa i ”Förebyggande och hälsofrämjande arbete, inbegripet suicidprevention” för att"
        " redovisa ett belopp eller en beskrivning för det.",
    ),
]


@pytest.mark.parametrize(("field", "value", "message"), CASES)
def test_bad_input_is_explained_at_the_field(
    client, paid_case, region_submitter, field, value, message
):
    client.force_login(region_submitter)
    response = client.post(URL, report_post(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Det finns ett problem" in html
    assert message in html, message
    assert not ReportVersion.objects.exists()


def test_no_purpose_at_all_is_refused_when_money_was_used(client, paid_case, region_submitter):
    client.force_login(region_submitter)
    response = client.post(
        URL,
        report_post(
            stepped_care_selected=None,
            stepped_care_amount="",
            stepped_care_description="",
            talking_therapy_selected=None,
            talking_therapy_description="",
        ),
    )
    assert "Välj minst ett ändamål som pengarna har gått till." in response.content.decode()
    assert not ReportVersion.objects.exists()


def test_a_draft_keeps_partial_input(client, paid_case, region_submitter):
    client.force_login(region_submitter)
    response = client.post(
        URL, report_post(action="draft", certified=None, disability="", bookkeeping="")
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.bookkeeping == ""
    assert not ReportVersion.objects.exists()
    form = client.get(URL).content.decode()
    assert "Stegvis vård på alla vårdcentraler." in form


def test_the_service_refuses_purposes_above_the_amount_used(paid_case, region_submitter):
    from django.core.exceptions import ValidationError

    from reports.services import PurposeData, ReportData, report_save_draft

    data = ReportData(
        amount_used=100, purposes={"stepped_care": PurposeData(amount=101, description="x")}
    )
    with pytest.raises(ValidationError):
        report_save_draft(case=paid_case, data=data, version=0, actor=region_submitter)
    assert not Report.objects.exists()
