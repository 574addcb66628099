"""Claims, repayments, the bank import and closing a case. One transaction each, with its
audit event; e-mail after commit. Every change to a case locks the case row first."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.selectors import region_contact_emails
from core import clock
from core.money import format_kronor
from core.workdays import next_banking_day, require_banking_day
from grants.models import Case, CaseStatus, Deadline, DeadlineKind
from notifications.services import email_queue
from records.models import AuditAction, DocumentKind
from records.services import audit_record, document_store
from reports.models import ReportVersion
from requisitions.models import Disbursement

from . import bank_file, documents
from .ledger import CaseLedger, ledgers
from .models import (
    AdjustmentCause,
    BankImport,
    BankTransaction,
    Claim,
    ClaimAdjustment,
    ClaimGround,
    ClaimKind,
    FlagReason,
    Repayment,
    RepaymentStatus,
)
from .ocr import ocr_candidates, ocr_reference


class CaseClosed(ValidationError):
    """The case is closed; an officer must reopen it (with a reason) before it changes."""


def lock_case(case: Case) -> Case:
    return (
        Case.objects.select_for_update().select_related("grant__decision", "region").get(pk=case.pk)
    )


def ensure_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise CaseClosed(
            _("The case is closed. An officer must reopen it before anything changes.")
        )


def disbursed_amount(case: Case) -> int:
    return sum(
        Disbursement.objects.filter(payment_decision__requisition__case=case).values_list(
            "amount", flat=True
        )
    )


def repayment_deadline(case: Case) -> Deadline | None:
    return Deadline.objects.filter(grant_id=case.grant_id, kind=DeadlineKind.REPAYMENT).first()


def default_due_date(case: Case, decided_on: dt.date) -> dt.date:
    """The grant's repayment deadline, or a set number of days after the decision if that is later."""
    later = decided_on + dt.timedelta(days=settings.RECOVERY_CLAIM_DAYS)
    deadline = repayment_deadline(case)
    return next_banking_day(max(deadline.effective_date, later) if deadline else later)


def _next_ocr(case: Case) -> str:
    """The OCR reference for the case's next claim. The caller holds the case lock."""
    serial = Claim.objects.filter(case=case).count() + 1
    return ocr_reference(year=case.grant.year, county_code=case.region.county_code, serial=serial)


def reported_claim_set(
    *, case: Case, amount: int, actor: Any, report_version: ReportVersion
) -> Claim | None:
    """Keep the claim for what the region itself reports as not used in step with its report.

    A changed amount is a new adjustment naming the report version that changed it; the
    claim itself is never edited. Called inside the report service's transaction, with the
    case locked.
    """
    claim = Claim.objects.select_for_update().filter(case=case, kind=ClaimKind.REPORTED).first()
    if claim is None and amount == 0:
        return None
    deadline = repayment_deadline(case)
    due = next_banking_day(deadline.effective_date if deadline else clock.today())
    before = claim.amount if claim else None
    adjustment = None
    if claim is None:
        claim = Claim.objects.create(
            case=case,
            kind=ClaimKind.REPORTED,
            ground=ClaimGround.NOT_USED,
            initial_amount=amount,
            amount=amount,
            due_date=due,
            ocr=_next_ocr(case),
        )
    elif claim.amount != amount:
        repaid = booked_on_claim(claim)
        if amount < repaid:
            raise ValidationError(
                {
                    "amount_used": _(
                        "The region has already repaid %(repaid)s; the unused amount cannot be less."
                    )
                    % {"repaid": format_kronor(repaid)}
                }
            )
        adjustment = ClaimAdjustment.objects.create(
            claim=claim,
            amount=amount - claim.amount,
            cause=AdjustmentCause.REPORT,
            report_version=report_version,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        claim.amount = amount
        claim.save(update_fields=["amount"])
    else:
        return claim
    audit_record(
        actor=actor,
        action=AuditAction.CLAIM_REPORTED_SET,
        target=claim,
        grant=case.grant,
        region=case.region,
        records=[claim, adjustment],
        data={
            "before": before,
            "after": claim.amount,
            "ocr": claim.ocr,
            "due_date": claim.due_date,
            "report_version": report_version.number,
        },
    )
    return claim


# The order in which the agency's claims give way when a later fact means the same money
# would be claimed twice: a claim for a missing report first (the report is in), then
# claims that took back reported use (the newest first).
NETTING_ORDER = (ClaimGround.NO_REPORT, ClaimGround.NOT_USED, ClaimGround.NOT_USED_FOR_PURPOSE)


def claims_net(*, case: Case, report_version: ReportVersion, actor: Any) -> list[ClaimAdjustment]:
    """One debt per case: after a report version or its approval changed what the region
    keeps, reduce the agency's recovery claims by what the claims ask beyond what the region
    kept (``CaseLedger.claim_ceiling``), so that the same money is never claimed twice.
    Each reduction is an adjustment naming the report version, with its audit event.

    Called inside the report service's transaction, with the case locked."""
    ledger = ledgers([case])[0]
    excess = ledger.claimed - ledger.claim_ceiling
    if excess <= 0:
        return []
    claims = sorted(
        Claim.objects.select_for_update().filter(case=case, kind=ClaimKind.RECOVERY, amount__gt=0),
        key=lambda c: (NETTING_ORDER.index(ClaimGround(c.ground)), -c.created_at.timestamp()),
    )
    approved = ledger.report_approved
    adjustments = []
    for claim in claims:
        if excess <= 0:
            break
        reduction = min(excess, claim.amount)
        before = claim.amount
        adjustment = ClaimAdjustment.objects.create(
            claim=claim,
            amount=-reduction,
            cause=AdjustmentCause.NETTING,
            report_version=report_version,
            reason=(
                _("The report is approved: its use is accepted.")
                if approved
                else _("The region's report version %(number)s states what it did not use.")
                % {"number": report_version.number}
            ),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        claim.amount = before - reduction
        claim.save(update_fields=["amount"])
        excess -= reduction
        adjustments.append(adjustment)
        audit_record(
            actor=actor,
            action=AuditAction.CLAIM_NETTED,
            target=claim,
            grant=case.grant,
            region=case.region,
            records=[adjustment],
            data={
                "before": before,
                "after": claim.amount,
                "ocr": claim.ocr,
                "report_version": report_version.number,
                "report_approved": approved,
            },
        )
    return adjustments


def claim_room(ledger: CaseLedger, ground: str) -> int:
    """How much a new recovery claim on ``ground`` may ask: for a missing report, what was
    paid and is not yet claimed; otherwise the reported use not already taken back."""
    if ground == ClaimGround.NO_REPORT:
        return ledger.disbursed - ledger.claimed
    return ledger.accepted_used


def booked_on_claim(claim: Claim) -> int:
    return sum(
        Repayment.objects.filter(claim=claim, status=RepaymentStatus.BOOKED).values_list(
            "amount", flat=True
        )
    )


@transaction.atomic
def recovery_claim_decide(
    *, case: Case, amount: int, ground: str, due_date: dt.date, reason: str, actor: Any
) -> Claim:
    """Decide a recovery claim (återkrav) on a ground in the decision's conditions."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    case = lock_case(case)
    ensure_open(case)
    if ground not in ClaimGround.values:
        raise ValidationError({"ground": _("Choose the ground for the claim.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for the claim.")})
    disbursed = disbursed_amount(case)
    if disbursed == 0:
        raise ValidationError(
            _("Nothing has been paid to the region in this grant, so nothing can be claimed.")
        )
    ledger = ledgers([case])[0]
    if ground == ClaimGround.NO_REPORT and ledger.has_report:
        raise ValidationError(
            {"ground": _("The region has handed in a report; choose another ground.")}
        )
    if ground != ClaimGround.NO_REPORT and not ledger.has_report:
        raise ValidationError(
            {"ground": _("There is no report: the ground is that no report was handed in.")}
        )
    room = claim_room(ledger, ground)
    if amount <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    if amount > room and ground == ClaimGround.NO_REPORT:
        raise ValidationError(
            {
                "amount": _(
                    "At most %(room)s can be claimed: %(paid)s was paid and %(claimed)s is already claimed."
                )
                % {
                    "room": format_kronor(room),
                    "paid": format_kronor(disbursed),
                    "claimed": format_kronor(ledger.claimed),
                }
            }
        )
    if amount > room:
        raise ValidationError(
            {
                "amount": _(
                    "At most %(room)s can be claimed on this ground: that is the use the region "
                    "reported (%(used)s) less what is already claimed back (%(claimed)s)."
                )
                % {
                    "room": format_kronor(max(room, 0)),
                    "used": format_kronor(ledger.reported_used),
                    "claimed": format_kronor(ledger.reported_used - max(room, 0)),
                }
            }
        )
    decided_at = clock.now()
    if due_date < clock.today():
        raise ValidationError({"due_date": _("The due date cannot be in the past.")})
    require_banking_day(due_date, field="due_date")
    claim = Claim(
        case=case,
        kind=ClaimKind.RECOVERY,
        ground=ground,
        initial_amount=amount,
        amount=amount,
        due_date=due_date,
        reason=reason.strip(),
        decided_by=actor,
        created_at=decided_at,
        ocr=_next_ocr(case),
    )
    claim.document = document_store(
        kind=DocumentKind.RECOVERY_CLAIM,
        title=_("Recovery claim decision, %(region)s, grant %(year)s")
        % {"region": case.region.name, "year": case.grant.year},
        filename=f"beslut-aterkrav-{case.grant.year}-{case.region.county_code}-{claim.ocr}.pdf",
        content=documents.recovery_claim_pdf(claim=claim, decided_at=decided_at),
        actor=actor,
        grant=case.grant,
        region=case.region,
    )
    claim.save()
    document = claim.document
    audit_record(
        actor=actor,
        action=AuditAction.RECOVERY_CLAIM_DECIDED,
        target=claim,
        grant=case.grant,
        region=case.region,
        reason=claim.reason,
        data={
            "amount": amount,
            "ground": ground,
            "due_date": due_date,
            "ocr": claim.ocr,
            "document": document.pk,
        },
    )
    email_queue(
        key=f"recovery-claim:{claim.pk}",
        to=region_contact_emails(case.region_id),
        template="repayments/email/recovery_claim",
        context={
            "claim": claim,
            "case": case,
            "grant": case.grant,
            "region": case.region,
            "bankgiro": settings.AGENCY_BANKGIRO,
        },
        grant=case.grant,
        region=case.region,
    )
    return claim


@transaction.atomic
def recovery_claim_reduce(*, claim: Claim, amount: int, reason: str, actor: Any) -> Claim:
    """Reduce a recovery claim to ``amount`` by a new decision (withdraw it with 0). The
    first decision stays on record; this one is a document of its own, an adjustment with
    its reason, an audit event and an e-mail to the region. A claim is never raised this
    way: more is a new claim."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    case = lock_case(claim.case)
    ensure_open(case)
    claim = (
        Claim.objects.select_for_update()
        .select_related("case__grant__decision")
        .get(pk=claim.pk, case=case)
    )
    if claim.kind != ClaimKind.RECOVERY:
        raise ValidationError(
            _(
                "Only the agency's recovery claims are changed by a decision; the region's own "
                "amount follows its report."
            )
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for the new decision.")})
    if amount < 0:
        raise ValidationError({"amount": _("Enter an amount of at least 0.")})
    if amount >= claim.amount:
        raise ValidationError(
            {
                "amount": _(
                    "Enter less than the %(now)s the claim asks now (0 withdraws it). To claim "
                    "more, decide a new claim."
                )
                % {"now": format_kronor(claim.amount)}
            }
        )
    before = claim.amount
    decided_at = clock.now()
    document = document_store(
        kind=DocumentKind.RECOVERY_CLAIM_CHANGE,
        title=(
            _("Recovery claim withdrawn, %(region)s, grant %(year)s")
            if amount == 0
            else _("Recovery claim reduced, %(region)s, grant %(year)s")
        )
        % {"region": case.region.name, "year": case.grant.year},
        filename=f"beslut-andrat-aterkrav-{case.grant.year}-{case.region.county_code}-"
        f"{claim.ocr}-{decided_at:%Y%m%d%H%M%S}.pdf",
        content=documents.claim_change_pdf(
            claim=claim,
            before=before,
            after=amount,
            reason=reason.strip(),
            actor=actor,
            decided_at=decided_at,
        ),
        actor=actor,
        grant=case.grant,
        region=case.region,
    )
    adjustment = ClaimAdjustment.objects.create(
        claim=claim,
        amount=amount - before,
        cause=AdjustmentCause.DECISION,
        reason=reason.strip(),
        document=document,
        created_at=decided_at,
        created_by=actor,
    )
    claim.amount = amount
    claim.save(update_fields=["amount"])
    audit_record(
        actor=actor,
        action=AuditAction.RECOVERY_CLAIM_REDUCED,
        target=claim,
        grant=case.grant,
        region=case.region,
        reason=reason.strip(),
        records=[adjustment],
        data={
            "before": before,
            "after": amount,
            "withdrawn": amount == 0,
            "ocr": claim.ocr,
            "document": document.pk,
        },
    )
    email_queue(
        key=f"recovery-claim-change:{adjustment.pk}",
        to=region_contact_emails(case.region_id),
        template="repayments/email/recovery_claim_change",
        context={
            "claim": claim,
            "before": before,
            "after": amount,
            "case": case,
            "grant": case.grant,
            "region": case.region,
        },
        grant=case.grant,
        region=case.region,
    )
    case_close_if_settled(case=case, actor=actor)
    return claim


def claim_for_reference(reference: str) -> Claim | None:
    """The claim whose OCR number appears in the reference, if exactly one does."""
    candidates = ocr_candidates(reference)
    claims = list(
        Claim.objects.filter(ocr__in=candidates).select_related("case__grant", "case__region")
    )
    return claims[0] if len(claims) == 1 else None


def case_outstanding(case: Case) -> int:
    """What the region still owes on the case: its claims are one debt, so a payment with
    any of the case's payment references counts against all of them."""
    return ledgers([case])[0].outstanding


def _book(
    *,
    received_on: dt.date,
    amount: int,
    reference: str,
    payer: str,
    actor: Any,
    claim: Claim | None,
    bank_transaction: BankTransaction | None = None,
) -> Repayment:
    """Book a repayment against its claim, or flag it. Caller holds the case lock if there is a claim."""
    reason: str
    if claim is None:
        status, reason = RepaymentStatus.FLAGGED, FlagReason.UNKNOWN_REFERENCE
    elif claim.case.status == CaseStatus.CLOSED or amount > case_outstanding(claim.case):
        status, reason = RepaymentStatus.FLAGGED, FlagReason.OVERPAYMENT
    else:
        status, reason = RepaymentStatus.BOOKED, ""
    repayment = Repayment.objects.create(
        claim=claim,
        amount=amount,
        received_on=received_on,
        reference=reference[:140],
        payer=payer[:200],
        status=status,
        flag_reason=reason,
        bank_transaction=bank_transaction,
        registered_at=clock.now(),
        registered_by=actor,
    )
    case = claim.case if claim else None
    audit_record(
        actor=actor,
        action=AuditAction.REPAYMENT_BOOKED
        if status == RepaymentStatus.BOOKED
        else AuditAction.REPAYMENT_FLAGGED,
        target=repayment,
        records=[bank_transaction],
        grant=case.grant if case else None,
        region=case.region if case else None,
        data={
            "amount": amount,
            "received_on": received_on,
            "reference": reference,
            "claim": claim.pk if claim else None,
            "status": status,
            "flag_reason": reason,
        },
    )
    if status == RepaymentStatus.BOOKED and case is not None:
        case_close_if_settled(case=case, actor=actor)
    return repayment


@transaction.atomic
def repayment_register(
    *, received_on: dt.date, amount: int, reference: str, payer: str = "", actor: Any
) -> Repayment:
    """Register money received. Matched by its OCR reference; anything that does not fit a
    claim exactly (unknown reference, more than owed) is flagged, never booked silently."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    if amount <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    if received_on > clock.today():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    claim = claim_for_reference(reference)
    if claim is not None:
        lock_case(claim.case)
        claim = Claim.objects.select_related("case__grant", "case__region").get(pk=claim.pk)
    return _book(
        received_on=received_on,
        amount=amount,
        reference=reference,
        payer=payer,
        actor=actor,
        claim=claim,
    )


@transaction.atomic
def repayment_resolve(
    *, repayment: Repayment, action: str, note: str, actor: Any, claim: Claim | None = None
) -> Repayment:
    """Handle a flagged repayment: book it to a claim (the part beyond what is owed is
    returned to the payer), or return all of it. Both need a note."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": _("Write how the payment was handled.")})
    repayment = Repayment.objects.select_for_update().get(pk=repayment.pk)
    if repayment.status != RepaymentStatus.FLAGGED:
        raise ValidationError(_("This payment has already been handled."))
    if action == "return":
        repayment.status = RepaymentStatus.RETURNED
        repayment.flag_reason = ""
        repayment.handling_note = note.strip()
        repayment.save(update_fields=["status", "flag_reason", "handling_note"])
        audit_record(
            actor=actor,
            action=AuditAction.REPAYMENT_RETURNED,
            target=repayment,
            grant=repayment.claim.case.grant if repayment.claim else None,
            region=repayment.claim.case.region if repayment.claim else None,
            reason=repayment.handling_note,
            data={"amount": repayment.amount},
        )
        return repayment
    if action != "book" or claim is None:
        raise ValidationError({"claim": _("Choose the claim to book the payment against.")})
    case = lock_case(claim.case)
    ensure_open(case)
    claim = Claim.objects.select_related("case__grant", "case__region").get(pk=claim.pk)
    owed = case_outstanding(case)
    if owed <= 0:
        raise ValidationError({"claim": _("Nothing is outstanding on that claim.")})
    booked_amount = min(owed, repayment.amount)
    excess = repayment.amount - booked_amount
    returned = None
    repayment.claim = claim
    repayment.amount = booked_amount
    repayment.status = RepaymentStatus.BOOKED
    repayment.flag_reason = ""
    repayment.handling_note = note.strip()
    repayment.save(update_fields=["claim", "amount", "status", "flag_reason", "handling_note"])
    if excess:
        returned = Repayment.objects.create(
            claim=claim,
            amount=excess,
            received_on=repayment.received_on,
            reference=repayment.reference,
            payer=repayment.payer,
            status=RepaymentStatus.RETURNED,
            handling_note=_("The part beyond what was owed, to be paid back to the payer. %(note)s")
            % {"note": note.strip()},
            registered_at=clock.now(),
            registered_by=actor,
        )
    audit_record(
        actor=actor,
        action=AuditAction.REPAYMENT_RESOLVED,
        target=repayment,
        records=[returned],
        grant=case.grant,
        region=case.region,
        reason=note.strip(),
        data={"booked": booked_amount, "returned": excess, "claim": claim.pk},
    )
    case_close_if_settled(case=case, actor=actor)
    return repayment


# --- The bank import -------------------------------------------------------------------


@transaction.atomic
def bank_import_upload(*, filename: str, content: str, actor: Any) -> BankImport:
    """Keep an uploaded bank file for preview. Nothing is booked yet."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    bank_file.parse(content)  # raises ValidationError naming the bad line
    bank_import = BankImport.objects.create(
        filename=filename[:200], content=content, uploaded_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.BANK_FILE_UPLOADED,
        target=bank_import,
        data={"filename": filename},
    )
    return bank_import


def bank_import_preview(bank_import: BankImport) -> list[bank_file.PreviewLine]:
    return bank_file.preview(bank_file.parse(bank_import.content))


@transaction.atomic
def bank_import_confirm(*, bank_import: BankImport, actor: Any) -> list[Repayment]:
    """Book what the preview showed: matched lines booked, the rest flagged, duplicates skipped."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    bank_import = BankImport.objects.select_for_update().get(pk=bank_import.pk)
    if bank_import.confirmed_at is not None:
        raise ValidationError(_("This file has already been booked."))
    lines = bank_file.parse(bank_import.content)
    # Lock every case a line points at, in a fixed order, before deciding anything.
    claims = {
        c.ocr: c
        for c in Claim.objects.filter(
            ocr__in={o for line in lines for o in ocr_candidates(line.reference)}
        )
    }
    for case_id in sorted({claim.case_id for claim in claims.values()}):
        Case.objects.select_for_update().get(pk=case_id)
    repayments = []
    for line in bank_file.preview(lines):
        if line.outcome in (
            bank_file.Outcome.DUPLICATE_IN_FILE,
            bank_file.Outcome.ALREADY_IMPORTED,
            bank_file.Outcome.NOT_CREDIT,
        ):
            continue
        transaction_row = BankTransaction.objects.create(
            bank_import=bank_import,
            line_number=line.line_number,
            booked_on=line.booked_on,
            amount=line.amount,
            reference=line.reference[:140],
            payer=line.payer[:200],
            bank_id=line.bank_id[:100],
            fingerprint=line.fingerprint,
        )
        claim = (
            Claim.objects.select_related("case__grant", "case__region").get(pk=line.claim.pk)
            if line.claim
            else None
        )
        repayments.append(
            _book(
                received_on=line.booked_on,
                amount=line.amount,
                reference=line.reference,
                payer=line.payer,
                actor=actor,
                claim=claim,
                bank_transaction=transaction_row,
            )
        )
    bank_import.confirmed_at = clock.now()
    bank_import.confirmed_by = actor
    bank_import.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(
        actor=actor,
        action=AuditAction.BANK_FILE_BOOKED,
        target=bank_import,
        data={
            "booked": sum(1 for r in repayments if r.status == RepaymentStatus.BOOKED),
            "flagged": sum(1 for r in repayments if r.status == RepaymentStatus.FLAGGED),
        },
    )
    return repayments


# --- Closing the case ------------------------------------------------------------------


def case_close_if_settled(*, case: Case, actor: Any) -> bool:
    """Close the case when the report is approved and nothing is outstanding. Inside a
    transaction that holds the case lock."""
    case = Case.objects.get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        return False
    ledger: CaseLedger = ledgers([case])[0]
    if not ledger.disbursed or not ledger.is_settled:
        return False
    _close(
        case, actor, reason="", data={"outstanding": ledger.outstanding, "repaid": ledger.repaid}
    )
    return True


def _close(case: Case, actor: Any, *, reason: str, data: dict[str, Any]) -> None:
    case.status = CaseStatus.CLOSED
    case.closed_at = clock.now()
    case.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CASE_CLOSED,
        target=case,
        grant=case.grant,
        region=case.region,
        reason=reason,
        data=data,
    )


@transaction.atomic
def case_close_lapsed(*, case: Case, reason: str, actor: Any) -> Case:
    """Close a case where nothing was paid and the requisition deadline has passed."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    case = lock_case(case)
    ensure_open(case)
    from requisitions.services import requisition_is_open

    if disbursed_amount(case) or requisition_is_open(case):
        raise ValidationError(
            _("Only a case with no payment, after the requisition deadline, is closed this way.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for closing the case.")})
    _close(case, actor, reason=reason.strip(), data={"lapsed": True})
    return case


@transaction.atomic
def case_reopen(*, case: Case, reason: str, actor: Any) -> Case:
    """Reopen a closed case so that it can change again. Needs a reason, which is logged."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the case.")})
    case = lock_case(case)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError(_("The case is not closed."))
    case.status = CaseStatus.OPEN
    case.closed_at = None
    case.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CASE_REOPENED,
        target=case,
        grant=case.grant,
        region=case.region,
        reason=reason.strip(),
    )
    return case
