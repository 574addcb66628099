"""The bank file: matched by OCR, and everything that does not match shown before booking."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from repayments.ledger import ledgers
from repayments.models import BankImport, BankTransaction, Repayment

from .conftest import UNUSED

pytestmark = pytest.mark.django_db
URL = "/handlaggare/aterbetalningar/bankfil/"


def upload(client, text: str, name="bank.csv", encoding="utf-8"):
    return client.post(
        URL, {"file": SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")}
    )


def bank_file(claim_ocr: str) -> str:
    return "\n".join(
        [
            "Bokföringsdag;Belopp;Referens;Avsändare;Transaktions-id",
            f"2026-02-02;300 000,00;S2025/01234 OCR {claim_ocr};Region Stockholm;T1",
            f"2026-02-02;300 000,00;S2025/01234 OCR {claim_ocr};Region Stockholm;T1",  # the same line twice
            f"2026-02-02;600 000,00;OCR {claim_ocr};Region Stockholm;T2",  # more than is left
            "2026-02-02;4 711,00;Återbetalning;Någon AB;T3",  # no reference we know
            "2026-02-02;-1 200,00;Bankavgift;Banken;T4",  # not a payment to us
        ]
    )


def test_the_preview_shows_every_outcome_and_books_nothing(
    client, approved_case, reported_claim, officer
):
    client.force_login(officer)
    response = upload(client, bank_file(reported_claim.ocr))
    assert response.status_code == 302
    preview = client.get(response["Location"])
    outcomes = [(line.line_number, line.outcome) for line in preview.context["lines"]]
    assert outcomes == [
        (2, "matched"),
        (3, "duplicate_in_file"),
        (4, "overpaid"),
        (5, "unmatched"),
        (6, "not_credit"),
    ]
    html = preview.content.decode()
    assert "Ingen matchande fordran" in html
    assert not Repayment.objects.exists()
    assert not BankTransaction.objects.exists()


def test_booking_books_the_matches_and_flags_the_rest(
    client, approved_case, reported_claim, officer
):
    client.force_login(officer)
    bank_import = BankImport.objects.get(
        pk=upload(client, bank_file(reported_claim.ocr))["Location"].rstrip("/").split("/")[-1]
    )
    step = client.post(f"{URL}{bank_import.pk}/")
    shown = step.content.decode().replace("\u00a0", " ")
    assert "Bekräfta: Bokför bankfilen" in shown
    assert "1 inbetalning(ar), 300 000 kr" in shown and "Region Stockholm" in shown
    assert not Repayment.objects.exists() and not BankTransaction.objects.exists()
    assert BankImport.objects.get(pk=bank_import.pk).confirmed_at is None
    assert client.post(f"{URL}{bank_import.pk}/", {"confirm": "1"}).status_code == 302
    statuses = sorted(Repayment.objects.values_list("amount", "status", "flag_reason"))
    assert statuses == [
        (471_100, "flagged", "unknown_reference"),
        (30_000_000, "booked", ""),
        (60_000_000, "flagged", "overpayment"),
    ]
    assert ledgers([approved_case])[0].repaid == 30_000_000
    assert BankTransaction.objects.count() == 3
    # Booking again, or importing the same file again, books nothing twice.
    client.post(f"{URL}{bank_import.pk}/", {"confirm": "1"})
    second = BankImport.objects.get(
        pk=upload(client, bank_file(reported_claim.ocr))["Location"].rstrip("/").split("/")[-1]
    )
    preview = client.get(f"{URL}{second.pk}/")
    assert {line.outcome for line in preview.context["lines"]} == {
        "already_imported",
        "duplicate_in_file",
        "not_credit",
    }
    client.post(f"{URL}{second.pk}/", {"confirm": "1"})
    assert Repayment.objects.count() == 3


def test_a_whole_payment_matching_exactly_closes_the_case(
    client, approved_case, reported_claim, officer
):
    client.force_login(officer)
    kronor, ore = divmod(UNUSED, 100)
    text = f'Datum,Belopp,OCR\n2026-02-03,"{kronor},{ore:02d}",{reported_claim.ocr}\n'
    bank_import = BankImport.objects.get(
        pk=upload(client, text)["Location"].rstrip("/").split("/")[-1]
    )
    client.post(f"{URL}{bank_import.pk}/", {"confirm": "1"})
    approved_case.refresh_from_db()
    assert approved_case.status == "closed"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\n \n", "Filen är tom."),
        (
            "Datum;Summa\n2026-01-01;1\n",
            "Filen saknar kolumn för beloppet (Belopp), referensen (Referens).",
        ),
        (
            "Bokföringsdag;Belopp;Referens\n02/01/2026;100;x\n",
            "Rad 2: datumet 02/01/2026 är inte ett datum (ÅÅÅÅ-MM-DD).",
        ),
        (
            "Bokföringsdag;Belopp;Referens\n2026-01-02;hundra;x\n",
            "Rad 2: beloppet hundra är inte ett belopp.",
        ),
    ],
)
def test_a_malformed_file_is_refused_with_the_line_named(
    client, approved_case, officer, text, message
):
    client.force_login(officer)
    response = upload(client, text)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BankImport.objects.exists()


def test_a_windows_1252_file_is_read(client, approved_case, reported_claim, officer):
    client.force_login(officer)
    text = f"Bokföringsdag;Belopp;Referens;Avsändare\n2026-02-02;100,00;{reported_claim.ocr};Region Västra Götaland\n"
    response = upload(client, text, encoding="cp1252")
    preview = client.get(response["Location"])
    assert preview.context["lines"][0].payer == "Region Västra Götaland"


def test_only_officers_import(client, approved_case, auditor, reported_claim):
    client.force_login(auditor)
    assert client.get(URL).status_code == 200
    assert upload(client, bank_file(reported_claim.ocr)).status_code == 403
    assert not BankImport.objects.exists()
