"""The audit trail shows every change behind its back (docs/security.md):

- each hash is an HMAC with a key kept outside the database, named on the event, so an
  edited event cannot be re-hashed, nor the chain after it recomputed, without the key;
- keys rotate: old events verify with their own key;
- the chain's head is anchored outside the database, so deleting the newest events or
  emptying the table is flagged with the gap named;
- the anchor is written daily and with every payment file, and printed on the payment
  file, in the officers' digest and in the report to the ministry.
"""

import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from records.anchors import anchor_write, anchors_read, log_path
from records.chain import canonical
from records.models import AuditAction, AuditEvent
from records.services import audit_chain_first_break, audit_record
from tests.support.database import guards_off

pytestmark = pytest.mark.django_db


def verify() -> str:
    """verify_audit_chain's verdict: its output, or its error and each problem it named."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit_chain", stdout=out, stderr=err)
    except CommandError as error:
        return f"BROKEN {error}\n{err.getvalue()}"
    return out.getvalue()


def test_each_event_is_signed_with_the_key_it_names(grant_2025, settings):
    event = AuditEvent.objects.order_by("pk").last()
    assert event.key_id == "dev"
    # Not a plain hash of the content: without the key it cannot be recomputed.
    payload = canonical({"prev": event.prev_hash, **event.hashed_fields()})
    assert event.hash != hashlib.sha256(payload).hexdigest()
    settings.AUDIT_KEYS = {"dev": b"another secret of the same name, not the real one"}
    assert audit_chain_first_break() is not None


def _recompute_from(first: AuditEvent, *, key_id: str) -> None:
    """What an intruder with the code but not the key does after editing ``first``: hash it
    and every later event again, with the public function and a key of their own."""
    events = list(AuditEvent.objects.filter(pk__gte=first.pk).order_by("pk"))
    prev = AuditEvent.objects.filter(pk__lt=first.pk).order_by("-pk").values_list("hash").first()
    previous = prev[0] if prev else "0" * 64
    for event in events:
        event.prev_hash = previous
        event.key_id = key_id
        event.hash = event.compute_hash()
        AuditEvent.objects.filter(pk=event.pk).update(
            prev_hash=event.prev_hash, key_id=key_id, hash=event.hash, data=event.data
        )
        previous = event.hash


def test_an_event_edited_and_the_chain_recomputed_without_the_key_is_caught(grant_2025, settings):
    victim = AuditEvent.objects.order_by("pk")[3]
    guards_off()
    victim.data = {**victim.data, "amount": 1}
    AuditEvent.objects.filter(pk=victim.pk).update(data=victim.data)
    keys = dict(settings.AUDIT_KEYS)
    # With a guessed key under the real key's name...
    settings.AUDIT_KEYS = {"dev": b"a guess"}
    _recompute_from(AuditEvent.objects.get(pk=victim.pk), key_id="dev")
    settings.AUDIT_KEYS = keys
    assert audit_chain_first_break().pk == victim.pk
    assert f"broken at event {victim.pk} " in verify()
    # ...or as unkeyed events, as the chain was before it was keyed.
    _recompute_from(AuditEvent.objects.get(pk=victim.pk), key_id="")
    assert audit_chain_first_break().pk == victim.pk
    assert "has no key after keyed events" in verify()


def test_keys_rotate_and_old_events_verify_with_their_own(grant_2025, settings, officer):
    old_events = AuditEvent.objects.count()
    settings.AUDIT_KEYS = {
        "2027": b"the new key, at least thirty-two bytes long",
        **settings.AUDIT_KEYS,
    }
    from django.db import transaction

    with transaction.atomic():
        audit_record(actor=officer, action=AuditAction.DEADLINE_SET, target=grant_2025)
    newest = AuditEvent.objects.order_by("pk").last()
    assert newest.key_id == "2027"
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {"dev", "2027"}
    assert AuditEvent.objects.count() == old_events + 1
    assert "The audit chain holds" in verify()
    # Without the retired key its events cannot be verified, and the check says so.
    settings.AUDIT_KEYS = {"2027": settings.AUDIT_KEYS["2027"]}
    assert "names a key this server lacks: dev" in verify()


def test_the_anchor_log_is_append_only_lines_with_a_mac(grant_2025):
    first = anchor_write(reason="test")
    second = anchor_write(reason="test")
    lines = log_path().read_text().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["event_id"] == first.event_id == second.event_id
    assert json.loads(lines[0])["hash"] == AuditEvent.objects.order_by("pk").last().hash
    anchors, problems = anchors_read()
    assert (len(anchors), problems) == (2, [])
    # A line changed by hand (its hash or event number) no longer carries a valid MAC.
    forged = json.loads(lines[1])
    forged["event_id"] -= 1
    log_path().write_text(lines[0] + "\n" + json.dumps(forged) + "\n")
    assert "line 2 of the anchor log was altered" in verify()


def test_deleting_the_newest_events_is_caught_with_the_gap_named(grant_2025):
    anchor = anchor_write(reason="daily")
    newest = list(AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[:3])
    guards_off()
    AuditEvent.objects.filter(pk__in=newest).delete()
    # The chain that is left is whole: only the anchor shows what is gone.
    assert audit_chain_first_break() is None
    verdict = verify()
    assert verdict.startswith("BROKEN")
    assert f"events {newest[-1]}–{anchor.event_id} are missing" in verdict


@pytest.mark.postgres
def test_emptying_the_table_is_refused_and_if_forced_caught(grant_2025):
    from django.db import DatabaseError, transaction

    anchor = anchor_write(reason="daily")
    # The application may not; its role has no right to (and the trigger refuses anyone).
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE records_auditevent CASCADE")
    assert AuditEvent.objects.count() == anchor.events
    guards_off()  # a superuser with the triggers off
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no pending check
        cursor.execute("TRUNCATE records_auditevent CASCADE")
    assert AuditEvent.objects.count() == 0
    verdict = verify()
    assert "the trail is empty" in verdict
    assert f"events 1–{anchor.event_id} are missing" in verdict


def test_an_emptied_table_without_anchors_is_all_the_check_can_say(grant_2025):
    """Before the first anchor there is nothing outside the database to compare with: the
    check says so rather than pretending."""
    assert "No anchor is written yet" in verify()


def test_the_daily_sweep_anchors_the_chain(grant_2025, time_machine):
    from reminders.sweep import sweep

    time_machine.move_to(dt.datetime(2025, 11, 24, 7, tzinfo=dt.UTC), tick=False)
    sweep()
    anchors, _problems = anchors_read()
    assert [a.reason for a in anchors] == ["daily"]
    assert anchors[0].event_id == AuditEvent.objects.order_by("pk").last().pk


def test_a_payment_file_anchors_the_chain_and_prints_the_head_on_its_files(
    paid_case, officer, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    from requisitions.models import Disbursement
    from requisitions.services import payment_file_create

    before = AuditEvent.objects.order_by("pk").last()
    day = Disbursement.objects.get(payment_decision__requisition__case=paid_case).payment_date
    with django_capture_on_commit_callbacks(execute=True):
        payment_file = payment_file_create(payment_date=day, actor=officer)
    anchors, _problems = anchors_read()
    # The head before the file (printed on it), then the head with the file's own event.
    assert [(a.reason, a.event_id) for a in anchors] == [
        ("payment file", before.pk),
        ("payment file made", AuditEvent.objects.order_by("pk").last().pk),
    ]
    assert AuditEvent.objects.order_by("pk").last().action == AuditAction.PAYMENT_FILE_CREATED
    assert (payment_file.audit_event_id, payment_file.audit_hash) == (before.pk, before.hash)
    xml = bytes(payment_file.xml_document.content).decode()
    assert f"senaste händelse {before.pk} " in xml and before.hash in xml
    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(bytes(payment_file.list_document.content))).pages
    )
    assert "Betalningslista" in text and "Region Stockholm" in text
    assert before.hash in text.replace("\n", "")


def test_the_payment_files_page_shows_the_anchor_and_the_list(
    paid_case, officer, client, django_capture_on_commit_callbacks
):
    from requisitions.models import Disbursement
    from requisitions.services import payment_file_create

    day = Disbursement.objects.get(payment_decision__requisition__case=paid_case).payment_date
    with django_capture_on_commit_callbacks(execute=True):
        payment_file = payment_file_create(payment_date=day, actor=officer)
    client.force_login(officer)
    page = client.get("/handlaggare/utbetalningsfiler/").content.decode()
    assert f"händelse {payment_file.audit_event_id}" in page
    assert payment_file.audit_hash[:10] in page
    assert f"/dokument/{payment_file.list_document_id}/" in page


def test_no_payment_file_is_made_when_the_anchor_cannot_be_written(
    paid_case, officer, settings, tmp_path
):
    from django.core.exceptions import ValidationError

    from requisitions.models import Disbursement, PaymentFile
    from requisitions.services import payment_file_create

    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    settings.AUDIT_ANCHOR_LOG = not_a_folder / "audit-anchors.log"
    day = Disbursement.objects.get(payment_decision__requisition__case=paid_case).payment_date
    with pytest.raises(ValidationError, match="kunde inte förankras"):
        payment_file_create(payment_date=day, actor=officer)
    assert not PaymentFile.objects.exists()


def test_the_officers_digest_carries_the_newest_anchor(
    paid_case, officer, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    from reminders.sweep import sweep

    # The report deadline (27 February) is within the digest's week.
    time_machine.move_to(dt.datetime(2026, 2, 23, 7, tzinfo=dt.UTC), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    anchor = anchors_read()[0][-1]
    digest = next(m for m in mailoutbox if officer.email in m.to and "inom en vecka" in m.subject)
    assert f"senaste händelse {anchor.event_id} av {anchor.events}" in digest.body
    assert anchor.hash in digest.body
    assert anchor.hash in digest.alternatives[0][0]


def test_the_report_to_the_ministry_prints_the_head_and_anchors_it(grant_2025, officer, client):
    import csv

    from openpyxl import load_workbook
    from pypdf import PdfReader

    head = AuditEvent.objects.order_by("pk").last()
    client.force_login(officer)
    pdf = client.get("/bidrag/2025/regeringsrapport.pdf").content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert head.hash in text.replace("\n", "")
    workbook = load_workbook(io.BytesIO(client.get("/bidrag/2025/regeringsrapport.xlsx").content))
    summary = {row[0]: row[1] for row in workbook["Sammanfattning"].iter_rows(values_only=True)}
    assert summary["Granskningslogg: senaste händelse"] == head.pk
    assert summary["Granskningslogg: dess kontrollsumma"] == head.hash
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/bidrag/2025/regeringsrapport.csv").content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert ["Sammanfattning", "", "Granskningslogg: dess kontrollsumma", head.hash] in rows
    anchors, _problems = anchors_read()
    assert {(a.reason, a.event_id, a.hash) for a in anchors} == {
        ("report to the ministry", head.pk, head.hash)
    }
