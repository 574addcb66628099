"""The case dossier (ärendeakt): one zip with every submitted version, every document as
issued, the payment and repayment records and the event history; staff only."""

import csv
import hashlib
import io
import json
import zipfile

from django.urls import reverse

from records.models import AuditEvent, Document
from reports.models import ReportVersion
from requisitions.models import Requisition


def dossier(client, code: str) -> zipfile.ZipFile:
    response = client.get(reverse("reporting:dossier", args=[2025, code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="akt-2025-{code}.zip"'
    return zipfile.ZipFile(io.BytesIO(response.content))


def read_csv(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_dossier_holds_everything_about_the_case(client, demo, demo_auditor):
    """Västra Götaland: a requisition, a payment, a report submitted twice after a completion
    request, an approval; Kronoberg's dossier also has its refused first requisition."""
    client.force_login(demo_auditor)
    archive = dossier(client, "14")
    names = archive.namelist()
    assert names[0] == "manifest.csv"
    manifest = read_csv(archive, "manifest.csv")
    assert manifest[0] == ["Fil", "SHA-256", "Innehåll"]
    listed = {row[0]: row[1] for row in manifest[1:]}
    assert set(listed) == set(names[1:])
    for name, digest in listed.items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest, name

    documents = Document.objects.filter(grant=demo, region__county_code="14").order_by(
        "created_at", "pk"
    )
    kept = [name for name in names if name.startswith("dokument/")]
    assert len(kept) == documents.count() >= 3  # payment decision, completion request, approval
    for name, document in zip(kept, documents, strict=True):
        assert archive.read(name) == bytes(document.content)
        assert hashlib.sha256(archive.read(name)).hexdigest() == document.sha256

    versions = [name for name in names if name.startswith("redovisningar/")]
    assert versions == [
        "redovisningar/redovisning-version-01.json",
        "redovisningar/redovisning-version-02.json",
    ]
    second = json.loads(archive.read(versions[1]))
    stored = ReportVersion.objects.get(
        report__case__grant=demo, report__case__region__county_code="14", number=2
    )
    assert second["content"] == stored.content
    assert second["amount_used"] == stored.amount_used

    requisition = json.loads(archive.read("rekvisitioner/rekvisition-01.json"))
    assert requisition["status"] == "paid"
    assert requisition["amount"] == Requisition.objects.get(case__region__county_code="14").amount

    payments = read_csv(archive, "utbetalningar.csv")
    assert len(payments) == 2
    assert payments[1][3] == "83064495"  # decided amount in kronor

    events = read_csv(archive, "handelser.csv")
    stored_events = list(
        AuditEvent.objects.filter(grant=demo, region__county_code="14").order_by(
            "occurred_at", "pk"
        )
    )
    assert [row[-1] for row in events[1:]] == [event.hash for event in stored_events]
    assert [row[-2] for row in events[1:]] == [event.prev_hash for event in stored_events]
    assert "Komplettering begärd" in [row[2] for row in events[1:]]
    # The first version's 75 000 kr not used, and the completed version's change to nothing:
    # the rows add up to what the claim asks now.
    claims = read_csv(archive, "aterbetalningar.csv")[1:]
    assert [(row[0], row[2], row[4]) for row in claims] == [
        ("Fordran", "Redovisat som ej använt", "75000"),
        ("Ändring av fordran", "Regionens redovisning anger ett annat ej använt belopp", "-75000"),
    ]
    assert claims[1][3] == "redovisningsversion 2"


def test_a_refused_requisition_and_a_recovery_claim_are_in_their_dossiers(
    client, demo, demo_officer
):
    client.force_login(demo_officer)
    kronoberg = dossier(client, "07")
    requisitions = [n for n in kronoberg.namelist() if n.startswith("rekvisitioner/")]
    assert len(requisitions) == 2
    assert json.loads(kronoberg.read(requisitions[0]))["status"] == "refused"
    norrbotten = dossier(client, "25")
    repayments = read_csv(norrbotten, "aterbetalningar.csv")
    assert repayments[0][0] == "Post"
    assert repayments[1][:3] == ["Fordran", repayments[1][1], "Återkrav"]
    assert repayments[1][4] == "11645937"
    assert any(n.startswith("dokument/") and "aterkrav" in n.lower() for n in norrbotten.namelist())


def test_the_same_case_gives_the_same_bytes(client, demo, demo_officer):
    client.force_login(demo_officer)
    url = reverse("reporting:dossier", args=[2025, "14"])
    assert client.get(url).content == client.get(url).content


def test_region_users_cannot_download_even_their_own_dossier(client, demo, demo_region_admin):
    client.force_login(demo_region_admin)  # the region admin of Västra Götaland
    assert client.get(reverse("reporting:dossier", args=[2025, "14"])).status_code == 403
    client.logout()
    assert client.get(reverse("reporting:dossier", args=[2025, "14"])).status_code == 302


def test_the_case_page_links_to_the_dossier(client, demo, demo_auditor):
    client.force_login(demo_auditor)
    page = client.get(reverse("repayments:case", args=[2025, "14"])).content.decode()
    assert reverse("reporting:dossier", args=[2025, "14"]) in page
    assert "Ladda ner ärendeakten (zip)" in page
