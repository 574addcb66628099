"""The whole way through the views: the region submits, an officer decides, a second officer
releases, and the payment ends up in one payment file."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader

from records.models import AuditAction, AuditEvent, Document
from requisitions.models import Disbursement, PaymentFile, Requisition, RequisitionStatus

from .conftest import form_post

NBSP = "\u00a0"
pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def pdf_text(document_id: int) -> str:
    content = bytes(Document.objects.get(pk=document_id).content)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return text.replace(NBSP, " ")


def test_requisition_to_payment_file(
    client,
    before_deadline,
    case,
    submitter,
    officer,
    second_officer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # The region submits.
    client.force_login(submitter)
    page = text_of(client.get("/region/01/bidrag/2025/rekvisition/"))
    assert "S2025/01234" in page
    assert f"115{NBSP}800{NBSP}812{NBSP}kr" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/region/01/bidrag/2025/rekvisition/", form_post())
    assert response.status_code == 302
    assert response["Location"] == "/region/01/bidrag/2025/rekvisition/kvitto/"
    requisition = Requisition.objects.get(case=case)
    assert requisition.status == RequisitionStatus.RECEIVED
    assert (
        requisition.submitted_at == before_deadline or requisition.submitted_at >= before_deadline
    )
    assert requisition.amount == 11_580_081_200
    assert requisition.diarienummer == "S2025/01234"
    receipt = text_of(client.get(response["Location"]))
    assert "Socialstyrelsen tog emot er rekvisition den 20 november 2025 kl. 10:00" in receipt
    assert [m.to for m in mailoutbox] == [["sara@regionstockholm.test"]]
    assert (
        mailoutbox[0].subject
        == "Kvitto: rekvisitionen har kommit in, statsbidrag 2025 (S2025/01234)"
    )
    assert f"Rekvirerat belopp: 115{NBSP}800{NBSP}812{NBSP}kr" in mailoutbox[0].body
    assert mailoutbox[0].alternatives  # an HTML part as well

    # An officer decides to pay.
    client.force_login(officer)
    review = text_of(client.get(f"/handlaggare/rekvisitioner/{requisition.pk}/"))
    assert "Inom tilldelningen" in review
    assert "Organisationsnumret är regionens" in review
    assert "Samma konto som regionens tidigare utbetalning" not in review  # none before
    mailoutbox.clear()
    # The first post only shows what will happen: the amount, the recipient, the account and
    # the e-mail the region will get. Nothing is decided, stored or sent.
    with django_capture_on_commit_callbacks(execute=True):
        step = client.post(f"/handlaggare/rekvisitioner/{requisition.pk}/beslut/")
    assert step.status_code == 200
    shown = text_of(step).replace(NBSP, " ")
    for expected in (
        "Bekräfta: Besluta om utbetalning",
        "115 800 812 kr",
        "Region Stockholm (232100-0016)",
        "Bankgiro 5050-1055",
        "Beslut om utbetalning klart",
        "Socialstyrelsen har beslutat att betala ut 115 800 812 kr till Region Stockholm.",
    ):
        assert expected in shown, expected
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.RECEIVED
    assert not AuditEvent.objects.filter(action=AuditAction.REQUISITION_APPROVED).exists()
    assert not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(
                f"/handlaggare/rekvisitioner/{requisition.pk}/beslut/", {"confirm": "1"}
            ).status_code
            == 302
        )
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.APPROVED
    decision = requisition.payment_decision
    assert decision.decided_by == officer
    text = pdf_text(decision.document_id)
    for expected in (
        "Beslut om utbetalning av statsbidrag",
        "S2025/01234",
        "Region Stockholm",
        "232100-0016",
        "115 800 812 kr",
        "Bankgiro 5050-1055",
        "Medlen ska betalas ut engångsvis",
        "2025-11-20",
        officer.full_name,
    ):
        assert expected in text, expected
    assert {tuple(m.to) for m in mailoutbox} >= {("sara@regionstockholm.test",), (submitter.email,)}
    assert "Beslut om utbetalning klart" in mailoutbox[0].subject

    # The region can download the decision; the officer who decided cannot release.
    client.force_login(submitter)
    download = client.get(f"/dokument/{decision.document_id}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    client.force_login(officer)
    blocked = client.post(
        f"/handlaggare/rekvisitioner/{requisition.pk}/utbetalning/", {"payment_date": "2025-11-21"}
    )
    assert "fyraögonprincipen" in text_of(blocked)
    assert not Disbursement.objects.exists()

    # A second officer releases it, once, after seeing what is paid where and when.
    client.force_login(second_officer)
    url = f"/handlaggare/rekvisitioner/{requisition.pk}/utbetalning/"
    step = client.post(url, {"payment_date": "2025-11-21"})
    assert step.status_code == 200
    shown = text_of(step)
    assert "Bekräfta: Verkställ utbetalningen" in shown
    assert "Bankgiro 5050-1055" in shown and "2025-11-21" in shown
    assert not Disbursement.objects.exists()
    response = client.post(url, {"payment_date": "2025-11-21", "confirm": "1"})
    assert response.status_code == 302
    again = client.post(
        f"/handlaggare/rekvisitioner/{requisition.pk}/utbetalning/", {"payment_date": "2025-11-21"}
    )
    assert "redan verkställd" in text_of(again)
    disbursement = Disbursement.objects.get()
    assert disbursement.amount == 11_580_081_200
    assert disbursement.released_by == second_officer
    assert disbursement.reference == "S2025/01234 01 RS 2025/123"

    # The payment file for the day holds it; a second file for the day has nothing to take.
    step = client.post("/handlaggare/utbetalningsfiler/", {"payment_date": "2025-11-21"})
    assert "Bekräfta: Skapa utbetalningsfilen" in text_of(step)
    assert not PaymentFile.objects.exists()
    response = client.post(
        "/handlaggare/utbetalningsfiler/", {"payment_date": "2025-11-21", "confirm": "1"}
    )
    assert response.status_code == 302
    payment_file = PaymentFile.objects.get()
    assert payment_file.payment_count == 1
    assert payment_file.total_amount == 11_580_081_200
    again = client.post("/handlaggare/utbetalningsfiler/", {"payment_date": "2025-11-21"})
    assert "Det finns inga verkställda utbetalningar" in text_of(again)
    assert PaymentFile.objects.count() == 1

    csv_text = bytes(payment_file.csv_document.content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(csv_text), delimiter=";"))
    assert rows == [
        {
            "Betalningsmottagare": "Region Stockholm",
            "Organisationsnummer": "232100-0016",
            "Kontotyp": "Bankgiro",
            "Kontonummer": "5050-1055",
            "Belopp": "115800812,00",
            "Valuta": "SEK",
            "Betalningsdag": "2025-11-21",
            "Referens": "S2025/01234 01 RS 2025/123",
            "Diarienummer": "S2025/01234",
        }
    ]
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
    root = ET.fromstring(bytes(payment_file.xml_document.content))  # noqa: S314
    assert root.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", ns).text == "1"
    assert root.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", ns).text == "115800812.00"
    transfer = root.find("p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf", ns)
    assert transfer.find("p:Amt/p:InstdAmt", ns).text == "115800812.00"
    assert transfer.find("p:CdtrAcct/p:Id/p:Othr/p:Id", ns).text == "50501055"

    # The case history shows every step, to the region as well.
    actions = list(
        AuditEvent.objects.filter(region=case.region)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        AuditAction.MEMBERSHIP_CHANGED,
        AuditAction.REQUISITION_SUBMITTED,
        AuditAction.REQUISITION_APPROVED,
        AuditAction.PAYMENT_RELEASED,
    ]
    client.force_login(submitter)
    case_page = text_of(client.get("/region/01/bidrag/2025/"))
    for label in (
        "Rekvisition inkom",
        "Utbetalning beslutad",
        "Utbetalning verkställd",
        second_officer.full_name,
    ):
        assert label in case_page


def test_a_preparer_saves_a_draft_and_a_submitter_submits_it(
    client, before_deadline, case, preparer, submitter
):
    client.force_login(preparer)
    page = text_of(client.get("/region/01/bidrag/2025/rekvisition/"))
    assert "Skicka in rekvisitionen" not in page
    response = client.post(
        "/region/01/bidrag/2025/rekvisition/", form_post(action="draft", attested=None)
    )
    assert response.status_code == 302
    draft = Requisition.objects.get(case=case)
    assert draft.status == RequisitionStatus.DRAFT
    assert draft.submitted_at is None
    # A preparer may not submit, even by crafting the request.
    assert (
        client.post(
            "/region/01/bidrag/2025/rekvisition/", form_post(version=str(draft.version))
        ).status_code
        == 403
    )
    draft.refresh_from_db()
    assert draft.status == RequisitionStatus.DRAFT

    client.force_login(submitter)
    form_page = client.get("/region/01/bidrag/2025/rekvisition/").content.decode()
    assert 'value="RS 2025/123"' in form_page  # the draft is loaded
    response = client.post(
        "/region/01/bidrag/2025/rekvisition/", form_post(version=str(draft.version))
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == RequisitionStatus.RECEIVED
    assert draft.submitted_by == submitter
    assert draft.created_by == preparer


def test_two_people_editing_one_draft_do_not_overwrite_each_other(
    client, before_deadline, case, preparer, submitter
):
    client.force_login(preparer)
    client.post(
        "/region/01/bidrag/2025/rekvisition/", form_post(action="draft", region_reference="first")
    )
    version = Requisition.objects.get(case=case).version
    # Both open the draft at this version; the preparer saves first.
    client.post(
        "/region/01/bidrag/2025/rekvisition/",
        form_post(action="draft", region_reference="preparer's", version=str(version)),
    )
    client.force_login(submitter)
    response = client.post(
        "/region/01/bidrag/2025/rekvisition/",
        form_post(action="draft", region_reference="submitter's", version=str(version)),
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Någon annan sparade utkastet medan du redigerade" in page
    assert "Per Uppgift sparade utkastet" in page
    assert 'value="submitter&#x27;s"' in response.content.decode()  # what they typed is kept
    assert Requisition.objects.get(case=case).region_reference == "preparer's"


def test_a_refused_requisition_can_be_followed_by_a_new_one_while_open(
    client, before_deadline, case, submitter, officer
):
    client.force_login(submitter)
    client.post("/region/01/bidrag/2025/rekvisition/", form_post())
    first = Requisition.objects.get(case=case)
    client.force_login(officer)
    empty = client.post(f"/handlaggare/rekvisitioner/{first.pk}/avslag/", {"reason": ""})
    assert "Skäl för avslaget" in text_of(empty)
    refusal = {"reason": "Fel bankgironummer."}
    step = text_of(client.post(f"/handlaggare/rekvisitioner/{first.pk}/avslag/", refusal))
    assert "Bekräfta: Avslå rekvisitionen" in step and "Fel bankgironummer." in step
    assert "Rekvisition avslagen" in step  # the e-mail's subject
    first.refresh_from_db()
    assert first.status == RequisitionStatus.RECEIVED
    client.post(f"/handlaggare/rekvisitioner/{first.pk}/avslag/", {**refusal, "confirm": "1"})
    first.refresh_from_db()
    assert first.status == RequisitionStatus.REFUSED
    assert first.refusal_reason == "Fel bankgironummer."
    assert Document.objects.filter(kind="refusal", region=case.region).count() == 1

    client.force_login(submitter)
    home = text_of(client.get("/region/01/"))
    assert "Socialstyrelsen avslog rekvisitionen: Fel bankgironummer." in home
    assert "Ni kan skicka in en ny rekvisition senast 1 december 2025." in home
    assert client.post("/region/01/bidrag/2025/rekvisition/", form_post()).status_code == 302
    assert Requisition.objects.filter(case=case, status=RequisitionStatus.RECEIVED).count() == 1


def test_the_region_home_shows_each_step_and_the_next_thing_to_do(
    client, before_deadline, case, submitter, officer, second_officer
):
    client.force_login(submitter)
    home = text_of(client.get("/region/01/"))
    assert "Inte rekvirerat" in home
    assert "Rekvirera tilldelningen senast 1 december 2025." in home
    assert "om 11 dagar" in home
    client.post("/region/01/bidrag/2025/rekvisition/", form_post())
    assert "Socialstyrelsen granskar rekvisitionen som inkom 20 november 2025 kl. 10:00" in text_of(
        client.get("/region/01/")
    )
    requisition = Requisition.objects.get(case=case)
    client.force_login(officer)
    client.post(f"/handlaggare/rekvisitioner/{requisition.pk}/beslut/", {"confirm": "1"})
    client.force_login(submitter)
    assert "Socialstyrelsen har beslutat om utbetalning." in text_of(client.get("/region/01/"))
    client.force_login(second_officer)
    client.post(
        f"/handlaggare/rekvisitioner/{requisition.pk}/utbetalning/",
        {"payment_date": "2025-11-24", "confirm": "1"},
    )
    client.force_login(submitter)
    assert f"115{NBSP}800{NBSP}812{NBSP}kr utbetalt 24 november 2025." in text_of(
        client.get("/region/01/")
    )


def test_the_officer_queue_filters_and_flags_late(
    client, before_deadline, grant_2025, case, submitter, officer
):
    client.force_login(submitter)
    client.post("/region/01/bidrag/2025/rekvisition/", form_post())
    client.force_login(officer)

    def rows(query):
        return client.get(f"/handlaggare/rekvisitioner/{query}").context["requisitions"]

    assert [r.region_name for r in rows("?status=received")] == ["Region Stockholm"]
    assert "1 rekvisition" in text_of(client.get("/handlaggare/rekvisitioner/?status=received"))
    assert list(rows("?status=paid")) == []
    assert list(rows(f"?region={case.region_id + 1}")) == []
    assert len(rows(f"?grant={grant_2025.pk}&region={case.region_id}")) == 1
    # Nonsense filters are ignored, not an error.
    assert client.get("/handlaggare/rekvisitioner/?status=<script>&grant=x").status_code == 200


def test_the_region_home_shows_in_full_what_the_region_must_do_and_the_rest_in_one_table(
    client, before_deadline, case, submitter
):
    client.force_login(submitter)
    to_do, heading, others = text_of(client.get("/region/01/")).partition(
        "Regionens övriga statsbidrag"
    )
    assert "Rekvirera tilldelningen senast 1 december 2025." in to_do
    assert "Regionernas rekvisition 2025-12-01" in to_do  # the grant's deadlines, in full
    assert not heading  # nothing else to list
    client.post("/region/01/bidrag/2025/rekvisition/", form_post())
    to_do, heading, others = text_of(client.get("/region/01/")).partition(
        "Regionens övriga statsbidrag"
    )
    assert "Regionen har inget att göra just nu." in to_do
    assert "Statsbidrag 2025" not in to_do
    assert heading
    assert "Statsbidrag 2025" in others
    assert "Socialstyrelsen granskar rekvisitionen som inkom 20 november 2025 kl. 10:00" in others
