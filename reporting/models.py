"""The agency's own money and its report on the mission. Money in öre.

Socialstyrelsen requisitions the grant's appropriation from Kammarkollegiet and may use the
decision's administration amount (4 000 000 kr in 2025) for its own administration and
follow-up. Both are recorded here, never changed or deleted (a database trigger refuses it),
so the economic report to Kammarkollegiet can be rebuilt at any time. The report to the
ministry is built from the data; only the agency's assessment is written by hand.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import clock


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

    class Meta:
        verbose_name = _("requisition from Kammarkollegiet")
        verbose_name_plural = _("requisitions from Kammarkollegiet")
        ordering = ["grant", "requisitioned_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="agency_requisition_amount_positive"
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

    class Meta:
        verbose_name = _("administration cost")
        verbose_name_plural = _("administration costs")
        ordering = ["grant", "incurred_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="administration_cost_amount_positive"
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
