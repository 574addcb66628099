"""The agency's own money: its requisition from Kammarkollegiet, its administration costs
within the decision's 4 000 000 kr, and the economic report (page, PDF, XLSX)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from records.models import AuditAction, AuditEvent
from reporting import services
from reporting.kammarkollegiet import economic_report
from reporting.models import AdministrationCost

from . import expected as x

KR = x.KR
URL = "/bidrag/2025/kammarkollegiet/"


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of white space (line breaks too) as one space."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_economic_report_adds_up(demo):
    report = economic_report(demo)
    assert report.received == x.AGENCY_RECEIVED_KR * KR
    assert report.paid_to_regions == x.TOTAL_PAID_KR * KR
    assert report.repaid_by_regions == x.TOTAL_REPAID_KR * KR
    assert report.administration == x.ADMINISTRATION_KR * KR
    assert report.to_repay == x.TO_REPAY_KAMMARKOLLEGIET_KR * KR
    assert report.to_repay == 12_776_639 * KR
    parts = {part.code: part.amount for part in report.owed_parts}
    assert parts == {
        "lapsed": x.LAPSED_KR * KR,
        "repaid": x.TOTAL_REPAID_KR * KR,
        "administration": x.UNUSED_ADMINISTRATION_KR * KR,
    }
    assert sum(parts.values()) == report.to_repay
    assert report.repaid_to_kammarkollegiet == x.AGENCY_REPAID_KR * KR
    assert report.repayment_matches
    assert report.due == dt.date(2026, 5, 31)
    assert report.still_owed_by_regions == sum(x.OUTSTANDING_KR.values()) * KR
    assert sum(amount for _code, _label, amount in report.costs_by_type) == report.administration


def test_the_page_shows_the_report_and_offers_the_files(client, demo, demo_officer):
    client.force_login(demo_officer)
    page = client.get(URL).content.decode()
    assert "Ekonomisk redovisning till Kammarkollegiet, statsbidrag 2025" in page
    assert "senast den 31 maj 2026" in page
    assert "12\u00a0776\u00a0639\u00a0kr" in page
    assert "Exempel: KK-2025-0528" in page
    assert "1\u00a0745\u00a0800\u00a0kr använt av 4\u00a0000\u00a0000\u00a0kr" in page
    # Lapsed money is a line of its own, and the repayment is reconciled in words.
    assert "varav aldrig rekvirerat av regionerna (förfallet)" in page
    assert "Exempel: KK-2026-0529" in page
    assert (
        "Den registrerade återbetalningen på 12\u00a0776\u00a0639\u00a0kr stämmer med de "
        "12\u00a0776\u00a0639\u00a0kr som ska återbetalas."
    ) in page
    # The corrected cost: as recorded, the correction with its reason, the corrected amount.
    assert "Rättad 2025-11-14 med −2\u00a0700\u00a0kr: Beloppet registrerades som" in page
    assert reverse("reporting:kammarkollegiet_pdf", args=[2025]) in page
    assert "Registrera en administrationskostnad" in page


def test_the_pdf_states_the_figures_in_swedish(client, demo, demo_officer):
    client.force_login(demo_officer)
    response = client.get(reverse("reporting:kammarkollegiet_pdf", args=[2025]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "Ekonomisk redovisning till Kammarkollegiet",
        "S2025/01234 (exempel, inte det riktiga diarienumret)",
        "Mottaget från Kammarkollegiet",
        "500 000 000 kr",
        "487 127 561 kr",
        "Att återbetala till Kammarkollegiet",
        "12 776 639 kr",
        "2026-05-31",
        "varav aldrig rekvirerat av regionerna (förfallet)",
        "Återbetalt till Kammarkollegiet",
        "stämmer med de 12 776 639 kr som ska återbetalas",
        "Exempel: KK-2026-0529",
        "Handläggning av uppdraget, april–juni 2025",
    ):
        assert expected in text, expected
    # Reproducible: the same records give the same bytes.
    again = client.get(reverse("reporting:kammarkollegiet_pdf", args=[2025])).content
    assert again == response.content


def test_the_spreadsheet_has_real_numbers_and_dates(client, demo, demo_officer):
    client.force_login(demo_officer)
    response = client.get(reverse("reporting:kammarkollegiet_xlsx", args=[2025]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Ekonomisk redovisning",
        "Rekvisition",
        "Administrationskostnader",
        "Per kostnadsslag",
        "Per region",
        "Återbetalning",
    ]
    summary = {
        row[0]: row[1] for row in workbook["Ekonomisk redovisning"].iter_rows(values_only=True)
    }
    assert summary["Mottaget från Kammarkollegiet"] == 500_000_000
    assert summary["Utbetalt till regionerna"] == x.TOTAL_PAID_KR
    assert summary["Återbetalt av regionerna"] == x.TOTAL_REPAID_KR
    assert summary["Använt för administration och uppföljning"] == x.ADMINISTRATION_KR
    assert summary["Att återbetala till Kammarkollegiet"] == x.TO_REPAY_KAMMARKOLLEGIET_KR
    assert summary["Ska återbetalas senast"].date() == dt.date(2026, 5, 31)
    assert summary["varav aldrig rekvirerat av regionerna (förfallet)"] == x.LAPSED_KR
    assert summary["Återbetalt till Kammarkollegiet"] == x.AGENCY_REPAID_KR
    assert summary["Skillnad (återbetalt − att återbetala)"] == 0
    costs = list(workbook["Administrationskostnader"].iter_rows(min_row=2, values_only=True))
    assert costs[0][0].date() == dt.date(2025, 6, 30)
    assert costs[-1] == ("Summa", None, None, None, None, x.ADMINISTRATION_KR, None)
    corrected = next(row for row in costs if row[2] == x.CORRECTED_TEXT)
    assert corrected[3:6] == (38_500, -2_700, x.CORRECTED_COST_KR)
    assert workbook.properties.creator == "Socialstyrelsen"
    assert client.get(reverse("reporting:kammarkollegiet_xlsx", args=[2025])).content == (
        response.content
    )


def test_an_officer_records_a_cost_and_it_is_in_the_report(client, demo, demo_officer):
    client.force_login(demo_officer)
    response = client.post(
        URL,
        {
            "form": "cost",
            "cost-date": "2025-12-15",
            "cost-amount": "12 500,50",
            "cost-cost_type": "travel",
            "cost-description": "Resa till regionmöte i Umeå",
        },
        follow=True,
    )
    assert "Administrationskostnaden på 12\u00a0500,50\u00a0kr är registrerad." in (
        response.content.decode()
    )
    cost = AdministrationCost.objects.get(description="Resa till regionmöte i Umeå")
    assert cost.amount == 1_250_050
    event = AuditEvent.objects.get(
        action=AuditAction.ADMINISTRATION_COST_RECORDED, target_id=cost.pk
    )
    assert event.actor == demo_officer
    assert event.data["total_after"] == x.ADMINISTRATION_KR * KR + 1_250_050
    assert economic_report(demo).administration == x.ADMINISTRATION_KR * KR + 1_250_050


def test_a_cost_beyond_the_decisions_administration_amount_is_refused_at_the_field(
    client, demo, demo_officer
):
    client.force_login(demo_officer)
    left = 4_000_000 - x.ADMINISTRATION_KR
    response = client.post(
        URL,
        {
            "form": "cost",
            "cost-date": "2025-12-15",
            "cost-amount": str(left + 1),
            "cost-cost_type": "consultants",
            "cost-description": "Utvärdering",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Administrationskostnaderna skulle bli 4\u00a0000\u00a0001\u00a0kr sammanlagt" in page
    assert f"({left:,}\u00a0kr återstår)".replace(",", "\u00a0") in page
    assert '<a href="#id_cost-amount">' in page  # the error summary links to the field
    assert not AdministrationCost.objects.filter(description="Utvärdering").exists()
    # Exactly what is left is accepted.
    services.administration_cost_record(
        grant=demo,
        incurred_on=dt.date(2025, 12, 15),
        amount=left * KR,
        description="Utvärdering",
        cost_type="consultants",
        actor=demo_officer,
    )
    assert economic_report(demo).administration_left == 0


def test_auditors_read_but_cannot_record(client, demo, demo_auditor):
    client.force_login(demo_auditor)
    page = client.get(URL).content.decode()
    assert "Ekonomisk redovisning till Kammarkollegiet" in page
    assert "Registrera en administrationskostnad" not in page
    response = client.post(
        URL,
        {
            "form": "cost",
            "cost-date": "2025-12-15",
            "cost-amount": "1",
            "cost-cost_type": "travel",
            "cost-description": "x",
        },
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.administration_cost_record(
            grant=demo,
            incurred_on=dt.date(2025, 12, 15),
            amount=100,
            description="x",
            cost_type="travel",
            actor=demo_auditor,
        )
    assert not AdministrationCost.objects.filter(description="x").exists()
