"""The region reports, the agency reviews, versions are kept, the unused amount is claimed."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from grants.models import CaseStatus
from records.models import AuditAction, AuditEvent, Document
from repayments.models import Claim, ClaimKind
from reports.models import Report, ReportStatus, ReportVersion
from tests import factories

from .helpers import report_post

pytestmark = pytest.mark.django_db
URL = "/region/01/bidrag/2025/redovisning/"
NBSP = "\u00a0"


def text_of(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_region_reports_and_the_unused_amount_becomes_a_claim(
    client, paid_case, region_submitter, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(region_submitter)
    page = text_of(client.get(URL))
    assert f"115{NBSP}800{NBSP}812{NBSP}kr" in page  # received, filled in from the disbursement
    assert "Redovisa senast 27 februari 2026" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, report_post())
    assert response.status_code == 302
    report = Report.objects.get(case=paid_case)
    assert report.status == ReportStatus.SUBMITTED
    assert report.amount_received == 11_580_081_200
    assert report.amount_used == 11_500_000_000
    assert report.amount_unused == 80_081_200  # computed by the database
    version = ReportVersion.objects.get(report=report)
    assert version.amount_received == version.amount_used + version.amount_unused
    assert not version.is_late
    assert {p["purpose"] for p in version.content["purposes"]} == {
        "stepped_care",
        "talking_therapy",
    }
    claim = Claim.objects.get(case=paid_case, kind=ClaimKind.REPORTED)
    assert claim.amount == 80_081_200
    assert claim.due_date == dt.date(2026, 3, 31)
    assert claim.ocr.startswith("2501")
    assert "Kvitto: redovisningen har kommit in" in mailoutbox[0].subject
    assert f"Ej använt belopp (ska återbetalas): 800{NBSP}812{NBSP}kr" in mailoutbox[0].body

    repayment_page = text_of(client.get("/region/01/bidrag/2025/aterbetalning/"))
    assert "5050-1055" in repayment_page  # the agency's bankgiro
    assert f"S2025/01234 OCR {claim.ocr}" in repayment_page
    assert "2026-03-31" in repayment_page
    assert f"800{NBSP}812{NBSP}kr" in repayment_page


def test_a_late_report_is_accepted_but_marked_late(
    client, paid_case, region_submitter, time_machine
):
    time_machine.move_to(
        dt.datetime(2026, 2, 28, 0, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))), tick=False
    )
    client.force_login(region_submitter)
    assert client.post(URL, report_post()).status_code == 302
    version = ReportVersion.objects.get(report__case=paid_case)
    assert version.is_late
    page = text_of(client.get(URL))
    assert "efter sista dag" in page


def test_completion_request_then_resubmission_keeps_every_version(
    client, paid_case, region_submitter, officer, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(region_submitter)
    client.post(URL, report_post(bookkeeping="Se bilaga."))
    client.force_login(officer)
    review_url = "/handlaggare/bidrag/2025/region/01/redovisning/"
    assert "Se bilaga." in text_of(client.get(review_url))
    empty = client.post(review_url + "komplettering/", {"message": ""})
    assert "Skriv vad regionen behöver komplettera." in text_of(
        empty
    ) or "Detta fält måste fyllas i." in text_of(empty)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            review_url + "komplettering/",
            {"message": "Beskriv bokföringen i stället för att hänvisa till en bilaga."},
        )
    report = Report.objects.get(case=paid_case)
    assert report.status == ReportStatus.COMPLETION_REQUESTED
    assert any("Komplettera redovisningen" in m.subject for m in mailoutbox)
    document = Document.objects.get(kind="completion_request")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(document.content))).pages)
    assert "Begäran om komplettering av redovisning" in text
    assert "Beskriv bokföringen i stället" in text

    client.force_login(region_submitter)
    page = text_of(client.get(URL))
    assert "Socialstyrelsen ber er komplettera redovisningen" in page
    response = client.post(
        URL, report_post(version=str(report.version), bookkeeping="Eget projektnummer 4711.")
    )
    assert response.status_code == 302
    versions = list(ReportVersion.objects.filter(report=report).order_by("number"))
    assert [v.content["bookkeeping"] for v in versions] == [
        "Se bilaga.",
        "Eget projektnummer 4711.",
    ]
    # Both versions are viewable by the region.
    assert "Se bilaga." in text_of(client.get(URL + "version/1/"))
    assert "Eget projektnummer 4711." in text_of(client.get(URL + "version/2/"))
    assert client.get(URL + "version/3/").status_code == 404


def test_approval_issues_a_document_and_the_case_closes_when_nothing_is_owed(
    client, paid_case, region_submitter, officer
):
    client.force_login(region_submitter)
    client.post(URL, report_post(amount_used="115 800 812"))  # everything used
    client.force_login(officer)
    approve_url = "/handlaggare/bidrag/2025/region/01/redovisning/godkann/"
    step = text_of(client.post(approve_url))
    assert "Bekräfta: Godkänn redovisningen" in step
    assert f"115{NBSP}800{NBSP}812{NBSP}kr" in step and "Region Stockholm" in step
    assert Report.objects.get(case=paid_case).status != ReportStatus.APPROVED
    assert not AuditEvent.objects.filter(action=AuditAction.REPORT_APPROVED).exists()
    response = client.post(approve_url, {"confirm": "1"})
    assert response.status_code == 302
    report = Report.objects.get(case=paid_case)
    assert report.status == ReportStatus.APPROVED
    assert report.approved_by == officer
    assert report.approval_document.kind == "report_approval"
    paid_case.refresh_from_db()
    assert paid_case.status == CaseStatus.CLOSED
    assert AuditEvent.objects.filter(
        action=AuditAction.CASE_CLOSED, region=paid_case.region
    ).exists()
    # A closed case does not change: the region cannot report again.
    client.force_login(region_submitter)
    assert client.post(URL, report_post(version=str(report.version))).status_code == 302
    assert ReportVersion.objects.filter(report=report).count() == 1


def test_approval_leaves_the_case_open_while_money_is_owed(
    client, paid_case, region_submitter, officer
):
    client.force_login(region_submitter)
    client.post(URL, report_post())
    client.force_login(officer)
    client.post("/handlaggare/bidrag/2025/region/01/redovisning/godkann/", {"confirm": "1"})
    paid_case.refresh_from_db()
    assert paid_case.status == CaseStatus.OPEN
    client.force_login(region_submitter)
    home = text_of(client.get("/region/01/"))
    assert f"Betala 800{NBSP}812{NBSP}kr senast 31 mars 2026" in home


def test_a_preparer_drafts_and_cannot_submit(client, paid_case, stockholm):
    from accounts.models import RegionRole

    preparer = factories.region_user(stockholm, RegionRole.PREPARER)
    client.force_login(preparer)
    assert client.post(URL, report_post(action="draft")).status_code == 302
    report = Report.objects.get(case=paid_case)
    assert report.status == ReportStatus.DRAFT
    assert not ReportVersion.objects.exists()
    assert client.post(URL, report_post(version=str(report.version))).status_code == 403


def test_the_officer_queue_shows_where_each_report_stands(
    client, paid_case, region_submitter, officer, time_machine
):
    client.force_login(officer)
    rows = client.get("/handlaggare/bidrag/2025/redovisningar/").context["rows"]
    assert [(r.case.region.county_code, r.status) for r in rows] == [("01", "not_due")]
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False)
    client.force_login(officer)  # a month later: a new session
    page = client.get("/handlaggare/bidrag/2025/redovisningar/?status=overdue")
    assert [r.status for r in page.context["rows"]] == ["overdue"]
    assert "Försenad" in text_of(page)
    client.force_login(region_submitter)
    client.post(URL, report_post())
    client.force_login(officer)
    assert [
        r.status for r in client.get("/handlaggare/bidrag/2025/redovisningar/").context["rows"]
    ] == ["received"]
    assert (
        client.get("/handlaggare/bidrag/2025/redovisningar/?status=approved").context["rows"] == []
    )
