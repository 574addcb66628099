"""Recording the agency's own money and its assessment. Officers only; one transaction and
one audit event each. The grant's row is locked so two officers cannot together record more
than the decision allows (PostgreSQL's trigger on each table holds the same limits).

A requisition or administration cost recorded wrongly is never edited: a correction is a
new row naming it, with the reason and the amount that brings it to what it should have
been. Every total is the sum of all rows, so it is always the corrected one."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from accounts import permissions
from core import clock
from core.money import format_kronor
from grants.models import DeadlineKind, Grant
from records.models import AuditAction
from records.services import audit_record
from reminders.services import agency_step_done_record

from .models import (
    AdministrationCost,
    AgencyRepayment,
    AgencyRequisition,
    CostType,
    MinistryReport,
)


def _lock_grant(grant: Grant) -> Grant:
    return Grant.objects.select_for_update().select_related("decision").get(pk=grant.pk)


def _check_common(*, day: dt.date, amount: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    if amount <= 0:
        errors["amount"] = _("Enter an amount greater than zero.")
    if day > clock.today():
        errors["date"] = _("The date cannot be in the future.")
    return errors


@transaction.atomic
def agency_requisition_record(
    *, grant: Grant, requisitioned_on: dt.date, amount: int, reference: str, actor: Any
) -> AgencyRequisition:
    """Record the agency's requisition of the appropriation from Kammarkollegiet."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    grant = _lock_grant(grant)
    reference = reference.strip()
    errors = _check_common(day=requisitioned_on, amount=amount)
    if not reference:
        errors["reference"] = _("Enter Kammarkollegiet's or the agency's reference.")
    before = AgencyRequisition.objects.filter(grant=grant).aggregate(total=Sum("amount"))["total"]
    before = before or 0
    if "amount" not in errors and before + amount > grant.decision.total_amount:
        errors["amount"] = _(
            "The requisitions would add up to %(total)s, more than the %(limit)s the decision "
            "lets Socialstyrelsen use."
        ) % {
            "total": format_kronor(before + amount),
            "limit": format_kronor(grant.decision.total_amount),
        }
    if errors:
        raise ValidationError(errors)
    requisition = AgencyRequisition.objects.create(
        grant=grant,
        requisitioned_on=requisitioned_on,
        amount=amount,
        reference=reference,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.AGENCY_REQUISITION_RECORDED,
        target=requisition,
        grant=grant,
        data={
            "date": requisitioned_on,
            "amount": amount,
            "reference": reference,
            "total_before": before,
            "total_after": before + amount,
        },
    )
    deadline = grant.deadlines.filter(kind=DeadlineKind.AGENCY_REQUISITION).first()
    if deadline is not None and before + amount == grant.decision.total_amount:
        # The whole appropriation is drawn: the step is done and its reminders stop.
        agency_step_done_record(
            deadline=deadline,
            done_on=requisitioned_on,
            note=_("The whole amount is requisitioned (%(reference)s).") % {"reference": reference},
            actor=actor,
        )
    return requisition


@transaction.atomic
def administration_cost_record(
    *,
    grant: Grant,
    incurred_on: dt.date,
    amount: int,
    description: str,
    cost_type: str,
    actor: Any,
) -> AdministrationCost:
    """Record a cost against the decision's amount for administration and follow-up; the
    total may not exceed that amount."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    grant = _lock_grant(grant)
    description = description.strip()
    errors = _check_common(day=incurred_on, amount=amount)
    if "date" not in errors and incurred_on.year != grant.year:
        # The administration money is for the budget year, like the regions' money.
        errors["date"] = _(
            "An administration cost must be dated within the budget year %(year)s "
            "(%(year)s-01-01–%(year)s-12-31)."
        ) % {"year": grant.year}
    if not description:
        errors["description"] = _("Describe the cost.")
    if cost_type not in CostType.values:
        errors["cost_type"] = _("Choose a cost type.")
    before = AdministrationCost.objects.filter(grant=grant).aggregate(total=Sum("amount"))["total"]
    before = before or 0
    limit = grant.decision.administration_amount
    if "amount" not in errors and before + amount > limit:
        errors["amount"] = _(
            "The administration costs would add up to %(total)s, more than the %(limit)s the "
            "decision allows for administration and follow-up (%(left)s left)."
        ) % {
            "total": format_kronor(before + amount),
            "limit": format_kronor(limit),
            "left": format_kronor(limit - before),
        }
    if errors:
        raise ValidationError(errors)
    cost = AdministrationCost.objects.create(
        grant=grant,
        incurred_on=incurred_on,
        amount=amount,
        description=description,
        cost_type=cost_type,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.ADMINISTRATION_COST_RECORDED,
        target=cost,
        grant=grant,
        data={
            "date": incurred_on,
            "amount": amount,
            "cost_type": cost_type,
            "description": description,
            "total_before": before,
            "total_after": before + amount,
        },
    )
    return cost


def _correction_errors(*, current: int, amount: int, reason: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if amount < 0:
        errors["amount"] = _("Enter zero or more.")
    elif amount == current:
        errors["amount"] = _(
            "The entry already amounts to %(amount)s: enter the amount it should have been."
        ) % {"amount": format_kronor(current)}
    if not reason:
        errors["reason"] = _("Say why the entry is corrected.")
    return errors


def _entry_to_correct(model: Any, *, entry: Any, grant: Grant) -> Any:
    """The recorded entry (not a correction) of the grant, as stored now."""
    original = model.objects.filter(pk=entry.pk, grant=grant, corrects__isnull=True).first()
    if original is None:
        raise ValidationError({"entry": _("Choose one of the recorded entries.")})
    return original


def _entry_amount(model: Any, original: Any) -> int:
    """The entry's amount with its corrections."""
    total = model.objects.filter(Q(pk=original.pk) | Q(corrects=original)).aggregate(
        total=Sum("amount")
    )["total"]
    return int(total or 0)


@transaction.atomic
def _entry_correct(
    model: Any,
    *,
    entry: Any,
    amount: int,
    reason: str,
    actor: Any,
    limit: Callable[[Grant], int],
    too_much: Callable[[int, int, int], str],
    action: str,
    copied: tuple[str, ...],
) -> Any:
    """Correct a recorded entry of ``model`` to ``amount`` (0 if it should not have been
    recorded at all) by a correcting entry with ``reason``; the entry itself stays as
    recorded. The entries' total may still not exceed ``limit`` (``too_much(total, limit,
    before)`` says so at the amount field)."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    grant = _lock_grant(entry.grant)
    original = _entry_to_correct(model, entry=entry, grant=grant)
    reason = reason.strip()
    current = _entry_amount(model, original)
    errors = _correction_errors(current=current, amount=amount, reason=reason)
    before = model.objects.filter(grant=grant).aggregate(total=Sum("amount"))["total"] or 0
    after = before - current + amount
    if "amount" not in errors and after > limit(grant):
        errors["amount"] = too_much(after, limit(grant), before)
    if errors:
        raise ValidationError(errors)
    correction = model.objects.create(
        grant=grant,
        amount=amount - current,
        corrects=original,
        reason=reason,
        created_by=actor,
        **{name: getattr(original, name) for name in copied},
    )
    audit_record(
        actor=actor,
        action=action,
        target=correction,
        grant=grant,
        data={
            "corrects": original.pk,
            **{name: getattr(original, name) for name in copied},
            "before": current,
            "after": amount,
            "change": amount - current,
            "total_before": before,
            "total_after": after,
        },
        reason=reason,
        records=[original],
    )
    return correction


def agency_requisition_correct(
    *, requisition: AgencyRequisition, amount: int, reason: str, actor: Any
) -> AgencyRequisition:
    """Correct a recorded requisition from Kammarkollegiet by a correcting entry. The
    requisitions may still not exceed the decision's total."""
    return _entry_correct(
        AgencyRequisition,
        entry=requisition,
        amount=amount,
        reason=reason,
        actor=actor,
        limit=lambda grant: grant.decision.total_amount,
        too_much=lambda total, limit, _before: (
            _(
                "The requisitions would add up to %(total)s, more than the %(limit)s the decision "
                "lets Socialstyrelsen use."
            )
            % {"total": format_kronor(total), "limit": format_kronor(limit)}
        ),
        action=AuditAction.AGENCY_REQUISITION_CORRECTED,
        copied=("requisitioned_on", "reference"),
    )


def administration_cost_correct(
    *, cost: AdministrationCost, amount: int, reason: str, actor: Any
) -> AdministrationCost:
    """Correct a recorded administration cost by a correcting entry. The costs may still not
    exceed the decision's administration amount."""
    return _entry_correct(
        AdministrationCost,
        entry=cost,
        amount=amount,
        reason=reason,
        actor=actor,
        limit=lambda grant: grant.decision.administration_amount,
        too_much=lambda total, limit, before: (
            _(
                "The administration costs would add up to %(total)s, more than the %(limit)s the "
                "decision allows for administration and follow-up (%(left)s left)."
            )
            % {
                "total": format_kronor(total),
                "limit": format_kronor(limit),
                "left": format_kronor(limit - before),
            }
        ),
        action=AuditAction.ADMINISTRATION_COST_CORRECTED,
        copied=("incurred_on", "description", "cost_type"),
    )


@transaction.atomic
def agency_repayment_record(
    *, grant: Grant, repaid_on: dt.date, amount: int, reference: str, actor: Any
) -> AgencyRepayment:
    """Record what the agency repaid to Kammarkollegiet; the economic report compares it with
    what is owed. All that is repaid may not exceed what was received."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    grant = _lock_grant(grant)
    reference = reference.strip()
    errors = _check_common(day=repaid_on, amount=amount)
    if not reference:
        errors["reference"] = _("Enter the payment's reference.")
    before = AgencyRepayment.objects.filter(grant=grant).aggregate(total=Sum("amount"))["total"]
    before = before or 0
    received = AgencyRequisition.objects.filter(grant=grant).aggregate(total=Sum("amount"))
    received_total = received["total"] or 0
    if "amount" not in errors and before + amount > received_total:
        errors["amount"] = _(
            "The repayments would add up to %(total)s, more than the %(received)s received "
            "from Kammarkollegiet."
        ) % {"total": format_kronor(before + amount), "received": format_kronor(received_total)}
    if errors:
        raise ValidationError(errors)
    repayment = AgencyRepayment.objects.create(
        grant=grant, repaid_on=repaid_on, amount=amount, reference=reference, created_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.AGENCY_REPAYMENT_RECORDED,
        target=repayment,
        grant=grant,
        data={
            "date": repaid_on,
            "amount": amount,
            "reference": reference,
            "total_before": before,
            "total_after": before + amount,
        },
    )
    return repayment


@transaction.atomic
def ministry_assessment_set(*, grant: Grant, text: str, actor: Any) -> MinistryReport:
    """Save the agency's assessment for the report to the ministry (the text is kept in the
    audit event, so every earlier wording can be read back)."""
    if not permissions.is_officer(actor):
        raise PermissionDenied
    grant = _lock_grant(grant)
    text = text.strip()
    report = MinistryReport.objects.select_for_update().filter(grant=grant).first()
    before = report.assessment if report else None
    if report is None:
        report = MinistryReport(grant=grant)
    elif before == text:
        return report
    report.assessment = text
    report.updated_at = clock.now()
    report.updated_by = actor
    report.save()
    audit_record(
        actor=actor,
        action=AuditAction.MINISTRY_ASSESSMENT_SET,
        target=report,
        grant=grant,
        data={"before": before, "after": text},
    )
    return report
