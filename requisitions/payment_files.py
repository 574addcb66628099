"""Payment files for the agency's finance system: CSV and ISO 20022 pain.001.001.03.

The CSV and the XML are read by the finance system and the bank and keep their own formats
(ISO dates, amounts with a decimal point or comma and two decimals). The printable payment
list is read by people and follows the format rule of ``core.formats``.
"""

import csv
import datetime as dt
import io
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core import formats
from core.checkdigits import digits_only
from core.pdf import PdfDocument
from records.anchors import Anchor

from .models import AccountType, Disbursement

CSV_HEADER = [
    "Betalningsmottagare",
    "Organisationsnummer",
    "Kontotyp",
    "Kontonummer",
    "Belopp",
    "Valuta",
    "Betalningsdag",
    "Referens",
    "Diarienummer",
]

_ACCOUNT_LABELS = {AccountType.BANKGIRO: "Bankgiro", AccountType.PLUSGIRO: "Plusgiro"}
_PAIN_SCHEME = {AccountType.BANKGIRO: "BGNR", AccountType.PLUSGIRO: "PGNR"}


def _decimal(ore: int) -> str:
    kronor, rest = divmod(ore, 100)
    return f"{kronor}.{rest:02d}"


def payments_csv(disbursements: Sequence[Disbursement]) -> bytes:
    """Semicolon-separated, decimal comma, UTF-8 with BOM: opens as-is in a Swedish spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for d in disbursements:
        writer.writerow(
            [
                d.payee_name,
                d.organisation_number,
                _ACCOUNT_LABELS[AccountType(d.account_type)],
                d.account_number,
                _decimal(d.amount).replace(".", ","),
                "SEK",
                d.payment_date.isoformat(),
                d.reference,
                d.payment_decision.requisition.diarienummer,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def anchor_line(anchor: Anchor) -> str:
    """The audit chain's head as printed on a payment file (in Swedish, as the files are)."""
    return (
        f"Granskningsloggen {anchor.anchored_at}: senaste händelse {anchor.event_id} "
        f"av {anchor.events}, kontrollsumma {anchor.hash}"
    )


def payments_pain001(
    disbursements: Sequence[Disbursement],
    *,
    created_at: dt.datetime,
    payment_date: dt.date,
    anchor: Anchor | None = None,
) -> bytes:
    """A customer credit transfer initiation with one payment per disbursement. The audit
    chain's head is printed in a comment, which the bank ignores."""
    message_id = f"SB{created_at:%Y%m%d%H%M%S}"
    total = _decimal(sum(d.amount for d in disbursements))
    root = ET.Element("Document", xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03")
    if anchor is not None:
        root.append(ET.Comment(f" {anchor_line(anchor)} "))
    initiation = _sub(root, "CstmrCdtTrfInitn")
    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", message_id)
    _sub(header, "CreDtTm", created_at.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", str(len(disbursements)))
    _sub(header, "CtrlSum", total)
    _sub(_sub(header, "InitgPty"), "Nm", settings.AGENCY_NAME)
    info = _sub(initiation, "PmtInf")
    _sub(info, "PmtInfId", f"{message_id}-1")
    _sub(info, "PmtMtd", "TRF")
    _sub(info, "NbOfTxs", str(len(disbursements)))
    _sub(info, "CtrlSum", total)
    _sub(info, "ReqdExctnDt", payment_date.isoformat())
    _sub(_sub(info, "Dbtr"), "Nm", settings.AGENCY_NAME)
    debtor_other = _sub(_sub(_sub(info, "DbtrAcct"), "Id"), "Othr")
    _sub(debtor_other, "Id", digits_only(settings.AGENCY_BANKGIRO))
    _sub(_sub(debtor_other, "SchmeNm"), "Prtry", "BGNR")
    _sub(_sub(_sub(info, "DbtrAgt"), "FinInstnId"), "BIC", settings.AGENCY_BANK_BIC)
    for d in disbursements:
        transfer = _sub(info, "CdtTrfTxInf")
        _sub(_sub(transfer, "PmtId"), "EndToEndId", f"SB-{d.pk}")
        _sub(_sub(transfer, "Amt"), "InstdAmt", _decimal(d.amount), Ccy="SEK")
        creditor = _sub(transfer, "Cdtr")
        _sub(creditor, "Nm", d.payee_name)
        org_id = _sub(_sub(_sub(creditor, "Id"), "OrgId"), "Othr")
        _sub(org_id, "Id", digits_only(d.organisation_number))
        creditor_other = _sub(_sub(_sub(transfer, "CdtrAcct"), "Id"), "Othr")
        _sub(creditor_other, "Id", digits_only(d.account_number))
        _sub(_sub(creditor_other, "SchmeNm"), "Prtry", _PAIN_SCHEME[AccountType(d.account_type)])
        _sub(_sub(transfer, "RmtInf"), "Ustrd", d.reference)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def payments_list_pdf(
    disbursements: Sequence[Disbursement],
    *,
    created_at: dt.datetime,
    payment_date: dt.date,
    anchor: Anchor | None,
) -> bytes:
    """The printable list of a payment file's payments, with the audit chain's head."""
    with translation.override("sv"):
        pdf = PdfDocument(
            title=_("Payment list %(date)s") % {"date": formats.day_iso(payment_date)}
        )
        pdf.header_lines = [_("Created: %(moment)s") % {"moment": formats.moment_iso(created_at)}]
        pdf.table(
            [_("Payee"), _("Organisation number"), _("Account"), _("Reference"), _("Amount")],
            [
                [
                    d.payee_name,
                    d.organisation_number,
                    f"{_ACCOUNT_LABELS[AccountType(d.account_type)]} {d.account_number}",
                    d.reference,
                    formats.amount(d.amount),
                ]
                for d in disbursements
            ],
            numeric_columns={4},
        )
        pdf.facts(
            [
                (_("Payments"), str(len(disbursements))),
                (_("Total"), formats.amount(sum(d.amount for d in disbursements))),
                (_("Payment date"), formats.day_iso(payment_date)),
            ]
        )
        if anchor is not None:
            pdf.heading(_("Audit trail"))
            pdf.paragraph(
                _(
                    "When the file was made, the audit trail held %(events)s events; the newest, "
                    "number %(event)s, has the hash %(hash)s. The same is written to the anchor "
                    "log outside the database (%(moment)s): compare them to show that nothing "
                    "recorded before this file has been changed or removed since."
                )
                % {
                    "events": anchor.events,
                    "event": anchor.event_id,
                    "hash": anchor.hash,
                    "moment": anchor.anchored_at,
                }
            )
        return pdf.render()
