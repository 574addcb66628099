"""The region's report. Money in öre; the unused amount is computed by the database.

The working copy (``Report`` and its ``ReportPurpose`` rows) is what the region edits; each
submission freezes a ``ReportVersion`` that is never changed.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import clock


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Received")
    COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
    APPROVED = "approved", _("Approved")


class Purpose(models.TextChoices):
    """What the money went to: the purposes the government's decision names (DOMAIN.md)."""

    PROCUREMENT = (
        "procurement",
        _("Mental ill-health in the procurement documents for primary care"),
    )
    STEPPED_CARE = "stepped_care", _("Stepped-care models for mental ill-health")
    COMPETENCE = "competence", _("Competence and staffing, including interprofessional teamwork")
    TALKING_THERAPY = (
        "talking_therapy",
        _("Access to talking therapy, especially psychological treatment"),
    )
    SOMATIC_HEALTH = (
        "somatic_health",
        _("Follow-up of somatic health in people with mental ill-health or psychiatric disability"),
    )
    COLLABORATION = (
        "collaboration",
        _("Collaboration with specialised care and municipal health care"),
    )
    RELATIVES = "relatives", _("The needs of relatives, next of kin and the bereaved")
    SICK_LEAVE = "sick_leave", _("Sick leave in psychiatric diagnoses and return to work")
    PREVENTION = "prevention", _("Prevention and health promotion, including suicide prevention")
    OTHER = "other", _("Other (described)")


class TargetGroup(models.TextChoices):
    CHILDREN = "children", _("Children and young people")
    ADULTS = "adults", _("Adults")
    OLDER = "older", _("Older people")


class Report(models.Model):
    """The region's report for its case (one per case), edited until approved."""

    case = models.OneToOneField(
        "grants.Case", on_delete=models.PROTECT, related_name="report", verbose_name=_("case")
    )
    status = models.CharField(
        _("status"), max_length=30, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("edit version"), default=1)
    amount_received = models.BigIntegerField(_("amount received (öre)"))
    amount_used = models.BigIntegerField(_("amount used (öre)"), default=0)
    amount_unused = models.GeneratedField(
        expression=F("amount_received") - F("amount_used"),
        output_field=models.BigIntegerField(),
        db_persist=True,
        verbose_name=_("amount not used (öre)"),
    )
    period_from = models.DateField(_("period covered, from"), null=True, blank=True)
    period_to = models.DateField(_("period covered, to"), null=True, blank=True)
    bookkeeping = models.TextField(_("how the grant is kept apart in the books"), blank=True)
    certifier_name = models.CharField(_("certified by"), max_length=200, blank=True)
    certifier_title = models.CharField(_("certifier's title"), max_length=200, blank=True)
    certified = models.BooleanField(_("certified"), default=False)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    gender_equality = models.TextField(_("how gender equality was considered"), blank=True)
    child_rights = models.TextField(_("how the rights of the child were considered"), blank=True)
    disability = models.TextField(_("how disability was considered"), blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    updated_at = models.DateTimeField(_("updated"), default=clock.now)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("updated by")
    )
    submitted_at = models.DateTimeField(_("last received"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approval_document = models.OneToOneField(
        "records.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approval document"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["case__grant", "case__region__county_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount_received__gt=0), name="report_received_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_used__gte=0) & Q(amount_used__lte=F("amount_received")),
                name="report_used_within_received",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.APPROVED)
                | (Q(approved_at__isnull=False) & Q(approved_by__isnull=False)),
                name="report_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(period_from__isnull=True)
                | Q(period_to__isnull=True)
                | Q(period_from__lte=F("period_to")),
                name="report_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.region} – {self.case.grant} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.COMPLETION_REQUESTED)


class ReportPurpose(models.Model):
    """One purpose the money went to, with an amount where the region can say it."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="purposes", verbose_name=_("report")
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    amount = models.BigIntegerField(_("amount (öre)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("purpose in a report")
        verbose_name_plural = _("purposes in reports")
        ordering = ["report", "purpose"]
        constraints = [
            models.UniqueConstraint(fields=["report", "purpose"], name="report_purpose_once"),
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="report_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="report_purpose_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.get_purpose_display()


class ReportVersion(models.Model):
    """A submitted version, frozen: what the region certified, as it was received."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="versions", verbose_name=_("report")
    )
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("received"))
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    is_late = models.BooleanField(_("received after the deadline"), default=False)
    amount_received = models.BigIntegerField(_("amount received (öre)"))
    amount_used = models.BigIntegerField(_("amount used (öre)"))
    amount_unused = models.BigIntegerField(_("amount not used (öre)"))
    # The period the report covers. Empty only in versions received before the service asked
    # for it (issue 14); every version since states it, within the grant's period of use.
    period_from = models.DateField(_("period covered, from"), null=True, blank=True)
    period_to = models.DateField(_("period covered, to"), null=True, blank=True)
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("submitted report version")
        verbose_name_plural = _("submitted report versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique"),
            models.CheckConstraint(
                condition=Q(amount_used__gte=0)
                & Q(amount_unused__gte=0)
                & Q(amount_received=F("amount_used") + F("amount_unused")),
                name="report_version_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(period_from__isnull=True, period_to__isnull=True)
                | Q(
                    period_from__isnull=False,
                    period_to__isnull=False,
                    period_from__lte=F("period_to"),
                ),
                name="report_version_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class CompletionRequest(models.Model):
    """The agency's request that the region supplement its report (begäran om komplettering)."""

    report = models.ForeignKey(
        Report,
        on_delete=models.PROTECT,
        related_name="completion_requests",
        verbose_name=_("report"),
    )
    version = models.ForeignKey(
        ReportVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("about version")
    )
    message = models.TextField(_("message"))
    requested_at = models.DateTimeField(_("requested"), default=clock.now)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    document = models.OneToOneField(
        "records.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )

    class Meta:
        verbose_name = _("completion request")
        verbose_name_plural = _("completion requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.report} ({self.requested_at:%Y-%m-%d})"
