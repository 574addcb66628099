"""The period a report covers: stated by the region, within the grant's period of use, and
recorded in every version (the review, the receipt, the approval and the dossier show it)."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from reports.models import Report, ReportVersion
from reports.services import PurposeData, ReportData, report_save_draft, report_submit

from .helpers import report_post

pytestmark = pytest.mark.django_db
URL = "/region/01/bidrag/2025/redovisning/"
OUTSIDE = "Perioden måste ligga inom bidragets användningsperiod 2025-01-01–2025-12-31."


def _data(**period) -> ReportData:
    return ReportData(
        amount_used=11_500_000_000,
        bookkeeping="Eget projektnummer.",
        certifier_name="Eva",
        certifier_title="Ekonomichef",
        certified=True,
        target_groups=("adults",),
        gender_equality="x",
        child_rights="x",
        disability="x",
        purposes={"stepped_care": PurposeData(description="Stegvis vård.")},
        **period,
    )


def test_a_period_outside_the_period_of_use_is_refused_at_the_field_and_nothing_is_lost(
    client, paid_case, region_submitter
):
    client.force_login(region_submitter)
    form = client.get(URL).content.decode()
    assert 'value="2025-01-01"' in form and 'value="2025-12-31"' in form  # offered the period
    saved = client.post(URL, report_post(action="draft", amount_used="100 000 000"))
    assert saved.status_code == 302
    response = client.post(
        URL, report_post(version="1", period_from="2024-12-01", amount_used="115 000 000")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert OUTSIDE in page
    assert '<a href="#id_period_from">' in page
    assert 'value="2024-12-01"' in page and 'value="115 000 000"' in page  # as typed
    report = Report.objects.get(case=paid_case)
    assert report.amount_used == 10_000_000_000  # the saved draft is as it was
    assert (report.period_from, report.period_to) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert not ReportVersion.objects.exists()


def test_the_service_refuses_use_after_the_period_an_end_before_the_start_and_no_period(
    paid_case, region_submitter
):
    with pytest.raises(ValidationError) as late:
        report_save_draft(
            case=paid_case,
            data=_data(period_from=dt.date(2025, 1, 1), period_to=dt.date(2026, 1, 31)),
            version=0,
            actor=region_submitter,
        )
    assert late.value.message_dict == {"period_to": [OUTSIDE]}
    with pytest.raises(ValidationError) as backwards:
        report_save_draft(
            case=paid_case,
            data=_data(period_from=dt.date(2025, 9, 1), period_to=dt.date(2025, 3, 1)),
            version=0,
            actor=region_submitter,
        )
    assert backwards.value.message_dict == {
        "period_to": ["Perioden kan inte sluta (2025-03-01) innan den börjar (2025-09-01)."]
    }
    with pytest.raises(ValidationError) as missing:
        report_submit(case=paid_case, data=_data(), version=0, actor=region_submitter)
    assert set(missing.value.message_dict) == {"period_from", "period_to"}
    assert not Report.objects.exists()


def test_the_version_records_the_period_and_every_document_shows_it(
    client, paid_case, region_submitter, officer, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(region_submitter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, report_post(period_from="2025-03-01"))
    assert response.status_code == 302
    version = ReportVersion.objects.get()
    assert (version.period_from, version.period_to) == (dt.date(2025, 3, 1), dt.date(2025, 12, 31))
    assert version.content["period_from"] == "2025-03-01"
    assert "Redovisad period: 2025-03-01–2025-12-31" in mailoutbox[0].body  # the receipt

    client.force_login(officer)
    review = client.get("/handlaggare/bidrag/2025/region/01/redovisning/").content.decode()
    assert "<dt>Redovisad period</dt><dd>2025-03-01–2025-12-31</dd>" in review
    client.post("/handlaggare/bidrag/2025/region/01/redovisning/godkann/", {"confirm": "1"})
    approval = Report.objects.get().approval_document
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(approval.content)).pages)
    assert "Redovisad period" in text and "2025-03-01–2025-12-31" in text
    dossier = zipfile.ZipFile(
        io.BytesIO(client.get("/handlaggare/bidrag/2025/region/01/akt.zip").content)
    )
    recorded = json.loads(dossier.read("redovisningar/redovisning-version-01.json"))
    assert (recorded["period_from"], recorded["period_to"]) == ("2025-03-01", "2025-12-31")


@pytest.mark.postgres
def test_postgres_refuses_a_version_whose_period_lies_outside_the_period_of_use(
    reported_case, region_submitter
):
    report = Report.objects.get(case=reported_case)
    with pytest.raises(IntegrityError, match="period of use"), transaction.atomic():
        ReportVersion.objects.create(
            report=report,
            number=2,
            submitted_at=report.submitted_at,
            submitted_by=region_submitter,
            amount_received=report.amount_received,
            amount_used=report.amount_used,
            amount_unused=report.amount_unused,
            period_from=dt.date(2025, 6, 1),
            period_to=dt.date(2026, 2, 1),
            content={},
        )
