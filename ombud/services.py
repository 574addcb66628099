"""The ombud application's changes, each one transaction with its audit event and its
e-mail (docs/ombud.md).

- ``ombud_application_submit``: a logged-in person (not agency staff, not already the
  region's ombud) hands in the form and the mandate document (PDF).
- ``ombud_application_complete``: after a completion request, a new version of the document
  (the earlier ones stay) and the application waits for review again.
- ``ombud_application_approve`` / ``_request_completion`` / ``_reject``: an officer's
  decision, kept as an ``OmbudDecision`` and e-mailed to the applicant. Approval makes the
  applicant the region's ombud and ends the previous ombud's role (deactivated, not
  deleted), who is told: one ombud per organisation number.

Every audit event names the SHA-256 of the mandate document it is about.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import RegionMembership, RegionRole
from accounts.services import membership_set
from attachments.services import attachment_store
from core import clock
from notifications.services import email_queue
from records.models import AuditAction
from records.services import audit_record

from .models import (
    OPEN_STATUSES,
    ApplicationStatus,
    DecisionKind,
    MandateDocument,
    OmbudApplication,
    OmbudDecision,
)

FILE_FIELD = "document"


def _lock(application: OmbudApplication) -> OmbudApplication:
    return (
        OmbudApplication.objects.select_for_update()
        .select_related("region", "applicant")
        .get(pk=application.pk)
    )


def latest_document(application: OmbudApplication) -> MandateDocument:
    return (
        MandateDocument.objects.select_related("attachment")
        .filter(application=application)
        .latest("number")
    )


def _document_data(document: MandateDocument) -> dict[str, Any]:
    attachment = document.attachment
    return {
        "version": document.number,
        "sha256": attachment.sha256,
        "filename": attachment.filename,
        "size": attachment.size,
        "attachment": attachment.pk,
    }


@transaction.atomic
def ombud_application_submit(
    *,
    region: Any,
    full_name: str,
    phone: str,
    position: str,
    file: Any,
    actor: Any,
) -> OmbudApplication:
    """``actor`` asks to become the region's ombud, with the document that proves the
    mandate. The agency receives it; the applicant gets a receipt by e-mail."""
    if not permissions.can_apply_for_ombud(actor):
        raise PermissionDenied
    if permissions.region_role(actor, region) == RegionRole.ADMIN:
        raise ValidationError(
            {"region": _("You are already the ombud of %(region)s.") % {"region": region.name}}
        )
    if OmbudApplication.objects.filter(
        applicant=actor, region=region, status__in=OPEN_STATUSES
    ).exists():
        raise ValidationError(
            {
                "region": _(
                    "You already have an application for %(region)s that is not yet decided. "
                    "Follow it on its page."
                )
                % {"region": region.name}
            }
        )
    now = clock.now()
    attachment = attachment_store(file=file, actor=actor, field=FILE_FIELD)
    try:
        with transaction.atomic():
            application = OmbudApplication.objects.create(
                region=region,
                applicant=actor,
                full_name=full_name.strip(),
                email=actor.email,
                phone=phone.strip(),
                position=position.strip(),
                status=ApplicationStatus.SUBMITTED,
                submitted_at=now,
            )
    except IntegrityError as error:  # a second open application sent at the same moment
        raise ValidationError(
            {
                "region": _(
                    "You already have an application for this region that is not yet decided."
                )
            }
        ) from error
    document = MandateDocument.objects.create(
        application=application, number=1, attachment=attachment, submitted_at=now
    )
    audit_record(
        actor=actor,
        action=AuditAction.OMBUD_APPLICATION_SUBMITTED,
        target=application,
        region=region,
        data={
            "applicant": actor.email,
            "full_name": application.full_name,
            "position": application.position,
            "document": _document_data(document),
        },
    )
    email_queue(
        key=f"ombud-application:{application.pk}:received:1",
        to=[application.email],
        template="ombud/email/received",
        context={"application": application, "region": region},
        region=region,
    )
    return application


@transaction.atomic
def ombud_application_complete(
    *, application: OmbudApplication, file: Any, note: str = "", actor: Any
) -> MandateDocument:
    """The applicant answers a completion request with a new version of the document."""
    application = _lock(application)
    if application.applicant_id != getattr(
        actor, "pk", None
    ) or not permissions.can_apply_for_ombud(actor):
        raise PermissionDenied
    if application.status != ApplicationStatus.COMPLETION_REQUESTED:
        raise ValidationError(
            _("Socialstyrelsen has not asked for a completion of this application.")
        )
    now = clock.now()
    previous = latest_document(application)
    attachment = attachment_store(file=file, actor=actor, field=FILE_FIELD)
    document = MandateDocument.objects.create(
        application=application,
        number=previous.number + 1,
        attachment=attachment,
        note=note.strip(),
        submitted_at=now,
    )
    before = application.status
    application.status = ApplicationStatus.SUBMITTED
    application.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.OMBUD_APPLICATION_COMPLETED,
        target=application,
        region=application.region,
        data={
            "before": {"status": before},
            "after": {"status": application.status},
            "document": _document_data(document),
            "previous_document": _document_data(previous),
        },
        reason=document.note,
    )
    email_queue(
        key=f"ombud-application:{application.pk}:received:{document.number}",
        to=[application.email],
        template="ombud/email/received",
        context={"application": application, "region": application.region, "completion": True},
        region=application.region,
    )
    return document


def _decide(
    application: OmbudApplication,
    *,
    kind: DecisionKind,
    status: ApplicationStatus,
    message: str,
    actor: Any,
) -> tuple[OmbudApplication, OmbudDecision]:
    if not permissions.is_officer(actor):
        raise PermissionDenied
    application = _lock(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("The application is not waiting for a decision (it is: %(status)s).")
            % {"status": application.get_status_display()}
        )
    message = message.strip()
    if kind != DecisionKind.APPROVED and not message:
        raise ValidationError({"message": _("Write what the applicant is to be told.")})
    now = clock.now()
    document = latest_document(application)
    application.status = status
    application.decided_at = now
    application.decided_by = actor
    application.decision_message = message
    application.save(update_fields=["status", "decided_at", "decided_by", "decision_message"])
    decision = OmbudDecision.objects.create(
        application=application,
        kind=kind,
        message=message,
        decided_by=actor,
        decided_at=now,
        document=document,
    )
    return application, decision


def _decision_data(application: OmbudApplication, decision: OmbudDecision) -> dict[str, Any]:
    return {
        "applicant": application.email,
        "decision": decision.pk,
        "after": {"status": application.status},
        "document": _document_data(decision.document),
    }


@transaction.atomic
def ombud_application_approve(*, application: OmbudApplication, actor: Any) -> OmbudDecision:
    """The applicant becomes the region's ombud; any previous ombud's role ends (kept,
    deactivated) and they are told. Whatever role the applicant had in the region becomes
    ombud."""
    application, decision = _decide(
        application,
        kind=DecisionKind.APPROVED,
        status=ApplicationStatus.APPROVED,
        message="",
        actor=actor,
    )
    region = application.region
    applicant = application.applicant
    if not applicant.is_active or permissions.is_agency_staff(applicant):
        raise ValidationError(
            _("The applicant's account is deactivated or belongs to Socialstyrelsen's staff.")
        )
    previous = list(
        RegionMembership.objects.select_for_update()
        .select_related("user")
        .filter(region=region, role=RegionRole.ADMIN, is_active=True)
        .exclude(user=applicant)
        .order_by("pk")
    )
    # The old ombud's role ends first: the database holds one active ombud per region.
    for old in previous:
        membership_set(
            user=old.user, region=region, role=RegionRole.ADMIN, active=False, actor=actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.OMBUD_REPLACED,
            target=old,
            region=region,
            data={
                "previous": old.user.email,
                "new": applicant.email,
                "application": application.pk,
            },
        )
        email_queue(
            key=f"ombud-application:{application.pk}:replaced:{old.pk}",
            to=[old.user.email],
            template="ombud/email/replaced",
            context={"application": application, "region": region, "user": old.user},
            region=region,
        )
    membership_set(user=applicant, region=region, role=RegionRole.ADMIN, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.OMBUD_APPROVED,
        target=application,
        region=region,
        data={
            **_decision_data(application, decision),
            "previous_ombud": [old.user.email for old in previous],
        },
    )
    email_queue(
        key=f"ombud-application:{application.pk}:decision:{decision.pk}",
        to=[application.email],
        template="ombud/email/approved",
        context={"application": application, "region": region},
        region=region,
    )
    return decision


@transaction.atomic
def ombud_application_request_completion(
    *, application: OmbudApplication, message: str, actor: Any
) -> OmbudDecision:
    """Ask the applicant for a new or better document; they answer on the application's
    page."""
    application, decision = _decide(
        application,
        kind=DecisionKind.COMPLETION_REQUESTED,
        status=ApplicationStatus.COMPLETION_REQUESTED,
        message=message,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.OMBUD_COMPLETION_REQUESTED,
        target=application,
        region=application.region,
        data=_decision_data(application, decision),
        reason=decision.message,
    )
    email_queue(
        key=f"ombud-application:{application.pk}:decision:{decision.pk}",
        to=[application.email],
        template="ombud/email/completion_requested",
        context={"application": application, "region": application.region, "decision": decision},
        region=application.region,
    )
    return decision


@transaction.atomic
def ombud_application_reject(
    *, application: OmbudApplication, reason: str, actor: Any
) -> OmbudDecision:
    """Reject the application with a reason; nothing changes in the region's roles."""
    application, decision = _decide(
        application,
        kind=DecisionKind.REJECTED,
        status=ApplicationStatus.REJECTED,
        message=reason,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.OMBUD_REJECTED,
        target=application,
        region=application.region,
        data=_decision_data(application, decision),
        reason=decision.message,
    )
    email_queue(
        key=f"ombud-application:{application.pk}:decision:{decision.pk}",
        to=[application.email],
        template="ombud/email/rejected",
        context={"application": application, "region": application.region, "decision": decision},
        region=application.region,
    )
    return decision
