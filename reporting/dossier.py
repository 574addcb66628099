"""A region's case in one grant as one zip file (ärendeakt), for auditors and for archiving.

The zip holds ``manifest.csv`` (every file with its SHA-256 and what it is), every submitted
requisition and report version as JSON, every document kept with the case as issued, every
file attached to the case as handed in (``bilagor/``; a file the virus scanner holds back is
replaced by a note saying why), the
payment decisions and disbursements (``utbetalningar.csv``), the claims and repayments
(``aterbetalningar.csv``), the conversation (``meddelanden.csv``, every message with who read
it, and under ``meddelanden/`` every file sent with one, as stored) and the case's audit
events with their hashes (``handelser.csv``).
Files are in a fixed order and dated by the case's last event, so the same case gives the
same bytes.
"""

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from attachments.models import Attachment
from conversations.selectors import case_messages
from core import formats
from grants.models import Case
from records.models import Document
from records.selectors import case_history
from repayments.models import Claim, ClaimAdjustment, Repayment
from reports.models import ReportVersion
from requisitions.models import Requisition

from .documents import ExportFile
from .exports import ZIP_EPOCH, to_csv


@dataclass(frozen=True)
class Entry:
    name: str
    content: bytes
    description: str


def _json(data: Any) -> bytes:
    return json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=True
    ).encode("utf-8")


def _fields(instance: Model) -> dict[str, Any]:
    """Every stored field of a record, foreign keys as ids."""
    return {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


def _label(user: Any) -> str:
    return str(user) if user is not None else ""


def _requisitions(case: Case) -> list[Entry]:
    requisitions = (
        Requisition.objects.filter(case=case, submitted_at__isnull=False)
        .select_related("submitted_by")
        .order_by("submitted_at", "pk")
    )
    return [
        Entry(
            f"rekvisitioner/rekvisition-{number:02d}.json",
            _json({**_fields(r), "submitted_by_label": _label(r.submitted_by)}),
            _("Requisition received %(time)s (%(status)s)")
            % {"time": _time(r.submitted_at), "status": r.get_status_display()},
        )
        for number, r in enumerate(requisitions, start=1)
    ]


def _report_versions(case: Case) -> list[Entry]:
    versions = (
        ReportVersion.objects.filter(report__case=case)
        .select_related("submitted_by")
        .order_by("number")
    )
    return [
        Entry(
            f"redovisningar/redovisning-version-{v.number:02d}.json",
            _json(
                {
                    "number": v.number,
                    "submitted_at": v.submitted_at,
                    "submitted_by": _label(v.submitted_by),
                    "is_late": v.is_late,
                    "amount_received": v.amount_received,
                    "amount_used": v.amount_used,
                    "amount_unused": v.amount_unused,
                    "period_from": v.period_from,
                    "period_to": v.period_to,
                    "content": v.content,
                }
            ),
            _("Report version %(number)s received %(time)s")
            % {"number": v.number, "time": _time(v.submitted_at)},
        )
        for v in versions
    ]


def _signature_entry(name: str, signed: Any, what: str) -> Entry:
    """One submission's signature (the evidence: the ID token as received, the signed content
    and its SHA-256, and whether the stored version still has it), or that it is unsigned."""
    from signatures.services import canonical, content_of, sha256, signature_of, signature_text

    signature = signature_of(signed)
    if signature is None:
        data: dict[str, Any] = {"signed": False}
    else:
        recomputed = sha256(canonical(content_of(signature)))
        data = {
            "signed": True,
            "signer": _label(signature.signer),
            "signer_name": signature.signer_name,
            "personnummer": signature.personnummer_masked,
            "acr": signature.acr,
            "issuer": signature.issuer,
            "auth_time": signature.auth_time,
            "signed_at": signature.signed_at,
            "content": signature.content,
            "content_sha256": signature.content_sha256,
            "content_sha256_recomputed": recomputed,
            "hash_matches": recomputed == signature.content_sha256,
            "id_token": signature.id_token,
        }
    return Entry(name, _json(data), f"{what}: {signature_text(signature)}")


def _signatures(case: Case) -> list[Entry]:
    requisitions = Requisition.objects.filter(case=case, submitted_at__isnull=False).order_by(
        "submitted_at", "pk"
    )
    versions = ReportVersion.objects.filter(report__case=case).order_by("number")
    return [
        _signature_entry(
            f"signaturer/rekvisition-{number:02d}.json",
            r,
            _("Signature of requisition %(number)s") % {"number": number},
        )
        for number, r in enumerate(requisitions, start=1)
    ] + [
        _signature_entry(
            f"signaturer/redovisning-version-{v.number:02d}.json",
            v,
            _("Signature of report version %(number)s") % {"number": v.number},
        )
        for v in versions
    ]


def _documents(case: Case) -> list[Entry]:
    documents = Document.objects.filter(grant=case.grant, region=case.region).order_by(
        "created_at", "pk"
    )
    return [
        Entry(
            f"dokument/{number:02d}-{document.filename}",
            bytes(document.content),
            f"{document.title} ({document.get_kind_display()}, SHA-256 {document.sha256})",
        )
        for number, document in enumerate(documents, start=1)
    ]


def _attachments(case: Case) -> list[Entry]:
    from django.core.files.storage import default_storage

    from attachments.selectors import case_files

    entries = []
    for number, file in enumerate(case_files(case), start=1):
        link, attachment = file.link, file.link.attachment
        description = _(
            "%(part)s, %(about)s: %(name)s, added %(time)s by %(who)s, SHA-256 %(sha)s"
        ) % {
            "part": link.get_part_display(),
            "about": link.about,
            "name": attachment.filename,
            "time": _time(link.added_at),
            "who": _label(link.added_by),
            "sha": attachment.sha256,
        }
        if file.withdrawn_at is not None:
            description += " " + _("Withdrawn %(time)s: not part of the submission.") % {
                "time": _time(file.withdrawn_at)
            }
        if file.servable:
            with default_storage.open(attachment.storage_name, "rb") as stored:
                content = stored.read()
            entries.append(
                Entry(f"bilagor/{number:02d}-{attachment.filename}", content, description)
            )
        else:
            note = _("Not included: %(state)s. SHA-256 of the file kept: %(sha)s") % {
                "state": file.scan_label,
                "sha": attachment.sha256,
            }
            entries.append(
                Entry(
                    f"bilagor/{number:02d}-{attachment.filename}.ej-utlamnad.txt",
                    note.encode("utf-8"),
                    description,
                )
            )
    return entries


def _payments(case: Case) -> Entry:
    header = [
        _("Requisition"),
        _("Payment decided"),
        _("Decided by"),
        _("Decided amount (kr)"),
        _("Decision document"),
        _("Released"),
        _("Released by"),
        _("Payment date"),
        _("Paid amount (kr)"),
        _("Payment reference"),
        _("Payee"),
        _("Account"),
    ]
    rows = []
    for r in (
        Requisition.objects.filter(case=case, payment_decision__isnull=False)
        .select_related(
            "payment_decision__decided_by",
            "payment_decision__document",
            "payment_decision__disbursement__released_by",
        )
        .order_by("submitted_at", "pk")
    ):
        decision = r.payment_decision
        disbursement = getattr(decision, "disbursement", None)
        rows.append(
            [
                r.pk,
                _time(decision.decided_at),
                _label(decision.decided_by),
                _kronor(decision.amount),
                decision.document.filename,
                _time(disbursement.released_at) if disbursement else "",
                _label(disbursement.released_by) if disbursement else "",
                disbursement.payment_date if disbursement else "",
                _kronor(disbursement.amount) if disbursement else "",
                disbursement.reference if disbursement else "",
                disbursement.payee_name if disbursement else "",
                f"{disbursement.get_account_type_display()} {disbursement.account_number}"
                if disbursement
                else "",
            ]
        )
    return Entry(
        "utbetalningar.csv",
        to_csv(header, rows).encode("utf-8"),
        _("Payment decisions and disbursements"),
    )


def _repayments(case: Case) -> Entry:
    header = [
        _("Record"),
        _("OCR reference"),
        _("Kind or status"),
        _("Ground or reference"),
        _("Amount (kr)"),
        _("Due or received"),
        _("Registered"),
        _("By"),
        _("Note"),
    ]
    rows: list[list[Any]] = []
    for claim in (
        Claim.objects.filter(case=case).select_related("decided_by").order_by("created_at", "pk")
    ):
        rows.append(
            [
                _("Claim"),
                claim.ocr,
                claim.get_kind_display(),
                claim.get_ground_display(),
                _kronor(claim.initial_amount),
                claim.due_date,
                _time(claim.created_at),
                _label(claim.decided_by),
                claim.reason,
            ]
        )
    # Every later change of a claim is a row of its own: the rows add up to what it asks now.
    for adjustment in (
        ClaimAdjustment.objects.filter(claim__case=case)
        .select_related("claim", "created_by", "report_version")
        .order_by("created_at", "pk")
    ):
        rows.append(
            [
                _("Claim adjustment"),
                adjustment.claim.ocr,
                adjustment.get_cause_display(),
                _("report version %(number)s") % {"number": adjustment.report_version.number}
                if adjustment.report_version
                else "",
                _kronor(adjustment.amount),
                "",
                _time(adjustment.created_at),
                _label(adjustment.created_by),
                adjustment.reason,
            ]
        )
    for repayment in (
        Repayment.objects.filter(claim__case=case)
        .select_related("claim", "registered_by")
        .order_by("received_on", "pk")
    ):
        rows.append(
            [
                _("Repayment"),
                repayment.claim.ocr if repayment.claim else "",
                repayment.get_status_display(),
                repayment.reference,
                _kronor(repayment.amount),
                repayment.received_on,
                _time(repayment.registered_at),
                _label(repayment.registered_by),
                repayment.handling_note or repayment.get_flag_reason_display(),
            ]
        )
    return Entry(
        "aterbetalningar.csv", to_csv(header, rows).encode("utf-8"), _("Claims and repayments")
    )


def _stored(attachment: Attachment) -> bytes:
    from django.core.files.storage import default_storage

    with default_storage.open(attachment.storage_name, "rb") as stored:
        return bytes(stored.read())


def _messages(case: Case) -> list[Entry]:
    """The conversation as a table, and each file sent with a message as stored."""
    header = [
        _("Message"),
        _("Sent"),
        _("From"),
        _("Written by"),
        _("Message text"),
        _("Files (SHA-256)"),
        _("Read by"),
    ]
    rows: list[list[Any]] = []
    files: list[Entry] = []
    for number, message in enumerate(case_messages(case).prefetch_related("reads__user"), 1):
        sent_files = list(message.files.all())
        rows.append(
            [
                number,
                _time(message.sent_at),
                message.get_side_display(),
                _label(message.author),
                message.body,
                "; ".join(f"{f.attachment.filename} ({f.attachment.sha256})" for f in sent_files),
                "; ".join(
                    f"{_label(read.user)} {_time(read.read_at)}"
                    for read in sorted(
                        message.reads.all(), key=lambda read: (read.read_at, read.pk)
                    )
                ),
            ]
        )
        files += [
            Entry(
                f"meddelanden/{number:02d}-{f.number}-{f.attachment.filename}",
                _stored(f.attachment),
                _("File %(file)s of message %(number)s (SHA-256 %(sha256)s when sent)")
                % {"file": f.number, "number": number, "sha256": f.attachment.sha256},
            )
            for f in sent_files
        ]
    table = Entry(
        "meddelanden.csv",
        to_csv(header, rows).encode("utf-8"),
        _("The conversation between Socialstyrelsen and the region"),
    )
    return [table, *files]


def _events(case: Case) -> Entry:
    header = [
        _("Event id"),
        _("Time"),
        _("Event"),
        _("Event code"),
        _("By"),
        _("Object"),
        _("Reason"),
        _("Details"),
        _("Previous hash"),
        _("Hash"),
    ]
    rows = [
        [
            event.pk,
            _time(event.occurred_at),
            event.action_label,
            event.action,
            event.actor_label,
            f"{event.target_type} {event.target_id}: {event.target_label}",
            event.reason,
            json.dumps(event.data, ensure_ascii=False, sort_keys=True),
            event.prev_hash,
            event.hash,
        ]
        for event in case_history(case.grant_id, case.region_id)
    ]
    return Entry(
        "handelser.csv",
        to_csv(header, rows).encode("utf-8"),
        _("The case's events in the audit trail, with their hashes"),
    )


def _time(moment: dt.datetime | None) -> str:
    return formats.moment_iso(moment) if moment else ""


def _kronor(ore: int) -> str:
    """Kronor with a decimal comma; a reduction keeps its minus sign ("-1,50", not "-2,50")."""
    kronor, rest = divmod(abs(ore), 100)
    sign = "-" if ore < 0 else ""
    return f"{sign}{kronor},{rest:02d}" if rest else f"{sign}{kronor}"


def case_dossier(case: Case) -> ExportFile:
    with translation.override("sv"):
        entries = [
            *_requisitions(case),
            *_report_versions(case),
            *_signatures(case),
            *_documents(case),
            *_attachments(case),
            _payments(case),
            _repayments(case),
            *_messages(case),
            _events(case),
        ]
        manifest = to_csv(
            [_("File"), _("SHA-256"), _("Contents")],
            [[e.name, hashlib.sha256(e.content).hexdigest(), e.description] for e in entries],
        ).encode("utf-8")
    last = case_history(case.grant_id, case.region_id).last()
    when = timezone.localtime(last.occurred_at).timetuple()[:6] if last is not None else ZIP_EPOCH
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in [("manifest.csv", manifest)] + [(e.name, e.content) for e in entries]:
            info = zipfile.ZipInfo(name, date_time=max(when, ZIP_EPOCH))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    filename = f"akt-{case.grant.year}-{case.region.county_code}.zip"
    return ExportFile(filename, "application/zip", buffer.getvalue())
