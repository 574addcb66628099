"""Reading the agency's bank transactions (CSV) and matching them to claims by OCR.

The file is what the bank's internet office exports: one line per transaction with a
header row. Recognised columns (case-insensitive, Swedish names):

- date: Bokföringsdag, Bokföringsdatum, Transaktionsdag or Datum (YYYY-MM-DD)
- amount: Belopp (Swedish format; credits are positive)
- reference: Referens, OCR, Meddelande or Text
- payer (optional): Avsändare, Betalare or Motpart
- the bank's id for the transaction (optional): Transaktions-id, Verifikationsnummer or Löpnummer

Semicolon, comma or tab separated; UTF-8 or Windows-1252. Lines with a zero or negative
amount are not payments to us and are skipped. A line the bank gives an id is recognised by
it; without one, the same date, amount, reference and payer are taken as the same line.
"""

import csv
import datetime as dt
import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.money import AmountError, parse_amount
from grants.models import CaseStatus

from .models import BankTransaction, Claim, RepaymentStatus
from .ocr import ocr_candidates

COLUMNS = {
    "date": ("bokföringsdag", "bokföringsdatum", "transaktionsdag", "datum"),
    "amount": ("belopp",),
    "reference": ("referens", "ocr", "meddelande", "text"),
    "payer": ("avsändare", "betalare", "motpart"),
    "bank_id": ("transaktions-id", "transaktionsid", "verifikationsnummer", "löpnummer"),
}
REQUIRED = ("date", "amount", "reference")
MAX_LINES = 20_000


@dataclass(frozen=True)
class BankLine:
    line_number: int
    booked_on: dt.date
    amount: int
    reference: str
    payer: str
    bank_id: str

    @property
    def fingerprint(self) -> str:
        key = (
            f"id:{self.bank_id}"
            if self.bank_id
            else f"{self.booked_on}|{self.amount}|{self.reference}|{self.payer}"
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


class Outcome:
    MATCHED = "matched"
    UNMATCHED = "unmatched"
    OVERPAID = "overpaid"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    ALREADY_IMPORTED = "already_imported"
    NOT_CREDIT = "not_credit"


@dataclass(frozen=True)
class PreviewLine:
    line: BankLine
    outcome: str
    claim: Claim | None = None
    owed_before: int | None = None

    def __getattr__(self, name: str):  # line_number, amount, … read through to the line
        return getattr(self.line, name)


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is not a text file in UTF-8 or Windows-1252."))


def parse(content: str) -> list[BankLine]:
    """The file's lines, or a ValidationError naming the first problem (with its line number)."""
    text = content.lstrip("\ufeff")
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";"
    reader = csv.reader(io.StringIO(text), delimiter=dialect.delimiter)
    header = [cell.strip().lower() for cell in next(reader)]
    index: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for position, name in enumerate(header):
            if name in names:
                index[key] = position
                break
    missing = [key for key in REQUIRED if key not in index]
    if missing:
        labels = {
            "date": _("the date (Bokföringsdag)"),
            "amount": _("the amount (Belopp)"),
            "reference": _("the reference (Referens)"),
        }
        raise ValidationError(
            _("The file has no column for %(columns)s. The first line must name the columns.")
            % {"columns": ", ".join(str(labels[m]) for m in missing)}
        )
    lines = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if number > MAX_LINES:
            raise ValidationError(_("The file has more than %(max)d lines.") % {"max": MAX_LINES})

        def cell(key: str, row: list[str] = row) -> str:
            position = index.get(key)
            return row[position].strip() if position is not None and position < len(row) else ""

        try:
            booked_on = dt.date.fromisoformat(cell("date"))
        except ValueError:
            raise ValidationError(
                _("Line %(line)d: the date %(value)s is not a date (YYYY-MM-DD).")
                % {"line": number, "value": cell("date")}
            ) from None
        try:
            amount = parse_amount(cell("amount"))
        except AmountError:
            raise ValidationError(
                _("Line %(line)d: the amount %(value)s is not an amount.")
                % {"line": number, "value": cell("amount")}
            ) from None
        lines.append(
            BankLine(
                line_number=number,
                booked_on=booked_on,
                amount=amount,
                reference=cell("reference"),
                payer=cell("payer"),
                bank_id=cell("bank_id"),
            )
        )
    return lines


def preview(lines: list[BankLine]) -> list[PreviewLine]:
    """What booking the lines would do, given what is already booked (nothing is written)."""
    references = {ocr for line in lines for ocr in ocr_candidates(line.reference)}
    claims = {
        claim.ocr: claim
        for claim in Claim.objects.filter(ocr__in=references).select_related(
            "case__region", "case__grant"
        )
    }
    booked: dict[int, int] = defaultdict(int)
    for claim_id, amount in (
        Claim.objects.filter(pk__in=[c.pk for c in claims.values()])
        .filter(repayments__status=RepaymentStatus.BOOKED)
        .values_list("pk", "repayments__amount")
    ):
        booked[claim_id] += amount
    known = set(
        BankTransaction.objects.filter(
            fingerprint__in=[line.fingerprint for line in lines]
        ).values_list("fingerprint", flat=True)
    )
    seen: set[str] = set()
    result = []
    for line in lines:
        if line.amount <= 0:
            result.append(PreviewLine(line, Outcome.NOT_CREDIT))
            continue
        if line.fingerprint in seen:
            result.append(PreviewLine(line, Outcome.DUPLICATE_IN_FILE))
            continue
        seen.add(line.fingerprint)
        if line.fingerprint in known:
            result.append(PreviewLine(line, Outcome.ALREADY_IMPORTED))
            continue
        matches = [claims[ocr] for ocr in ocr_candidates(line.reference) if ocr in claims]
        if len(matches) != 1:
            result.append(PreviewLine(line, Outcome.UNMATCHED))
            continue
        claim = matches[0]
        owed = claim.amount - booked[claim.pk]
        if line.amount > owed or claim.case.status == CaseStatus.CLOSED:
            result.append(PreviewLine(line, Outcome.OVERPAID, claim, owed))
            continue
        booked[claim.pk] += line.amount
        result.append(PreviewLine(line, Outcome.MATCHED, claim, owed))
    return result
