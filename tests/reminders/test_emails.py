"""What each kind of e-mail says, in Swedish: which grant, which deadline and date, what to
do, the link, and whom to contact."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import RegionRole
from notifications.models import Email, EmailStatus
from reminders.models import Announcement
from reminders.sweep import sweep
from tests import factories

NBSP = "\u00a0"
pytestmark = pytest.mark.django_db


def sent_on(day, mailoutbox, capture):
    mailoutbox.clear()
    with capture(execute=True):
        sweep(day)
    return {m.to[0]: m for m in mailoutbox}


@pytest.fixture
def uppsala_admin(uppsala):
    return factories.region_user(uppsala, RegionRole.ADMIN, email="ombud@uppsala.test")


def test_a_requisition_reminder_before_the_deadline(
    grant_2025, uppsala_admin, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(
        dt.datetime(2025, 11, 24, 7, tzinfo=dt.timezone(dt.timedelta(hours=1))), tick=False
    )
    mail = sent_on(dt.date(2025, 11, 24), mailoutbox, django_capture_on_commit_callbacks)[
        "ombud@uppsala.test"
    ]
    assert (
        mail.subject
        == "Påminnelse: rekvisition senast 1 december 2025 – statsbidrag 2025 (S2025/01234)"
    )
    body = mail.body
    assert "Uppdrag till Socialstyrelsen att betala ut statsbidrag" in body
    assert "Sista dag är 1 december 2025, om 7 dagar." in body
    assert "Region Uppsala har ännu inte rekvirerat sin tilldelning." in body
    assert "http://127.0.0.1:8000/region/03/bidrag/2025/rekvisition/" in body
    assert "statsbidrag@socialstyrelsen.se" in body
    html = mail.alternatives[0][0]
    assert 'href="http://127.0.0.1:8000/region/03/bidrag/2025/rekvisition/"' in html


def test_on_the_day_and_after(
    grant_2025, uppsala_admin, mailoutbox, django_capture_on_commit_callbacks
):
    mail = sent_on(dt.date(2025, 12, 1), mailoutbox, django_capture_on_commit_callbacks)[
        "ombud@uppsala.test"
    ]
    assert mail.subject.startswith("I dag är sista dag: rekvisition senast 1 december 2025")
    assert "I dag, 1 december 2025, är sista dag." in mail.body
    mail = sent_on(dt.date(2025, 12, 8), mailoutbox, django_capture_on_commit_callbacks)[
        "ombud@uppsala.test"
    ]
    assert mail.subject.startswith("Sista dag har passerat: rekvisition senast 1 december 2025")
    assert "Sista dag var 1 december 2025, för 7 dagar sedan." in mail.body
    assert "Kontakta Socialstyrelsen" in mail.body
    assert "http://127.0.0.1:8000/region/03/bidrag/2025/" in mail.body


def test_a_repayment_reminder_states_amount_bankgiro_and_reference(
    paid_case, region_submitter, mailoutbox, django_capture_on_commit_callbacks
):
    from repayments.models import Claim
    from reports.services import PurposeData, ReportData, report_submit

    report_submit(
        case=paid_case,
        data=ReportData(
            amount_used=11_500_000_000,
            period_from=dt.date(2025, 1, 1),
            period_to=dt.date(2025, 12, 31),
            bookkeeping="x",
            certifier_name="x",
            certifier_title="x",
            certified=True,
            target_groups=("adults",),
            gender_equality="x",
            child_rights="x",
            disability="x",
            purposes={"stepped_care": PurposeData(description="x")},
        ),
        version=0,
        actor=region_submitter,
    )
    claim = Claim.objects.get()
    mail = sent_on(dt.date(2026, 3, 24), mailoutbox, django_capture_on_commit_callbacks)[
        region_submitter.email
    ]
    assert "återbetalning av outnyttjade medel senast 31 mars 2026" in mail.subject
    assert (
        f"Återbetala de 800{NBSP}812{NBSP}kr som inte har använts för ändamålet till bankgiro 5050-1055, med betalningsreferensen S2025/01234 OCR {claim.ocr}."
        in mail.body
    )
    assert "/region/01/bidrag/2025/aterbetalning/" in mail.body


def test_a_reminder_is_not_sent_if_the_step_was_done_after_it_was_recorded(
    grant_2025, uppsala, uppsala_admin, mailoutbox, django_capture_on_commit_callbacks
):
    from zoneinfo import ZoneInfo

    from core import clock
    from grants.models import Case
    from requisitions.models import Requisition  # noqa: F401 (for clarity of what "done" means)
    from requisitions.services import RequisitionData, requisition_submit

    sweep(dt.date(2025, 11, 24), send=False)  # recorded, not yet sent
    email = Email.objects.get(to="ombud@uppsala.test")
    with clock.at(dt.datetime(2025, 11, 24, 9, tzinfo=ZoneInfo("Europe/Stockholm"))):
        requisition_submit(
            case=Case.objects.get(grant=grant_2025, region=uppsala),
            data=RequisitionData(
                amount=100,
                account_type="bankgiro",
                account_number="5050-1055",
                organisation_number_confirmed=True,
                contact_name="x",
                contact_email="x@u.test",
                contact_phone="0701234567",
                signatory_name="x",
                signatory_title="x",
                attested=True,
            ),
            version=0,
            actor=uppsala_admin,
        )
    from notifications.tasks import send_queued_emails

    mailoutbox.clear()
    send_queued_emails()
    email.refresh_from_db()
    assert email.status == EmailStatus.CANCELLED
    assert "ombud@uppsala.test" not in {m.to[0] for m in mailoutbox if "Påminnelse" in m.subject}


def test_the_officers_digest(
    paid_case, officer, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    # 2026-03-02: Stockholm's report is overdue; the ministry report is far off.
    mail = sent_on(dt.date(2026, 3, 2), mailoutbox, django_capture_on_commit_callbacks)[
        officer.email
    ]
    assert mail.subject == "Statsbidrag: försenat och med sista dag inom en vecka, 2 mars 2026"
    assert "Försenade redovisningar" in mail.body
    assert "Region Stockholm, statsbidrag 2025" in mail.body
    # One digest per officer per day, however much is in it.
    assert [m.to[0] for m in mailoutbox].count(officer.email) == 1
    # The agency's own deadline within a week.
    mail = sent_on(dt.date(2026, 5, 26), mailoutbox, django_capture_on_commit_callbacks)[
        officer.email
    ]
    assert "Socialstyrelsens egna tidsfrister" in mail.body
    assert (
        "Återbetalning och ekonomisk redovisning till Kammarkollegiet, statsbidrag 2025: senast 31 maj 2026"
        in mail.body
    )


def test_an_announcement_reaches_every_region_contact_once_and_their_pages(
    client, grant_2025, officer, stockholm, uppsala, mailoutbox, django_capture_on_commit_callbacks
):
    admin = factories.region_user(stockholm, RegionRole.ADMIN, email="a@sthlm.test")
    preparer = factories.region_user(stockholm, RegionRole.PREPARER, email="p@sthlm.test")
    factories.region_user(uppsala, RegionRole.SUBMITTER, email="s@uppsala.test")
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/bidrag/2025/meddelanden/",
            {
                "title": "Rekvisitionen är öppen",
                "body": "Regionerna kan nu rekvirera sina medel.",
                "attachments": [
                    SimpleUploadedFile(
                        "vagledning.pdf", b"%PDF-1.4 test", content_type="application/pdf"
                    )
                ],
            },
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["a@sthlm.test", "p@sthlm.test", "s@uppsala.test"]
    mail = mailoutbox[0]
    assert mail.subject == "Rekvisitionen är öppen – statsbidrag 2025 (S2025/01234)"
    assert "Regionerna kan nu rekvirera sina medel." in mail.body
    announcement = Announcement.objects.get()
    document = announcement.attachments.get()
    client.force_login(preparer)
    page = client.get("/region/01/").content.decode()
    assert "Rekvisitionen är öppen" in page
    assert client.get(f"/dokument/{document.pk}/").status_code == 200
    client.force_login(admin)
    assert client.get(f"/dokument/{document.pk}/").status_code == 200


def test_bad_announcements_are_refused_at_the_field(client, grant_2025, officer, auditor):
    client.force_login(officer)
    response = client.post(
        "/bidrag/2025/meddelanden/",
        {
            "title": "",
            "body": "<script>x</script>",
            "attachments": [
                SimpleUploadedFile("x.exe", b"MZ", content_type="application/x-msdownload")
            ],
        },
    )
    html = response.content.decode()
    assert "Detta fält måste fyllas i." in html
    assert "Skriv vanlig text utan HTML-kod" in html
    assert not Announcement.objects.exists()
    client.force_login(auditor)
    assert client.post("/bidrag/2025/meddelanden/", {"title": "x", "body": "y"}).status_code == 403


def test_the_reminder_log_shows_what_was_sent_and_what_failed(
    client, grant_2025, uppsala_admin, officer, django_capture_on_commit_callbacks
):
    from unittest import mock

    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=OSError("mailserver down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sweep(dt.date(2025, 11, 24))
    email = Email.objects.get(to="ombud@uppsala.test")
    assert email.status == EmailStatus.QUEUED and "mailserver down" in email.last_error
    Email.objects.filter(pk=email.pk).update(status=EmailStatus.FAILED)
    client.force_login(officer)
    page = client.get("/bidrag/2025/paminnelser/").content.decode()
    assert "ombud@uppsala.test" in page
    assert "Misslyckades" in page
    assert "mailserver down" in page
