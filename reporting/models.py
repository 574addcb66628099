"""The agency's own money and its report on the mission. Money in öre.

Socialstyrelsen requisitions the grant's appropriation from Kammarkollegiet, may use the
decision's administration amount (4 000 000 kr in 2025) for its own administration and
follow-up, and repays what it did not use. All three are recorded here, never changed or
deleted (a database trigger refuses it), so the economic report to Kammarkollegiet can be
rebuilt at any time. A requisition or cost recorded wrongly is corrected by a correcting
entry: a new row that names the entry it corrects, its reason and the amount that changes
it; the entry's amount is then its own plus its corrections'. The report to the ministry is
built from the data; only the agency's assessment is written by hand.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import clock

# An entry records a positive amount and no reason; a correction names the entry it corrects,
# says why, and changes its amount (up or down, never by nothing).
ENTRY_OR_CORRECTION = Q(corrects__isnull=True, amount__gt=0, reason="") | (
    Q(corrects__isnull=False) & ~Q(amount=0) & ~Q(reason="")
)


class AgencyRequisition(models.Model):
    """The agency's requisition of the appropriation from Kammarkollegiet."""

    grant = models.ForeignKey(
        "grants.Grant",
        on_delete=models.PROTECT,
        related_name="agency_requisitions",
        verbose_name=_("grant"),
    )
    requisitioned_on = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount (öre)"))
    reference = models.CharField(_("reference"), max_length=100)
    created_at = models.DateTimeField(_("registered"), default=clock.now)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("requisition from Kammarkollegiet")
        verbose_name_plural = _("requisitions from Kammarkollegiet")
        ordering = ["grant", "requisitioned_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=ENTRY_OR_CORRECTION, name="agency_requisition_entry_or_correction"
            ),
            models.CheckConstraint(
                condition=~Q(reference=""), name="agency_requisition_has_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant} {self.requisitioned_on:%Y-%m-%d} {self.reference}"


class CostType(models.TextChoices):
    STAFF = "staff", _("Staff")
    CONSULTANTS = "consultants", _("Consultants")
    TRAVEL = "travel", _("Travel and meetings")
    KNOWLEDGE_SUPPORT = "knowledge_support", _("Knowledge support and information")
    FOLLOW_UP = "follow_up", _("Follow-up and evaluation")
    OTHER = "other", _("Other")


class AdministrationCost(models.Model):
    """A cost of the agency's administration and follow-up, charged to the grant."""

    grant = models.ForeignKey(
        "grants.Grant",
        on_delete=models.PROTECT,
        related_name="administration_costs",
        verbose_name=_("grant"),
    )
    incurred_on = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount (öre)"))
    description = models.CharField(_("description"), max_length=300)
    cost_type = models.CharField(_("cost type"), max_length=30, choices=CostType.choices)
    created_at = models.DateTimeField(_("registered"), default=clock.now)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("administration cost")
        verbose_name_plural = _("administration costs")
        ordering = ["grant", "incurred_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=ENTRY_OR_CORRECTION, name="administration_cost_entry_or_correction"
            ),
            models.CheckConstraint(
                condition=Q(cost_type__in=CostType.values), name="administration_cost_type_valid"
            ),
            models.CheckConstraint(
                condition=~Q(description=""), name="administration_cost_has_description"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant} {self.incurred_on:%Y-%m-%d} {self.description}"


class AgencyRepayment(models.Model):
    """The agency's repayment to Kammarkollegiet of what it did not use: money the regions
    never requisitioned, money they repaid, and unused administration money."""

    grant = models.ForeignKey(
        "grants.Grant",
        on_delete=models.PROTECT,
        related_name="agency_repayments",
        verbose_name=_("grant"),
    )
    repaid_on = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount (öre)"))
    reference = models.CharField(_("reference"), max_length=100)
    created_at = models.DateTimeField(_("registered"), default=clock.now)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )

    class Meta:
        verbose_name = _("repayment to Kammarkollegiet")
        verbose_name_plural = _("repayments to Kammarkollegiet")
        ordering = ["grant", "repaid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="agency_repayment_amount_positive"
            ),
            models.CheckConstraint(
                condition=~Q(reference=""), name="agency_repayment_has_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant} {self.repaid_on:%Y-%m-%d} {self.reference}"


class MinistryReport(models.Model):
    """The agency's assessment in its report on the mission to the ministry (one per grant)."""

    grant = models.OneToOneField(
        "grants.Grant",
        on_delete=models.PROTECT,
        related_name="ministry_report",
        verbose_name=_("grant"),
    )
    assessment = models.TextField(_("Socialstyrelsen's assessment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=clock.now)
    updated_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("report to the ministry")
        verbose_name_plural = _("reports to the ministry")
        ordering = ["grant"]

    def __str__(self) -> str:
        return str(self.grant)
