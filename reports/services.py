"""The region's report: draft, submit (every version kept), completion request, approval.

Each is one transaction with its audit event, on a locked case; e-mail after commit.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.selectors import region_contact_emails
from core import clock
from core.money import format_kronor
from grants.models import Case, Deadline, DeadlineKind, Grant
from notifications.services import email_queue
from records.models import AuditAction, DocumentKind
from records.services import audit_record, document_store
from repayments.services import (
    case_close_if_settled,
    claims_net,
    disbursed_amount,
    ensure_open,
    lock_case,
    reported_claim_set,
)

from . import documents
from .models import (
    CompletionRequest,
    Purpose,
    Report,
    ReportPurpose,
    ReportStatus,
    ReportVersion,
    TargetGroup,
)


@dataclass(frozen=True)
class PurposeData:
    amount: int | None = None
    description: str = ""


@dataclass(frozen=True)
class ReportData:
    """What the region fills in. Amounts in öre."""

    amount_used: int | None = None
    period_from: dt.date | None = None  # the period the report covers, within the grant's
    period_to: dt.date | None = None  # period of use
    bookkeeping: str = ""
    certifier_name: str = ""
    certifier_title: str = ""
    certified: bool = False
    target_groups: tuple[str, ...] = ()
    gender_equality: str = ""
    child_rights: str = ""
    disability: str = ""
    purposes: dict[str, PurposeData] = field(default_factory=dict)


REQUIRED_TO_SUBMIT = (
    "amount_used",
    "period_from",
    "period_to",
    "bookkeeping",
    "certifier_name",
    "certifier_title",
    "certified",
    "target_groups",
    "gender_equality",
    "child_rights",
    "disability",
)


class AlreadySubmitted(Exception):
    def __init__(self, report: Report):
        super().__init__("already submitted")
        self.report = report


class EditConflict(Exception):
    def __init__(self, current: Report):
        super().__init__("the report changed")
        self.current = current


def report_deadline(case: Case) -> Deadline | None:
    return Deadline.objects.filter(grant_id=case.grant_id, kind=DeadlineKind.REPORT).first()


def period_errors(data: ReportData, grant: Grant) -> dict[str, str]:
    """The period the report covers lies within the grant's period of use, from before to.
    Use outside the period of use is not accepted use (the decision: "under 2025")."""
    errors: dict[str, str] = {}
    outside = _("The period must lie within the grant's period of use %(period)s.") % {
        "period": grant.use_period_text
    }
    for name in ("period_from", "period_to"):
        day = getattr(data, name)
        if day is not None and not grant.contains_use_date(day):
            errors[name] = outside
    if (
        not errors
        and data.period_from is not None
        and data.period_to is not None
        and data.period_from > data.period_to
    ):
        errors["period_to"] = _("The period cannot end (%(to)s) before it begins (%(from)s).") % {
            "to": data.period_to.isoformat(),
            "from": data.period_from.isoformat(),
        }
    return errors


def check(data: ReportData, received: int, *, submitting: bool, grant: Grant) -> None:
    """The report's arithmetic, its period and completeness. Raises a ValidationError by field."""
    errors: dict[str, str] = period_errors(data, grant)
    used = data.amount_used
    if used is not None and (used < 0 or used > received):
        errors["amount_used"] = _(
            "The amount used must be between 0 and the %(received)s received."
        ) % {"received": format_kronor(received)}
    unknown = set(data.purposes) - set(Purpose.values)
    if unknown:
        errors["purposes"] = _("Unknown purpose.")
    unknown_groups = set(data.target_groups) - set(TargetGroup.values)
    if unknown_groups:
        errors["target_groups"] = _("Unknown target group.")
    purpose_total = sum(p.amount or 0 for p in data.purposes.values())
    if used is not None and purpose_total > used:
        errors["purposes"] = _("The purposes add up to %(total)s, more than the %(used)s used.") % {
            "total": format_kronor(purpose_total),
            "used": format_kronor(used),
        }
    if any(p.amount is not None and p.amount < 0 for p in data.purposes.values()):
        errors["purposes"] = _("An amount per purpose cannot be negative.")
    if submitting:
        for name in REQUIRED_TO_SUBMIT:
            if not getattr(data, name) and getattr(data, name) != 0 and name not in errors:
                errors[name] = _("This must be filled in to submit.")
        if used is not None and used > 0 and not data.purposes and "purposes" not in errors:
            errors["purposes"] = _("Choose at least one purpose the money went to.")
        for purpose in data.purposes.values():
            if not purpose.description.strip() and "purposes" not in errors:
                errors["purposes"] = _("Describe what was done for each purpose you chose.")
    if errors:
        raise ValidationError(errors)


def _snapshot(report: Report) -> dict[str, Any]:
    return {
        "status": report.status,
        "amount_used": report.amount_used,
        "period_from": _iso(report.period_from),
        "period_to": _iso(report.period_to),
        "version": report.version,
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _content(report: Report) -> dict[str, Any]:
    """The whole report as plain data, frozen into a submitted version."""
    return {
        "amount_received": report.amount_received,
        "amount_used": report.amount_used,
        "amount_unused": report.amount_received - report.amount_used,
        "period_from": _iso(report.period_from),
        "period_to": _iso(report.period_to),
        "bookkeeping": report.bookkeeping,
        "certifier_name": report.certifier_name,
        "certifier_title": report.certifier_title,
        "certified": report.certified,
        "target_groups": list(report.target_groups),
        "gender_equality": report.gender_equality,
        "child_rights": report.child_rights,
        "disability": report.disability,
        "purposes": [
            {"purpose": p.purpose, "amount": p.amount, "description": p.description}
            for p in report.purposes.order_by("purpose")
        ],
    }


def content_for(data: ReportData, received: int) -> dict[str, Any]:
    """What ``_content`` will freeze when ``data`` is submitted: the version a submitter signs
    (signatures/). The signature's check compares the two, so they cannot drift apart."""
    used = data.amount_used if data.amount_used is not None else 0
    return {
        "amount_received": received,
        "amount_used": used,
        "amount_unused": received - used,
        "period_from": _iso(data.period_from),
        "period_to": _iso(data.period_to),
        "bookkeeping": data.bookkeeping,
        "certifier_name": data.certifier_name,
        "certifier_title": data.certifier_title,
        "certified": data.certified,
        "target_groups": sorted(set(data.target_groups)),
        "gender_equality": data.gender_equality,
        "child_rights": data.child_rights,
        "disability": data.disability,
        "purposes": [
            {"purpose": code, "amount": p.amount, "description": p.description}
            for code, p in sorted(data.purposes.items())
        ],
    }


def _prepare(case: Case, version: int, actor: Any) -> tuple[Case, Report]:
    case = lock_case(case)
    ensure_open(case)
    received = disbursed_amount(case)
    if not received:
        raise ValidationError(
            _("Nothing has been paid in this case, so there is nothing to report.")
        )
    report = Report.objects.select_for_update().filter(case=case).first()
    if report is not None and not report.is_editable:
        raise AlreadySubmitted(report)
    current_version = report.version if report else 0
    if current_version != version:
        raise (
            EditConflict(report)
            if report
            else ValidationError(_("The form is out of date. Reload the page."))
        )
    if report is None:
        report = Report(
            case=case, amount_received=received, created_by=actor, updated_by=actor, version=0
        )
    return case, report


def _write(report: Report, data: ReportData, actor: Any) -> None:
    report.amount_used = data.amount_used if data.amount_used is not None else 0
    report.period_from = data.period_from
    report.period_to = data.period_to
    report.bookkeeping = data.bookkeeping
    report.certifier_name = data.certifier_name
    report.certifier_title = data.certifier_title
    report.certified = data.certified
    report.target_groups = sorted(set(data.target_groups))
    report.gender_equality = data.gender_equality
    report.child_rights = data.child_rights
    report.disability = data.disability
    report.updated_at = clock.now()
    report.updated_by = actor
    report.version += 1
    report.save()
    report.purposes.all().delete()
    ReportPurpose.objects.bulk_create(
        ReportPurpose(report=report, purpose=code, amount=p.amount, description=p.description)
        for code, p in sorted(data.purposes.items())
    )


@transaction.atomic
def report_save_draft(*, case: Case, data: ReportData, version: int, actor: Any) -> Report:
    if not permissions.can_prepare_for_region(actor, case.region_id):
        raise PermissionDenied
    case, report = _prepare(case, version, actor)
    check(data, report.amount_received, submitting=False, grant=case.grant)
    before = _snapshot(report) if report.pk else None
    _write(report, data, actor)
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_DRAFT_SAVED,
        target=report,
        grant=case.grant,
        region=case.region,
        data={"before": before, "after": _snapshot(report)},
    )
    return report


@transaction.atomic
def report_submit(*, case: Case, data: ReportData, version: int, actor: Any) -> ReportVersion:
    """Submit the report. After the deadline it is still received, marked late. The amount
    not used becomes what the region is to repay."""
    if not permissions.can_submit_for_region(actor, case.region_id):
        raise PermissionDenied
    case, report = _prepare(case, version, actor)
    check(data, report.amount_received, submitting=True, grant=case.grant)
    before = _snapshot(report) if report.pk else None
    _write(report, data, actor)
    now = clock.now()
    deadline = report_deadline(case)
    is_late = bool(deadline and not deadline.is_open_at(now))
    number = report.versions.count() + 1
    version_row = ReportVersion.objects.create(
        report=report,
        number=number,
        submitted_at=now,
        submitted_by=actor,
        is_late=is_late,
        amount_received=report.amount_received,
        amount_used=report.amount_used,
        amount_unused=report.amount_received - report.amount_used,
        period_from=report.period_from,
        period_to=report.period_to,
        content=_content(report),
    )
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.save(update_fields=["status", "submitted_at"])
    reported_claim_set(
        case=case, amount=version_row.amount_unused, actor=actor, report_version=version_row
    )
    # The same money is claimed once: a claim for a missing report gives way to the report.
    claims_net(case=case, report_version=version_row, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_SUBMITTED,
        target=report,
        grant=case.grant,
        region=case.region,
        records=[version_row],
        data={
            "before": before,
            "after": _snapshot(report),
            "version": number,
            "late": is_late,
            "amount_used": version_row.amount_used,
            "amount_unused": version_row.amount_unused,
            "period_from": _iso(version_row.period_from),
            "period_to": _iso(version_row.period_to),
        },
    )
    email_queue(
        key=f"report-received:{version_row.pk}",
        to=[actor.email, *region_contact_emails(case.region_id)],
        template="reports/email/received",
        context={
            "version": version_row,
            "report": report,
            "case": case,
            "grant": case.grant,
            "region": case.region,
        },
        grant=case.grant,
        region=case.region,
    )
    return version_row


def _lock_report(report: Report) -> tuple[Case, Report, ReportVersion]:
    case = lock_case(report.case)
    ensure_open(case)
    report = (
        Report.objects.select_for_update()
        .select_related("case__grant__decision", "case__region")
        .get(pk=report.pk)
    )
    latest = report.versions.order_by("-number").first()
    if report.status != ReportStatus.SUBMITTED or latest is None:
        raise ValidationError(_("Only a received report can be reviewed."))
    return case, report, latest


@transaction.atomic
def report_request_completion(*, report: Report, message: str, actor: Any) -> CompletionRequest:
    if not permissions.is_officer(actor):
        raise PermissionDenied
    if not message.strip():
        raise ValidationError({"message": _("Write what the region needs to complete.")})
    case, report, latest = _lock_report(report)
    now = clock.now()
    document = document_store(
        kind=DocumentKind.COMPLETION_REQUEST,
        title=_("Completion request, %(region)s, grant %(year)s")
        % {"region": case.region.name, "year": case.grant.year},
        filename=f"begaran-om-komplettering-{case.grant.year}-{case.region.county_code}-v{latest.number}.pdf",
        content=documents.completion_request_pdf(
            report=report, version=latest, message=message.strip(), actor=actor, at=now
        ),
        actor=actor,
        grant=case.grant,
        region=case.region,
    )
    request = CompletionRequest.objects.create(
        report=report,
        version=latest,
        message=message.strip(),
        requested_at=now,
        requested_by=actor,
        document=document,
    )
    before = _snapshot(report)
    report.status = ReportStatus.COMPLETION_REQUESTED
    report.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_COMPLETION_REQUESTED,
        target=report,
        grant=case.grant,
        region=case.region,
        reason=request.message,
        data={
            "before": before,
            "after": _snapshot(report),
            "version": latest.number,
            "document": document.pk,
        },
    )
    email_queue(
        key=f"completion-request:{request.pk}",
        to=region_contact_emails(case.region_id),
        template="reports/email/completion_request",
        context={"request": request, "case": case, "grant": case.grant, "region": case.region},
        grant=case.grant,
        region=case.region,
    )
    return request


@transaction.atomic
def report_approve(*, report: Report, actor: Any) -> Report:
    if not permissions.is_officer(actor):
        raise PermissionDenied
    case, report, latest = _lock_report(report)
    now = clock.now()
    document = document_store(
        kind=DocumentKind.REPORT_APPROVAL,
        title=_("Report approved, %(region)s, grant %(year)s")
        % {"region": case.region.name, "year": case.grant.year},
        filename=f"beslut-godkand-redovisning-{case.grant.year}-{case.region.county_code}.pdf",
        content=documents.approval_pdf(report=report, version=latest, actor=actor, at=now),
        actor=actor,
        grant=case.grant,
        region=case.region,
    )
    before = _snapshot(report)
    report.status = ReportStatus.APPROVED
    report.approved_at = now
    report.approved_by = actor
    report.approval_document = document
    report.save(update_fields=["status", "approved_at", "approved_by", "approval_document"])
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_APPROVED,
        target=report,
        grant=case.grant,
        region=case.region,
        data={
            "before": before,
            "after": _snapshot(report),
            "version": latest.number,
            "document": document.pk,
        },
    )
    # The use is accepted now: the claims ask at most what the region kept.
    claims_net(case=case, report_version=latest, actor=actor)
    email_queue(
        key=f"report-approved:{report.pk}",
        to=region_contact_emails(case.region_id),
        template="reports/email/approved",
        context={
            "report": report,
            "version": latest,
            "case": case,
            "grant": case.grant,
            "region": case.region,
        },
        grant=case.grant,
        region=case.region,
    )
    case_close_if_settled(case=case, actor=actor)
    return report


def report_deadline_for_grant(grant: Any) -> Deadline | None:
    return Deadline.objects.filter(grant=grant, kind=DeadlineKind.REPORT).first()
