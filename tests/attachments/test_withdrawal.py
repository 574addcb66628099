"""A region takes a file back from its submission while the submission is not yet sent: the
file stays in the case's records, marked withdrawn, with an audit event; once the
submission is sent its files stay with it (the service says why, PostgreSQL refuses too);
nobody else withdraws a region's file."""

import hashlib

import pytest
from django.db import transaction
from django.db.utils import DatabaseError

from attachments.models import CaseAttachment, CaseAttachmentWithdrawal
from records.models import AuditEvent
from tests import factories
from tests.support import files
from tests.support.pdfs import pdf_bytes

pytestmark = pytest.mark.django_db

REGION_PAGE = "/region/01/bidrag/2025/bilagor/"


def _attach(client, user) -> CaseAttachment:
    client.force_login(user)
    response = client.post(
        REGION_PAGE,
        {"part": "report", "uploads": files.upload("fel-fil.pdf", pdf_bytes("Fel fil"))},
    )
    assert response.status_code == 302
    return CaseAttachment.objects.get()


def _withdraw(client, link):
    return client.post(f"{REGION_PAGE}{link.pk}/dra-tillbaka/", follow=True)


def test_the_region_withdraws_a_file_from_its_draft_report(client, paid_case, region_submitter):
    link = _attach(client, region_submitter)
    assert "Dra tillbaka" in client.get(REGION_PAGE).content.decode()

    response = _withdraw(client, link)

    assert response.redirect_chain[-1][0] == REGION_PAGE
    page = response.content.decode()
    assert "fel-fil.pdf är tillbakadragen" in page
    assert "Tillbakadragen 2026-02-02" in page
    assert "Dra tillbaka" not in page  # nothing left to withdraw
    withdrawal = CaseAttachmentWithdrawal.objects.get()
    assert withdrawal.link == link and withdrawal.withdrawn_by == region_submitter
    assert CaseAttachment.objects.filter(pk=link.pk).exists()  # kept, never deleted
    event = AuditEvent.objects.get(action="attachment.case_withdrawn")
    assert event.data["sha256"] == hashlib.sha256(pdf_bytes("Fel fil")).hexdigest()
    assert event.region == paid_case.region
    # Still readable in the case's records.
    assert client.get(f"{REGION_PAGE}{link.pk}/").status_code == 200


def test_a_file_is_withdrawn_once(client, paid_case, region_submitter):
    link = _attach(client, region_submitter)
    _withdraw(client, link)
    page = _withdraw(client, link).content.decode()
    assert "Filen är redan tillbakadragen." in page
    assert CaseAttachmentWithdrawal.objects.count() == 1


def test_once_the_report_is_sent_its_files_stay(client, paid_case, region_submitter, request):
    link = _attach(client, region_submitter)
    request.getfixturevalue("reported_case")  # Stockholm sends its report

    page = _withdraw(client, link).content.decode()

    assert "Filens inlämning är skickad eller stängd: filen ligger kvar" in page
    assert not CaseAttachmentWithdrawal.objects.exists()
    assert not AuditEvent.objects.filter(action="attachment.case_withdrawn").exists()


@pytest.mark.postgres
def test_the_database_refuses_a_withdrawal_once_the_report_is_sent(
    client, paid_case, region_submitter, request
):
    link = _attach(client, region_submitter)
    request.getfixturevalue("reported_case")
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseAttachmentWithdrawal.objects.create(link=link, withdrawn_by=region_submitter)


def test_nobody_else_withdraws_a_regions_file(client, paid_case, region_submitter, uppsala):
    link = _attach(client, region_submitter)
    for user in (factories.region_user(uppsala), factories.officer()):
        client.force_login(user)
        assert client.post(f"{REGION_PAGE}{link.pk}/dra-tillbaka/").status_code == 403
    assert not CaseAttachmentWithdrawal.objects.exists()
