"""The report on the mission to the ministry: built from the records, reconciling with every
ledger, exported as XLSX, PDF and CSV with the same figures, and reproducible: the command
writes exactly what the page serves."""

import csv
import datetime as dt
import io
import zipfile
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from grants.models import Case
from records.models import AuditAction, AuditEvent
from repayments.ledger import ledgers
from reporting.documents import ministry_report_export
from reporting.ministry import ReportState, ministry_report_data
from reporting.models import MinistryReport
from reports.models import Purpose, ReportPurpose

from . import expected as x

KR = x.KR
PAGE = "/bidrag/2025/regeringsrapport/"


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_every_amount_reconciles_with_the_ledgers(demo):
    data = ministry_report_data(demo)
    case_ledgers = {
        ledger.case.region.county_code: ledger
        for ledger in ledgers(Case.objects.filter(grant=demo).select_related("region"))
    }
    assert [row.county_code for row in data.regions] == sorted(case_ledgers)
    for row in data.regions:
        ledger = case_ledgers[row.county_code]
        assert (row.allocated, row.paid, row.used, row.claimed, row.repaid) == (
            ledger.allocated,
            ledger.disbursed,
            ledger.reported_used,
            ledger.claimed,
            ledger.repaid,
        )
    totals = data.totals
    assert totals.paid == sum(ledger.disbursed for ledger in case_ledgers.values())
    assert totals.paid == x.TOTAL_PAID_KR * KR
    assert totals.used == x.TOTAL_USED_KR * KR
    assert totals.repaid == x.TOTAL_REPAID_KR * KR
    assert totals.outstanding == sum(x.OUTSTANDING_KR.values()) * KR
    # And verify_ledger agrees that every one of those ledgers reconciles.
    out = io.StringIO()
    call_command("verify_ledger", "--year", "2025", stdout=out)
    assert "All 21 ledgers reconcile." in out.getvalue()


def test_what_the_regions_report_is_counted_by_purpose_group_and_perspective(demo):
    data = ministry_report_data(demo)
    # Counted independently from the working copies (the same as the latest versions here).
    regions = defaultdict(int)
    amounts = defaultdict(int)
    for purpose, amount in ReportPurpose.objects.filter(report__case__grant=demo).values_list(
        "purpose", "amount"
    ):
        regions[purpose] += 1
        amounts[purpose] += amount or 0
    by_code = {row.code: row for row in data.purposes}
    assert [row.code for row in data.purposes] == Purpose.values
    for code in Purpose.values:
        assert by_code[code].regions == regions[code], code
        assert by_code[code].amount == amounts[code], code
    assert by_code["stepped_care"].regions > 0
    assert data.purpose_amount_total <= data.totals.used
    groups = {row.code: row.regions for row in data.target_groups}
    reports = 20  # every region that was paid reported (Norrbotten late)
    assert groups["adults"] == reports  # every report names adults
    assert groups["children"] + groups["older"] == reports
    assert {row.code: row.regions for row in data.perspectives} == {
        "gender_equality": reports,
        "child_rights": reports,
        "disability": reports,
    }
    assert data.reports_received == reports and data.reports_approved == reports - 1
    excerpt = next(e for e in data.excerpts if e.topic == "talking_therapy")
    assert excerpt.text.startswith("Fler psykologer och kuratorer")


def test_late_and_missing_reports_and_open_claims(demo):
    data = ministry_report_data(demo)
    assert [(r.county_code, r.state) for r in data.late_or_missing] == [
        ("20", ReportState.LATE),  # Dalarna reported in March
        (x.NO_REPORT, ReportState.LATE),  # Norrbotten reported in April, after the claim
    ]
    assert {c.county_code: c.outstanding for c in data.open_claims} == {
        code: kronor * KR for code, kronor in x.OUTSTANDING_KR.items()
    }


def test_the_spreadsheet_has_one_sheet_per_part_with_real_numbers(client, demo, demo_officer):
    client.force_login(demo_officer)
    response = client.get(reverse("reporting:ministry_xlsx", args=[2025]))
    assert response["Content-Disposition"] == (
        'attachment; filename="redovisning-till-regeringskansliet-2025.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Sammanfattning",
        "Bedömning",
        "Belopp per region",
        "Ändamål",
        "Målgrupper",
        "Perspektiv",
        "Beskrivningar",
        "Sena och saknade redovisningar",
        "Öppna krav",
    ]
    assert workbook["Bedömning"]["A2"].value.startswith("Exempeltext (demodata).")
    sheet = workbook["Belopp per region"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Länskod",
        "Region",
        "Tilldelat (kr)",
        "Utbetalt (kr)",
        "Redovisat använt (kr)",
        "Att återbetala (kr)",
        "Återbetalt (kr)",
        "Kvar att återbetala (kr)",
    ]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    regions, total = rows[:-1], rows[-1]
    assert len(regions) == 21
    assert all(isinstance(value, int) for row in regions for value in row[2:])
    assert total[1] == "Summa"
    assert total[2:] == (
        x.TOTAL_ALLOCATED_KR,
        x.TOTAL_PAID_KR,
        x.TOTAL_USED_KR,
        x.TOTAL_CLAIMED_KR,
        x.TOTAL_REPAID_KR,
        sum(x.OUTSTANDING_KR.values()),
    )
    assert [sum(row[i] for row in regions) for i in range(2, 8)] == list(total[2:])
    late = list(workbook["Sena och saknade redovisningar"].iter_rows(min_row=2, values_only=True))
    assert late[0][:3] == ("20", "Region Dalarna", "Inkom för sent")
    assert late[0][3].date() == dt.date(2026, 2, 27)
    claims = list(workbook["Öppna krav"].iter_rows(min_row=2, values_only=True))
    assert claims[-1][:4] == (
        "25",
        "Region Norrbotten",
        "Redovisat som ej använt",  # the recovery claim gave way to the late report
        "Medlen har inte använts",
    )


def test_the_pdf_is_printable_with_the_assessment_first(client, demo, demo_officer):
    client.force_login(demo_officer)
    response = client.get(reverse("reporting:ministry_pdf", args=[2025]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert text.index("Socialstyrelsens bedömning") < text.index("Belopp per region")
    for expected in (
        "Redovisning av uppdraget: statsbidrag till regionerna 2025",
        "Till Regeringskansliet (Socialdepartementet)",
        "Exempeltext (demodata). Socialstyrelsen bedömer",
        "Utbetalt till regionerna 487 127 561 kr",
        "Region Norrbotten",
        "645 937 kr",  # what Norrbotten kept, still owed
        "Barnrättsperspektivet",
    ):
        assert expected in text, expected


def test_the_csv_holds_every_figure_once(client, demo, demo_officer):
    client.force_login(demo_officer)
    response = client.get(reverse("reporting:ministry_csv", args=[2025]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Del", "Rad", "Uppgift", "Värde"]
    paid = {
        row[1]: int(row[3])
        for row in rows
        if row[0] == "Belopp per region" and row[2] == "Utbetalt (kr)"
    }
    total = paid.pop("Summa")
    assert len(paid) == 21
    assert paid["01 Region Stockholm"] == x.PAID_KR["01"]
    assert sum(paid.values()) == total == x.TOTAL_PAID_KR
    purposes = [row for row in rows if row[0] == "Ändamål" and row[2] == "Antal regioner"]
    assert len(purposes) == len(Purpose.values)


def test_the_command_writes_what_the_page_serves(client, demo, demo_officer, tmp_path):
    client.force_login(demo_officer)
    for fmt in ("xlsx", "pdf", "csv"):
        served = client.get(reverse(f"reporting:ministry_{fmt}", args=[2025])).content
        output = tmp_path / f"report.{fmt}"
        call_command(
            "government_report",
            "--year",
            "2025",
            "--format",
            fmt,
            "--output",
            str(output),
            stderr=io.StringIO(),
        )
        assert output.read_bytes() == served, fmt
        # And the same data gives the same file every time, in whatever language is chosen.
        with translation.override("en"):
            again = ministry_report_export(ministry_report_data(demo), fmt).content
        assert again == served, fmt
    with zipfile.ZipFile(io.BytesIO(output.with_suffix(".xlsx").read_bytes())) as archive:
        assert {info.date_time for info in archive.infolist()} == {archive.infolist()[0].date_time}


def test_the_command_refuses_an_unknown_year(demo, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no decided grant for 2031"):
        call_command(
            "government_report",
            "--year",
            "2031",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
        )


def test_an_officer_writes_the_assessment(client, demo, demo_officer):
    client.force_login(demo_officer)
    text = "Socialstyrelsen bedömer att medlen har gjort nytta.\n\nFler regioner har stegvis vård."
    response = client.post(PAGE, {"assessment": text}, follow=True)
    page = response.content.decode()
    assert "Bedömningen är sparad." in page
    assert "Fler regioner har stegvis vård." in page
    assert MinistryReport.objects.get(grant=demo).assessment == text
    event = (
        AuditEvent.objects.filter(action=AuditAction.MINISTRY_ASSESSMENT_SET).order_by("pk").last()
    )
    assert event.data["after"] == text
    assert event.data["before"].startswith("Exempeltext")
    # The files carry it, and the report is dated by that change.
    xlsx = load_workbook(
        io.BytesIO(client.get(reverse("reporting:ministry_xlsx", args=[2025])).content)
    )
    assert xlsx["Bedömning"]["A2"].value == text
    response = client.post(PAGE, {"assessment": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "Skriv vanlig text utan HTML-kod" in response.content.decode()
    assert MinistryReport.objects.get(grant=demo).assessment == text


def test_auditors_read_the_report_but_cannot_change_it(client, demo, demo_auditor):
    client.force_login(demo_auditor)
    page = client.get(PAGE).content.decode()
    assert "Redovisning av uppdraget, statsbidrag 2025" in page
    assert "Skriv bedömningen" not in page and "Ändra bedömningen" not in page
    assert client.post(PAGE, {"assessment": "Ändrad"}).status_code == 403
    assert MinistryReport.objects.get(grant=demo).assessment.startswith("Exempeltext")
    for fmt in ("xlsx", "pdf", "csv"):
        assert client.get(reverse(f"reporting:ministry_{fmt}", args=[2025])).status_code == 200


def test_the_command_says_in_one_line_when_it_cannot_write_the_file(demo, tmp_path):
    missing = tmp_path / "no-such-directory" / "rapport.csv"
    with pytest.raises(CommandError, match=r"^No such file or directory \(.*rapport\.csv\)\.$"):
        call_command(
            "government_report", "--year", "2025", "--format", "csv", "--output", str(missing)
        )
