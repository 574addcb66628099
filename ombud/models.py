"""Ombud applications, each version of the mandate document handed in, and each decision.

The application holds its current status; its documents and the officers' decisions are
records, never changed or deleted (PostgreSQL refuses it, migration 0002)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import clock


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Received, waiting for review")
    COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.COMPLETION_REQUESTED)


class DecisionKind(models.TextChoices):
    APPROVED = "approved", _("Approved")
    COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
    REJECTED = "rejected", _("Rejected")


class OmbudApplication(models.Model):
    """A person's request to become the region's ombud. The applicant is a logged-in user
    (docs/ombud.md: who may apply); their details are kept as they gave them."""

    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="ombud_applications",
        verbose_name=_("region"),
    )
    applicant = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="ombud_applications",
        verbose_name=_("applicant"),
    )
    full_name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40)
    position = models.CharField(_("position"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("received"), default=clock.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_message = models.TextField(_("reason or message"), blank=True)

    class Meta:
        verbose_name = _("ombud application")
        verbose_name_plural = _("ombud applications")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ApplicationStatus.values),
                name="ombud_application_status_valid",
            ),
            # At most one open application per person and region.
            models.UniqueConstraint(
                fields=["applicant", "region"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="ombud_application_one_open",
            ),
            # A rejection gives its reason; a completion request says what is missing.
            models.CheckConstraint(
                condition=~models.Q(
                    status__in=[
                        ApplicationStatus.REJECTED,
                        ApplicationStatus.COMPLETION_REQUESTED,
                    ],
                    decision_message="",
                ),
                name="ombud_application_reason_given",
            ),
            # A decided application names who decided it, and when.
            models.CheckConstraint(
                condition=models.Q(status=ApplicationStatus.SUBMITTED)
                | models.Q(decided_at__isnull=False, decided_by__isnull=False),
                name="ombud_application_decided_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.region}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class MandateDocument(models.Model):
    """One version of the document that proves the mandate. A completion adds a version;
    the earlier ones stay."""

    application = models.ForeignKey(
        OmbudApplication,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("application"),
    )
    number = models.PositiveIntegerField(_("version"))
    attachment = models.OneToOneField(
        "attachments.Attachment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("attachment"),
    )
    note = models.TextField(_("note from the applicant"), blank=True)
    submitted_at = models.DateTimeField(_("received"), default=clock.now)

    class Meta:
        verbose_name = _("mandate document")
        verbose_name_plural = _("mandate documents")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="mandate_document_one_per_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="mandate_document_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} ({self.number})"


class OmbudDecision(models.Model):
    """An officer's decision on an application, as recorded and e-mailed to the applicant."""

    application = models.ForeignKey(
        OmbudApplication,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("decision"), max_length=30, choices=DecisionKind.choices)
    message = models.TextField(_("reason or message"), blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), default=clock.now)
    # The mandate document the decision was made on.
    document = models.ForeignKey(
        MandateDocument,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("document"),
    )

    class Meta:
        verbose_name = _("decision on an ombud application")
        verbose_name_plural = _("decisions on ombud applications")
        ordering = ["application", "decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DecisionKind.values),
                name="ombud_decision_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=DecisionKind.APPROVED) | ~models.Q(message=""),
                name="ombud_decision_reason_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_kind_display()}"
