"""The ombud application in the browser's terms: the form, the refused non-PDF (the form
keeps what was typed), the status page and the completion, downloads for the right people
only (as attachments, nosniff), the officer's review with its confirmation step, the inbox."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import permissions
from accounts.models import RegionRole, User
from ombud.models import ApplicationStatus, MandateDocument, OmbudApplication
from ombud.services import ombud_application_request_completion
from tests import factories
from tests.support.clients import VerifiedClient
from tests.support.pdfs import pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = VerifiedClient()
    client.force_login(user)
    return client


def form_data(stockholm, document):
    return {
        "region": str(stockholm.pk),
        "full_name": "Anna Sökande",
        "position": "Ekonomichef",
        "phone": "08-123 456 78",
        "document": document,
    }


def test_applying_in_the_browser(stockholm, applicant, old_ombud):
    client = logged_in(applicant)
    page = client.get("/ombudsansokan/ny/").content.decode()
    assert "Ansök om att bli ombud" in page
    assert 'enctype="multipart/form-data"' in page
    response = client.post(
        "/ombudsansokan/ny/", form_data(stockholm, pdf_upload("delegation.pdf")), follow=True
    )
    application = OmbudApplication.objects.get()
    assert response.redirect_chain[-1][0] == f"/ombudsansokan/{application.pk}/"
    html = response.content.decode()
    assert "Din ansökan har tagits emot" in html
    assert "Mottagen, väntar på granskning" in html
    assert "delegation.pdf" in html
    assert application.documents.get().attachment.sha256 in html
    assert "Region Stockholm" in client.get("/ombudsansokan/").content.decode()


def test_a_file_that_is_not_a_pdf_is_refused_and_the_form_keeps_its_values(stockholm, applicant):
    client = logged_in(applicant)
    fake = SimpleUploadedFile(
        "intyg.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    response = client.post("/ombudsansokan/ny/", form_data(stockholm, fake))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Filen är inte ett PDF-dokument" in html
    assert 'value="Anna Sökande"' in html
    assert 'value="Ekonomichef"' in html
    assert 'value="08-123 456 78"' in html
    assert f'value="{stockholm.pk}" selected' in html
    assert not OmbudApplication.objects.exists()


def test_staff_do_not_apply(officer_client):
    assert officer_client.get("/ombudsansokan/ny/").status_code == 403


def test_the_applicant_completes_on_the_status_page(application, applicant, officer):
    ombud_application_request_completion(
        application=application, message="Intyget saknar underskrift.", actor=officer
    )
    client = logged_in(applicant)
    page = client.get(f"/ombudsansokan/{application.pk}/").content.decode()
    assert "Intyget saknar underskrift." in page
    assert "Skicka ett nytt dokument" in page
    refused = client.post(
        f"/ombudsansokan/{application.pk}/",
        {"document": SimpleUploadedFile("x.pdf", b"MZ\x90"), "note": "Här."},
    )
    assert "Filen är inte ett PDF-dokument" in refused.content.decode()
    assert "Här." in refused.content.decode()
    response = client.post(
        f"/ombudsansokan/{application.pk}/",
        {"document": pdf_upload("signerat.pdf", "Signerat"), "note": "Nu signerat."},
        follow=True,
    )
    assert "Det nya dokumentet har skickats till Socialstyrelsen." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.documents.count() == 2


def test_the_document_is_downloaded_by_the_applicant_and_staff_only(
    application, applicant, old_ombud, officer, auditor, uppsala
):
    url = f"/ombudsansokan/{application.pk}/bilaga/1/"
    for user in (applicant, officer, auditor):
        response = logged_in(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Disposition"].startswith("attachment;")
        assert 'filename="delegationsordning.pdf"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == pdf_bytes()
    others = (
        old_ombud,  # the region's ombud: not their application
        factories.region_user(uppsala, RegionRole.ADMIN),
        factories.UserFactory(),
    )
    for user in others:
        assert logged_in(user).get(url).status_code == 404, user
        assert logged_in(user).get(f"/ombudsansokan/{application.pk}/").status_code == 404
    assert logged_in(applicant).get(f"/ombudsansokan/{application.pk}/bilaga/2/").status_code == 404
    anonymous = VerifiedClient().get(url)
    assert anonymous.status_code == 302 and "/konto/logga-in/" in anonymous["Location"]


def test_the_officer_reviews_confirms_and_approves(
    application,
    applicant,
    old_ombud,
    officer_client,
    stockholm,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    inbox = officer_client.get("/handlaggare/inkorg/").content.decode()
    assert "Ombudsansökningar att besluta (1)" in inbox
    assert f"/handlaggare/ombudsansokningar/{application.pk}/" in inbox
    review = officer_client.get(
        f"/handlaggare/ombudsansokningar/{application.pk}/"
    ).content.decode()
    assert "Anna Sökande" in review
    assert "Olle Ombud" in review  # the ombud now, whose role would end
    assert f"/ombudsansokan/{application.pk}/bilaga/1/" in review
    url = f"/handlaggare/ombudsansokningar/{application.pk}/godkann/"
    step = officer_client.post(url)
    html = step.content.decode()
    assert step.status_code == 200
    assert "Bekräfta" in html
    assert "Olle Ombud" in html
    assert "Du är nu ombud för Region Stockholm" in html  # what the applicant will be told
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED  # nothing before confirming
    assert permissions.region_role(User.objects.get(pk=old_ombud.pk), stockholm) == RegionRole.ADMIN
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, {"confirm": "1"}, follow=True)
    assert "Ansökan är godkänd och den sökande har fått besked." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert permissions.region_role(User.objects.get(pk=applicant.pk), stockholm) == RegionRole.ADMIN
    assert (
        "Ombudsansökningar att besluta: 0"
        in officer_client.get("/handlaggare/inkorg/").content.decode()
    )


def test_reject_needs_a_reason_and_a_confirmation(application, officer_client):
    url = f"/handlaggare/ombudsansokningar/{application.pk}/avsla/"
    empty = officer_client.post(url, {"reject-message": ""})
    assert empty.status_code == 200
    assert "Detta fält måste fyllas i." in empty.content.decode()
    step = officer_client.post(url, {"reject-message": "Fel person."})
    assert "Bekräfta" in step.content.decode()
    officer_client.post(url, {"reject-message": "Fel person.", "confirm": "1"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision_message == "Fel person."


def test_an_auditor_reads_but_does_not_decide(application, auditor):
    client = logged_in(auditor)
    page = client.get(f"/handlaggare/ombudsansokningar/{application.pk}/").content.decode()
    assert "Godkänn ansökan" not in page
    assert (
        client.post(
            f"/handlaggare/ombudsansokningar/{application.pk}/godkann/", {"confirm": "1"}
        ).status_code
        == 403
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert MandateDocument.objects.count() == 1
