"""Requisition and payment: every change is one transaction with its audit event, and
e-mail leaves only after the transaction commits (through the outbox).

Concurrency: every change to a case first locks the case row (``SELECT … FOR UPDATE``),
so two submissions for the same region and grant run one after the other; the partial
unique index on active requisitions is the last word if anything slips past.
"""

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.selectors import region_contact_emails
from core import clock, formats
from core.money import format_kronor
from core.workdays import require_banking_day
from grants.models import Case, Deadline, DeadlineKind
from grants.selectors import allocation_for_region
from notifications.services import email_queue
from records.anchors import anchor_after_commit, anchor_write
from records.models import AuditAction, DocumentKind
from records.services import audit_record, document_store

from . import documents, payment_files
from .models import (
    ACTIVE_STATUSES,
    Disbursement,
    PaymentDecision,
    PaymentFile,
    Requisition,
    RequisitionStatus,
)


@dataclass(frozen=True)
class RequisitionData:
    """What a region fills in. Amount in öre; numbers already normalised and check-digit valid."""

    amount: int
    account_type: str = ""
    account_number: str = ""
    organisation_number_confirmed: bool = False
    region_reference: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    attested: bool = False


REQUIRED_TO_SUBMIT = (
    "account_type",
    "account_number",
    "organisation_number_confirmed",
    "contact_name",
    "contact_email",
    "contact_phone",
    "signatory_name",
    "signatory_title",
    "attested",
)


class RequisitionClosed(ValidationError):
    """The requisition deadline has passed (or no requisition is open for the grant)."""


class AlreadySubmitted(Exception):
    """The case already has a received requisition: a double click or a second tab."""

    def __init__(self, requisition: Requisition):
        super().__init__("already submitted")
        self.requisition = requisition


class EditConflict(Exception):
    """Someone else saved the draft after this user opened it."""

    def __init__(self, current: Requisition | None):
        super().__init__("the draft changed")
        self.current = current


def requisition_deadline(case: Case) -> Deadline | None:
    return Deadline.objects.filter(grant_id=case.grant_id, kind=DeadlineKind.REQUISITION).first()


def requisition_is_open(case: Case, at: dt.datetime | None = None) -> bool:
    deadline = requisition_deadline(case)
    return deadline is not None and deadline.is_open_at(at or clock.now())


def _lock_case(case: Case) -> Case:
    return (
        Case.objects.select_for_update().select_related("grant__decision", "region").get(pk=case.pk)
    )


def _active_requisition(case: Case) -> Requisition | None:
    return (
        Requisition.objects.select_for_update()
        .filter(case=case, status__in=ACTIVE_STATUSES)
        .first()
    )


def allocation_amount_for(case: Case) -> int:
    allocation = allocation_for_region(case.grant, case.region_id)
    if allocation is None:
        raise ValidationError(_("The region has no adopted allocation in this grant."))
    return allocation.amount


def _check_amount(amount: int, allocation_amount: int) -> None:
    if amount <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    if amount > allocation_amount:
        raise ValidationError(
            {
                "amount": _("The amount may be at most the allocation, %(allocation)s.")
                % {"allocation": format_kronor(allocation_amount)}
            }
        )


def missing_for_submission(data: RequisitionData) -> list[str]:
    return [name for name in REQUIRED_TO_SUBMIT if not getattr(data, name)]


def _snapshot(requisition: Requisition) -> dict[str, Any]:
    return {
        "status": requisition.status,
        "amount": requisition.amount,
        "version": requisition.version,
    }


def _write(requisition: Requisition, data: RequisitionData, actor: Any) -> None:
    for name, value in asdict(data).items():
        setattr(requisition, name, value)
    requisition.updated_at = clock.now()
    requisition.updated_by = actor


def _new_requisition(case: Case, actor: Any) -> Requisition:
    return Requisition(
        case=case,
        allocation_amount=allocation_amount_for(case),
        organisation_number=case.region.organisation_number,
        diarienummer=case.grant.decision.diarienummer,
        created_by=actor,
        updated_by=actor,
        version=0,
    )


def _prepare(
    case: Case, version: int, actor: Any
) -> tuple[Case, Requisition, dict[str, Any] | None]:
    """Lock the case and return it with the draft to write (existing or new)."""
    case = _lock_case(case)
    current = _active_requisition(case)
    if current is not None and not current.is_draft:
        raise AlreadySubmitted(current)
    if (current.version if current else 0) != version:
        raise EditConflict(current)
    if not requisition_is_open(case):
        raise RequisitionClosed(_("The requisition deadline has passed. Nothing was saved."))
    before = _snapshot(current) if current else None
    return case, current or _new_requisition(case, actor), before


@transaction.atomic
def requisition_save_draft(
    *, case: Case, data: RequisitionData, version: int, actor: Any
) -> Requisition:
    """Save what the region has filled in so far. Any region role may save a draft."""
    if not permissions.can_prepare_for_region(actor, case.region_id):
        raise PermissionDenied
    case, requisition, before = _prepare(case, version, actor)
    _check_amount(data.amount, requisition.allocation_amount)
    _write(requisition, data, actor)
    requisition.version += 1
    requisition.save()
    audit_record(
        actor=actor,
        action=AuditAction.REQUISITION_DRAFT_SAVED,
        target=requisition,
        grant=case.grant,
        region=case.region,
        data={"before": before, "after": _snapshot(requisition)},
    )
    return requisition


def _receive(requisition: Requisition, case: Case, actor: Any) -> None:
    requisition.status = RequisitionStatus.RECEIVED
    requisition.submitted_at = clock.now()
    requisition.submitted_by = actor
    requisition.version += 1
    requisition.save()
    email_queue(
        key=f"requisition-received:{requisition.pk}",
        to=[requisition.contact_email],
        template="requisitions/email/received",
        context={
            "requisition": requisition,
            "case": case,
            "grant": case.grant,
            "region": case.region,
        },
        grant=case.grant,
        region=case.region,
    )


@transaction.atomic
def requisition_submit(
    *, case: Case, data: RequisitionData, version: int, actor: Any
) -> Requisition:
    """Submit the requisition: from now it is received ("inkom"), with the time recorded.

    Only a region admin or submitter may submit, and only until the end of the deadline day.
    """
    if not permissions.can_submit_for_region(actor, case.region_id):
        raise PermissionDenied
    case, requisition, before = _prepare(case, version, actor)
    _check_amount(data.amount, requisition.allocation_amount)
    missing = missing_for_submission(data)
    if missing:
        raise ValidationError({name: _("This must be filled in to submit.") for name in missing})
    _write(requisition, data, actor)
    if requisition.pk is None:
        requisition.save()
    _receive(requisition, case, actor)
    audit_record(
        actor=actor,
        action=AuditAction.REQUISITION_SUBMITTED,
        target=requisition,
        grant=case.grant,
        region=case.region,
        data={
            "before": before,
            "after": _snapshot(requisition),
            "received_at": requisition.submitted_at,
        },
    )
    return requisition


@transaction.atomic
def requisition_register_late(
    *, case: Case, data: RequisitionData, reason: str, actor: Any
) -> Requisition:
    """An officer registers a requisition that arrived after the deadline, with a written reason."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for accepting a late requisition.")})
    case = _lock_case(case)
    current = _active_requisition(case)
    if current is not None and not current.is_draft:
        raise AlreadySubmitted(current)
    if requisition_is_open(case):
        raise ValidationError(
            _("The deadline has not passed: the region submits the requisition itself.")
        )
    requisition = current or _new_requisition(case, actor)
    before = _snapshot(current) if current else None
    _check_amount(data.amount, requisition.allocation_amount)
    missing = missing_for_submission(data)
    if missing:
        raise ValidationError({name: _("This must be filled in to submit.") for name in missing})
    _write(requisition, data, actor)
    requisition.is_late = True
    requisition.late_reason = reason.strip()
    if requisition.pk is None:
        requisition.save()
    _receive(requisition, case, actor)
    audit_record(
        actor=actor,
        action=AuditAction.REQUISITION_LATE_REGISTERED,
        target=requisition,
        grant=case.grant,
        region=case.region,
        reason=requisition.late_reason,
        data={
            "before": before,
            "after": _snapshot(requisition),
            "received_at": requisition.submitted_at,
        },
    )
    return requisition


def _lock_requisition(requisition: Requisition) -> Requisition:
    _lock_case(requisition.case)
    return (
        Requisition.objects.select_for_update()
        .select_related("case__grant__decision", "case__region")
        .get(pk=requisition.pk)
    )


def _notify_region(
    requisition: Requisition, key: str, template: str, context: dict[str, Any]
) -> None:
    case = requisition.case
    email_queue(
        key=key,
        to=[*region_contact_emails(case.region_id), requisition.contact_email],
        template=template,
        context={
            "requisition": requisition,
            "case": case,
            "grant": case.grant,
            "region": case.region,
            **context,
        },
        grant=case.grant,
        region=case.region,
    )


@transaction.atomic
def requisition_approve(*, requisition: Requisition, actor: Any) -> PaymentDecision:
    """Decide to pay (beslut om utbetalning): the decision document is issued and the region told."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    requisition = _lock_requisition(requisition)
    if requisition.status != RequisitionStatus.RECEIVED:
        raise ValidationError(_("Only a received requisition can be decided."))
    decided_at = clock.now()
    content = documents.payment_decision_pdf(
        requisition=requisition, decided_by=actor, decided_at=decided_at
    )
    case = requisition.case
    document = document_store(
        kind=DocumentKind.PAYMENT_DECISION,
        title=_("Payment decision, %(region)s, grant %(year)s")
        % {"region": case.region.name, "year": case.grant.year},
        filename=f"beslut-om-utbetalning-{case.grant.year}-{case.region.county_code}.pdf",
        content=content,
        actor=actor,
        grant=case.grant,
        region=case.region,
    )
    decision = PaymentDecision.objects.create(
        requisition=requisition,
        amount=requisition.amount,
        decided_at=decided_at,
        decided_by=actor,
        document=document,
    )
    before = _snapshot(requisition)
    requisition.status = RequisitionStatus.APPROVED
    requisition.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.REQUISITION_APPROVED,
        target=requisition,
        grant=case.grant,
        region=case.region,
        records=[decision],
        data={
            "before": before,
            "after": _snapshot(requisition),
            "decided_amount": decision.amount,
            "document": document.pk,
        },
    )
    _notify_region(
        requisition,
        f"payment-decision:{decision.pk}",
        "requisitions/email/approved",
        {"decision": decision, "grant": case.grant},
    )
    return decision


@transaction.atomic
def requisition_refuse(*, requisition: Requisition, reason: str, actor: Any) -> Requisition:
    """Refuse a received requisition with a reason; the region is told and may send a new one
    while the deadline is open."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    requisition = _lock_requisition(requisition)
    if requisition.status != RequisitionStatus.RECEIVED:
        raise ValidationError(_("Only a received requisition can be refused."))
    before = _snapshot(requisition)
    requisition.status = RequisitionStatus.REFUSED
    requisition.refused_at = clock.now()
    requisition.refused_by = actor
    requisition.refusal_reason = reason.strip()
    requisition.save(update_fields=["status", "refused_at", "refused_by", "refusal_reason"])
    case = requisition.case
    document = document_store(
        kind=DocumentKind.REFUSAL,
        title=_("Decision to refuse a requisition, %(region)s, grant %(year)s")
        % {"region": case.region.name, "year": case.grant.year},
        filename=f"beslut-avslag-rekvisition-{case.grant.year}-{case.region.county_code}-{requisition.pk}.pdf",
        content=documents.refusal_pdf(requisition=requisition),
        actor=actor,
        grant=case.grant,
        region=case.region,
    )
    audit_record(
        actor=actor,
        action=AuditAction.REQUISITION_REFUSED,
        target=requisition,
        grant=case.grant,
        region=case.region,
        reason=requisition.refusal_reason,
        data={"before": before, "after": _snapshot(requisition), "document": document.pk},
    )
    _notify_region(
        requisition, f"requisition-refused:{requisition.pk}", "requisitions/email/refused", {}
    )
    return requisition


def payment_reference(requisition: Requisition) -> str:
    parts = [
        requisition.diarienummer,
        requisition.case.region.county_code,
        requisition.region_reference,
    ]
    return " ".join(part for part in parts if part)[:140]


@transaction.atomic
def payment_release(*, requisition: Requisition, payment_date: dt.date, actor: Any) -> Disbursement:
    """Release the payment once; the officer who decided it may not release it (four eyes)."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    requisition = _lock_requisition(requisition)
    if requisition.status == RequisitionStatus.PAID:
        raise ValidationError(_("This payment has already been released."))
    if requisition.status != RequisitionStatus.APPROVED:
        raise ValidationError(_("Only a decided requisition can be paid."))
    decision = requisition.payment_decision
    if decision.decided_by_id == actor.pk:
        raise ValidationError(
            _("You decided this payment; another officer must release it (four-eyes principle).")
        )
    if payment_date < clock.today():
        raise ValidationError({"payment_date": _("The payment date cannot be in the past.")})
    require_banking_day(payment_date, field="payment_date")
    case = requisition.case
    disbursement = Disbursement.objects.create(
        payment_decision=decision,
        amount=decision.amount,
        decided_by_id=decision.decided_by_id,
        released_by=actor,
        released_at=clock.now(),
        payment_date=payment_date,
        reference=payment_reference(requisition),
        payee_name=case.region.name,
        organisation_number=requisition.organisation_number,
        account_type=requisition.account_type,
        account_number=requisition.account_number,
    )
    before = _snapshot(requisition)
    requisition.status = RequisitionStatus.PAID
    requisition.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.PAYMENT_RELEASED,
        target=disbursement,
        grant=case.grant,
        region=case.region,
        records=[requisition],
        data={
            "before": before,
            "after": _snapshot(requisition),
            "amount": disbursement.amount,
            "payment_date": payment_date,
            "reference": disbursement.reference,
        },
    )
    _notify_region(
        requisition,
        f"disbursement:{disbursement.pk}",
        "requisitions/email/paid",
        {
            "disbursement": disbursement,
            "grant": case.grant,
        },
    )
    return disbursement


@transaction.atomic
def payment_file_create(*, payment_date: dt.date, actor: Any) -> PaymentFile:
    """Put every released payment of the day not yet in a file into one new file (CSV and pain.001)."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    require_banking_day(payment_date, field="payment_date")
    pending = list(
        Disbursement.objects.select_for_update()
        .filter(payment_date=payment_date, payment_file__isnull=True)
        .select_related("payment_decision__requisition__case__grant")
        .order_by("pk")
    )
    if not pending:
        raise ValidationError(
            _("There are no released payments for that day that are not already in a file.")
        )
    # The chain's head before this file, anchored outside the database and printed on it.
    try:
        anchor = anchor_write(reason="payment file")
    except OSError as error:
        raise ValidationError(
            _(
                "The audit trail could not be anchored, so no payment file was made. "
                "Tell the system administrator (%(error)s)."
            )
            % {"error": error.strerror or error}
        ) from error
    created_at = clock.now()
    csv_document = document_store(
        kind=DocumentKind.PAYMENT_FILE,
        title=_("Payment file %(date)s (CSV)") % {"date": formats.day_iso(payment_date)},
        filename=f"utbetalningar-{payment_date.isoformat()}-{created_at:%H%M%S}.csv",
        content=payment_files.payments_csv(pending),
        content_type="text/csv; charset=utf-8",
        actor=actor,
    )
    xml_document = document_store(
        kind=DocumentKind.PAYMENT_FILE,
        title=_("Payment file %(date)s (ISO 20022 pain.001)")
        % {"date": formats.day_iso(payment_date)},
        filename=f"utbetalningar-{payment_date.isoformat()}-{created_at:%H%M%S}.xml",
        content=payment_files.payments_pain001(
            pending, created_at=created_at, payment_date=payment_date, anchor=anchor
        ),
        content_type="application/xml",
        actor=actor,
    )
    list_document = document_store(
        kind=DocumentKind.PAYMENT_FILE,
        title=_("Payment list %(date)s (PDF)") % {"date": formats.day_iso(payment_date)},
        filename=f"utbetalningar-{payment_date.isoformat()}-{created_at:%H%M%S}.pdf",
        content=payment_files.payments_list_pdf(
            pending, created_at=created_at, payment_date=payment_date, anchor=anchor
        ),
        actor=actor,
    )
    payment_file = PaymentFile.objects.create(
        payment_date=payment_date,
        created_at=created_at,
        created_by=actor,
        payment_count=len(pending),
        total_amount=sum(d.amount for d in pending),
        csv_document=csv_document,
        xml_document=xml_document,
        list_document=list_document,
        audit_event_id=anchor.event_id if anchor else None,
        audit_hash=anchor.hash if anchor else "",
    )
    assigned = Disbursement.objects.filter(
        pk__in=[d.pk for d in pending], payment_file__isnull=True
    ).update(payment_file=payment_file)
    if assigned != len(pending):  # cannot happen under the row locks; refuse rather than guess
        raise ValidationError(_("Some payments were put in another file meanwhile. Try again."))
    for disbursement in pending:
        disbursement.payment_file = payment_file
    audit_record(
        actor=actor,
        action=AuditAction.PAYMENT_FILE_CREATED,
        target=payment_file,
        records=pending,
        data={
            "payment_date": payment_date,
            "count": payment_file.payment_count,
            "total": payment_file.total_amount,
            "disbursements": [d.pk for d in pending],
            "audit_anchor": {"event": anchor.event_id, "hash": anchor.hash} if anchor else None,
        },
    )
    # And the head with this file's own event, once it is committed.
    transaction.on_commit(anchor_after_commit("payment file made"))
    return payment_file
