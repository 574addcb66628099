"""Audit events. Each carries the hash of the one before it, so an edit or a deletion shows.

The hash is an HMAC with a key kept outside the database (records/chain.py), so nobody who
can only write to the database can make a changed event, or a recomputed chain, verify.
"""

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import clock, formats

from .chain import GENESIS_HASH

__all__ = ["GENESIS_HASH", "AuditAction", "AuditEvent", "Document", "DocumentKind"]


class AuditAction(models.TextChoices):
    """What happened. Codes are stored; labels are translated on display."""

    DECISION_REGISTERED = "decision.registered", _("Decision registered")
    DECISION_CONDITIONS_SET = "decision.conditions_set", _("Further conditions set")
    DECISION_MARKED_DECIDED = "decision.marked_decided", _("Planned decision registered as decided")
    DEADLINE_SET = "deadline.set", _("Deadline set")
    GRANT_RECOVERY_TERMS_SET = (
        "grant.recovery_terms_set",
        _("Appeal text and late-payment interest of recovery claims set"),
    )
    REFERENCE_RATE_ENTERED = "reference_rate.entered", _("Reference rate entered")
    REFERENCE_RATE_CORRECTED = "reference_rate.corrected", _("Reference rate corrected")
    ALLOCATION_ADOPTED = "allocation.adopted", _("Allocation adopted")
    POPULATION_UPLOADED = "population.uploaded", _("Population file uploaded")
    POPULATION_IMPORTED = "population.imported", _("Population figures imported")
    REQUISITION_DRAFT_SAVED = "requisition.draft_saved", _("Requisition draft saved")
    REQUISITION_SUBMITTED = "requisition.submitted", _("Requisition received")
    REQUISITION_LATE_REGISTERED = "requisition.late_registered", _("Late requisition registered")
    REQUISITION_APPROVED = "requisition.approved", _("Payment decided")
    REQUISITION_REFUSED = "requisition.refused", _("Requisition refused")
    PAYMENT_RELEASED = "payment.released", _("Payment released")
    PAYMENT_FILE_CREATED = "payment.file_created", _("Payment file created")
    REPORT_DRAFT_SAVED = "report.draft_saved", _("Report draft saved")
    REPORT_SUBMITTED = "report.submitted", _("Report received")
    REPORT_COMPLETION_REQUESTED = "report.completion_requested", _("Completion requested")
    REPORT_APPROVED = "report.approved", _("Report approved")
    CLAIM_REPORTED_SET = "claim.reported_set", _("Amount to repay set from the report")
    RECOVERY_CLAIM_DECIDED = "claim.recovery_decided", _("Recovery claim decided")
    RECOVERY_CLAIM_REDUCED = "claim.recovery_reduced", _("Recovery claim reduced or withdrawn")
    CLAIM_NETTED = "claim.netted", _("Claim reduced: the same money is claimed once")
    REPAYMENT_BOOKED = "repayment.booked", _("Repayment booked")
    REPAYMENT_FLAGGED = "repayment.flagged", _("Repayment flagged for handling")
    REPAYMENT_RESOLVED = "repayment.resolved", _("Flagged repayment booked")
    REPAYMENT_RETURNED = "repayment.returned", _("Repayment returned")
    BANK_FILE_UPLOADED = "bank_file.uploaded", _("Bank file uploaded")
    BANK_FILE_BOOKED = "bank_file.booked", _("Bank file booked")
    CASE_CLOSED = "case.closed", _("Case closed")
    CASE_REOPENED = "case.reopened", _("Case reopened")
    CASE_ASSIGNED = "case.assigned", _("Case assigned to an officer")
    ANNOUNCEMENT_PUBLISHED = "announcement.published", _("Announcement sent to the regions")
    AGENCY_STEP_DONE = "deadline.agency_step_done", _("The agency's step marked done")
    REMINDER_RULE_ADDED = "reminder_rule.added", _("Reminder rule added")
    REMINDER_RULE_CHANGED = "reminder_rule.changed", _("Reminder rule changed")
    AGENCY_REQUISITION_RECORDED = (
        "agency.requisition_recorded",
        _("Requisition from Kammarkollegiet recorded"),
    )
    ADMINISTRATION_COST_RECORDED = "agency.cost_recorded", _("Administration cost recorded")
    MINISTRY_ASSESSMENT_SET = "agency.assessment_set", _("Assessment for the ministry saved")
    AGENCY_REQUISITION_CORRECTED = (
        "agency.requisition_corrected",
        _("Requisition from Kammarkollegiet corrected"),
    )
    ADMINISTRATION_COST_CORRECTED = "agency.cost_corrected", _("Administration cost corrected")
    AGENCY_REPAYMENT_RECORDED = (
        "agency.repayment_recorded",
        _("Repayment to Kammarkollegiet recorded"),
    )
    STAFF_ROLE_GRANTED = "user.staff_role_granted", _("Staff role granted")
    TWO_FACTOR_ENROLLED = "user.two_factor_enrolled", _("Two-factor login set up")
    RECOVERY_CODES_RENEWED = "user.recovery_codes_renewed", _("New recovery codes")
    MEMBERSHIP_CHANGED = "user.membership_changed", _("Region role changed")
    USER_INVITED = "user.invited", _("User invited")
    PERSONNUMMER_BOUND = "user.personnummer_bound", _("Personal identity number connected")
    SUBMISSION_SIGNED = "signature.recorded", _("Submission signed with e-ID")
    ADMIN_ADDED = "admin.added", _("Added in the admin site")
    ADMIN_CHANGED = "admin.changed", _("Changed in the admin site")
    ADMIN_DELETED = "admin.deleted", _("Deleted in the admin site")
    TWO_FACTOR_DEVICE_ADDED = "user.two_factor_device_added", _("Authenticator added")
    TWO_FACTOR_DEVICE_REMOVED = "user.two_factor_device_removed", _("Second factor removed")
    ENROLMENT_LINK_ISSUED = "user.enrolment_link_issued", _("Enrolment link issued")
    ENROLMENT_LINK_USED = "user.enrolment_link_used", _("Enrolment link used")
    CALENDAR_ADDRESS_ISSUED = "user.calendar_address_issued", _("Calendar address created")
    CALENDAR_ADDRESS_WITHDRAWN = "user.calendar_address_withdrawn", _("Calendar address withdrawn")
    OMBUD_APPLICATION_SUBMITTED = "ombud.application_submitted", _("Ombud application received")
    OMBUD_APPLICATION_COMPLETED = (
        "ombud.application_completed",
        _("Ombud application completed with a new document"),
    )
    OMBUD_APPROVED = "ombud.approved", _("Ombud application approved")
    OMBUD_COMPLETION_REQUESTED = (
        "ombud.completion_requested",
        _("Completion of an ombud application requested"),
    )
    OMBUD_REJECTED = "ombud.rejected", _("Ombud application rejected")
    OMBUD_REPLACED = "ombud.replaced", _("Ombud replaced after an approved application")
    MESSAGE_SENT = "message.sent", _("Message sent on the case")
    CASE_ATTACHMENT_ADDED = "attachment.case_added", _("File attached to the case")
    CASE_ATTACHMENT_WITHDRAWN = (
        "attachment.case_withdrawn",
        _("File withdrawn from a submission not yet sent"),
    )
    ATTACHMENT_REFUSED_INFECTED = (
        "attachment.refused_infected",
        _("File refused: the virus scanner found a virus"),
    )
    ATTACHMENT_SCANNED = (
        "attachment.scanned",
        _("Waiting file scanned for viruses"),
    )
    ATTACHMENT_INFECTED = (
        "attachment.infected",
        _("Stored file found infected by a later scan and held back"),
    )


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("time"), default=clock.now, db_index=True)
    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_label = models.CharField(_("by (as recorded)"), max_length=300)
    # A code from AuditAction; not declared as choices so that a new kind of event needs no migration.
    action = models.CharField(_("event"), max_length=60, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100)
    target_id = models.CharField(_("object id"), max_length=64)
    target_label = models.CharField(_("object"), max_length=300)
    grant = models.ForeignKey(
        "grants.Grant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("grant"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("region"),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    # The state of each row with money or bank details the change wrote, for the records
    # check (records/integrity.py): {"app.model:pk": {field: value}}.
    records = models.JSONField(_("records written"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # Which key made the hash (AUDIT_KEYS), so keys can be rotated; empty for the events
    # written before the chain was keyed, whose hash is a plain SHA-256.
    key_id = models.CharField(_("key"), max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["grant", "region", "occurred_at"], name="audit_case_history"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"{formats.moment_iso(self.occurred_at)} {self.action_label} – {self.target_label}"

    @property
    def action_label(self) -> str:
        try:
            return str(AuditAction(self.action).label)
        except ValueError:
            return self.action

    def compute_hash(self) -> str:
        from .chain import event_hash

        return event_hash(self.prev_hash, self.hashed_fields(), key_id=self.key_id)

    def hashed_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "occurred_at": self.occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "grant_id": self.grant_id,
            "region_id": self.region_id,
            "data": self.data,
            "reason": self.reason,
        }
        # Events from before these existed hashed neither.
        if self.records:
            fields["records"] = self.records
        if self.key_id:
            fields["key_id"] = self.key_id
        return fields


class DocumentKind(models.TextChoices):
    PAYMENT_DECISION = "payment_decision", _("Payment decision")
    REFUSAL = "refusal", _("Decision to refuse a requisition")
    COMPLETION_REQUEST = "completion_request", _("Completion request")
    REPORT_APPROVAL = "report_approval", _("Approval of the report")
    RECOVERY_CLAIM = "recovery_claim", _("Recovery claim decision")
    RECOVERY_CLAIM_CHANGE = "recovery_claim_change", _("Decision to reduce or withdraw a claim")
    PAYMENT_FILE = "payment_file", _("Payment file")
    GUIDANCE = "guidance", _("Guidance or knowledge support")
    OTHER = "other", _("Other document")


class Document(models.Model):
    """A document the agency issued or received, kept with the case. Never changed or deleted.

    The content is stored in the database, so a backup of the database is a backup of
    every document, and ``sha256`` shows that what is served is what was issued.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100, default="application/pdf")
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    grant = models.ForeignKey(
        "grants.Grant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("grant"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("region"),
    )
    created_at = models.DateTimeField(_("created"), default=clock.now)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["grant", "region", "created_at"], name="document_case")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DataVersion(models.Model):
    """The id of the newest audit event that changed a part of the data: one grant, one
    region's cases, every region's view of the grants, or everything. A kept page
    (core.page_cache) is current while the parts it shows have the same versions, so a change
    in one region or grant leaves the kept pages of the others as they are. Written by
    ``audit_record`` in the change's own transaction."""

    scope = models.CharField(_("scope"), max_length=40, primary_key=True)
    version = models.BigIntegerField(_("version"))

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.scope}: {self.version}"
