"""Files attached to a region's case (issue 18): by the region to its requisition, its report
and its answer to a completion request; by an officer to a completion request and a
decision. Each file goes through the shared storage (``attachment_store``: kind by content,
size, virus scan) and is linked by an immutable ``CaseAttachment`` row; the act's audit event
lists each file's SHA-256.

A region may attach a file to its requisition only until the requisition is sent, to its
report while the report is a draft, and to its answer while a completion request waits for
it. Until the submission is sent, the region may withdraw a file it attached to it
(``case_attachment_withdraw``: the file and its link stay, marked withdrawn, and it is no
longer part of what is sent); once the submission is sent its files are part of it and
nothing is added or withdrawn.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from core import clock
from grants.models import Case
from records.models import AuditAction
from records.services import audit_record
from repayments.services import ensure_open, lock_case

from . import kinds, scanning
from .models import (
    AGENCY_PARTS,
    REGION_PARTS,
    CaseAttachment,
    CaseAttachmentWithdrawal,
    CasePart,
)
from .services import AttachmentInfected, attachment_store

FIELD = "uploads"
MAX_FILES = 10


def _about(case: Case, part: str) -> str:
    """What the part is now, for the reader; refuses a part that takes no files now."""
    from reports.models import ReportStatus
    from requisitions.selectors import active_requisition
    from requisitions.services import requisition_is_open

    report = getattr(case, "report", None)
    if part == CasePart.REQUISITION:
        requisition = active_requisition(case)
        if requisition is not None and not requisition.is_draft:
            raise ValidationError(
                {"part": _("The requisition has been submitted: no files can be added to it.")}
            )
        if not requisition_is_open(case):
            raise ValidationError(
                {"part": _("The requisition deadline has passed: no files can be added.")}
            )
        return _("Requisition (draft)")
    if part == CasePart.REPORT:
        if report is not None and report.status != ReportStatus.DRAFT:
            raise ValidationError(
                {"part": _("The report has been submitted: no files can be added to it.")}
            )
        return _("Report (draft)")
    if part == CasePart.COMPLETION_ANSWER:
        if report is None or report.status != ReportStatus.COMPLETION_REQUESTED:
            raise ValidationError(
                {"part": _("There is no completion request waiting for an answer.")}
            )
        waiting = report.completion_requests.order_by("-requested_at").first()
        day = timezone.localdate(waiting.requested_at) if waiting else clock.today()
        return _("Answer to the completion request of %(day)s") % {"day": day.isoformat()}
    if part == CasePart.COMPLETION_REQUEST:
        latest = report.completion_requests.order_by("-requested_at").first() if report else None
        if latest is None:
            raise ValidationError({"part": _("The case has no completion request.")})
        day = timezone.localdate(latest.requested_at)
        return _("Completion request of %(day)s") % {"day": day.isoformat()}
    return _("Decision")


@transaction.atomic
def case_attachments_add(
    *, case: Case, part: str, files: Sequence[Any], description: str, actor: Any
) -> list[CaseAttachment]:
    """Attach ``files`` to ``part`` of the case: one act, one audit event with each file's
    SHA-256, size, kind and scan state. Region users attach to the region's parts, officers
    to the agency's."""
    if part in REGION_PARTS:
        if not permissions.can_prepare_for_region(actor, case.region_id):
            raise PermissionDenied
    elif part in AGENCY_PARTS:
        if not permissions.is_officer(actor):
            raise PermissionDenied
    else:
        raise ValidationError({"part": _("Choose what the files belong to.")})
    if not files:
        raise ValidationError({FIELD: _("Choose at least one file to attach.")})
    if len(files) > MAX_FILES:
        raise ValidationError(
            {FIELD: _("Attach at most %(n)d files at a time.") % {"n": MAX_FILES}}
        )
    case = lock_case(case)
    ensure_open(case)
    about = _about(case, part)
    added = []
    for file in files:
        attachment = attachment_store(file=file, actor=actor, field=FIELD, kinds=kinds.DOCUMENTS)
        added.append(
            CaseAttachment.objects.create(
                case=case,
                attachment=attachment,
                part=part,
                about=about[:200],
                description=description[:200],
                added_by=actor,
                added_at=attachment.uploaded_at,
            )
        )
    states = scanning.latest_states([link.attachment_id for link in added])
    audit_record(
        actor=actor,
        action=AuditAction.CASE_ATTACHMENT_ADDED,
        target=case,
        grant=case.grant,
        region=case.region,
        data={
            "part": part,
            "about": about,
            "description": description,
            "files": [
                {
                    "attachment": link.attachment_id,
                    "filename": link.attachment.filename,
                    "sha256": link.attachment.sha256,
                    "size": link.attachment.size,
                    "content_type": link.attachment.content_type,
                    "scan": states[link.attachment_id],
                }
                for link in added
            ],
        },
    )
    return added


@transaction.atomic
def case_attachment_refusal_record(*, case: Case, error: AttachmentInfected, actor: Any) -> None:
    """Record that an infected file was refused (the upload's own transaction rolled back)."""
    audit_record(
        actor=actor,
        action=AuditAction.ATTACHMENT_REFUSED_INFECTED,
        target=case,
        grant=case.grant,
        region=case.region,
        data={"filename": error.filename, "sha256": error.sha256, "signature": error.signature},
    )


@transaction.atomic
def case_attachment_withdraw(*, link: CaseAttachment, actor: Any) -> CaseAttachmentWithdrawal:
    """Take a region's file back from its submission while the submission is open: one act
    with its audit event (the file's name and SHA-256). The file is kept and shows as
    withdrawn; nothing is deleted."""
    if link.part not in REGION_PARTS:
        raise ValidationError(
            _("Only a file the region attached to a submission not yet sent can be withdrawn.")
        )
    if not permissions.can_prepare_for_region(actor, link.case.region_id):
        raise PermissionDenied
    case = lock_case(link.case)
    ensure_open(case)
    if CaseAttachmentWithdrawal.objects.filter(link=link).exists():
        raise ValidationError(_("The file has already been withdrawn."))
    try:
        _about(case, link.part)
    except ValidationError as closed:
        raise ValidationError(
            _(
                "The file's submission is sent or closed: the file stays with it and cannot "
                "be withdrawn."
            )
        ) from closed
    withdrawal = CaseAttachmentWithdrawal.objects.create(link=link, withdrawn_by=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CASE_ATTACHMENT_WITHDRAWN,
        target=case,
        grant=case.grant,
        region=case.region,
        data={
            "part": link.part,
            "about": link.about,
            "attachment": link.attachment_id,
            "filename": link.attachment.filename,
            "sha256": link.attachment.sha256,
        },
    )
    return withdrawal
