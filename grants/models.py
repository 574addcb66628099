"""Decision → grant → deadlines and allocation.

Money is in öre (``*_amount`` fields, BigIntegerField). Every invariant the database can
hold is a constraint here; services check first to give a friendly message.
"""

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import clock
from core.workdays import end_of_day, next_working_day


class DecisionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned, not yet decided")
    DECIDED = "decided", _("Decided")


class Decision(models.Model):
    """The government's decision (regeringsbeslut), cited by its diarienummer everywhere."""

    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DECIDED
    )
    diarienummer = models.CharField(
        _("reference number (diarienummer)"),
        max_length=40,
        blank=True,
        help_text=_("The government's reference, e.g. S2025/01234. Required once decided."),
    )
    diarienummer_is_example = models.BooleanField(
        _("reference number is an example"),
        default=False,
        help_text=_("Set for demo data: the real reference number has not been entered."),
    )
    decided_on = models.DateField(_("date of decision"), null=True, blank=True)
    decided_on_is_example = models.BooleanField(_("date is an example"), default=False)
    title = models.CharField(_("title"), max_length=300)
    ministry = models.CharField(_("ministry"), max_length=100)
    appropriation = models.CharField(_("appropriation"), max_length=300)
    total_amount = models.BigIntegerField(_("total amount (öre)"))
    regions_amount = models.BigIntegerField(_("amount to the regions (öre)"))
    administration_amount = models.BigIntegerField(_("amount for administration (öre)"))
    conditions = models.TextField(_("conditions of the decision"))
    agency_conditions = models.TextField(
        _("further conditions set by the agency"),
        blank=True,
        help_text=_("Conditions Socialstyrelsen sets within the purpose of the grant."),
    )
    created_at = models.DateTimeField(_("registered"), default=clock.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["diarienummer"],
                condition=~Q(diarienummer=""),
                name="decision_diarienummer_unique",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DecisionStatus.values), name="decision_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=DecisionStatus.PLANNED)
                | (~Q(diarienummer="") & Q(decided_on__isnull=False)),
                name="decision_decided_has_reference_and_date",
            ),
            models.CheckConstraint(
                condition=Q(regions_amount__gte=0) & Q(administration_amount__gte=0),
                name="decision_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(total_amount=F("regions_amount") + F("administration_amount")),
                name="decision_total_is_sum_of_parts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.diarienummer or gettext('(planned)')} {self.title}"

    @property
    def is_decided(self) -> bool:
        return self.status == DecisionStatus.DECIDED


class Grant(models.Model):
    """The statsbidrag a decision makes available for one year (one round)."""

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="grant", verbose_name=_("decision")
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        help_text=_("The budget year. Open data and reports name a round by its year."),
    )
    population_dataset = models.ForeignKey(
        "regions.PopulationDataset",
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("population figures used"),
    )
    use_from = models.DateField(
        _("period of use, first day"),
        help_text=_("The first day the money may be used."),
    )
    use_to = models.DateField(_("period of use, last day"))
    created_at = models.DateTimeField(_("created"), default=clock.now)
    # What a recovery claim decision (beslut om återkrav) in this grant says: whether and how
    # it can be appealed, and whether late-payment interest (räntelagen) runs on it.
    recovery_appeal_text = models.TextField(
        _("how a recovery decision can be appealed"), blank=True
    )
    late_interest_applies = models.BooleanField(
        _("late-payment interest on recovery claims"), default=False
    )

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="grant_year_sane"
            ),
            models.CheckConstraint(
                condition=Q(use_from__lte=F("use_to")), name="grant_period_of_use_in_order"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Grant %(year)s") % {"year": self.year}

    @property
    def use_period_text(self) -> str:
        """The period of use as written in messages: "2025-01-01–2025-12-31"."""
        return f"{self.use_from:%Y-%m-%d}–{self.use_to:%Y-%m-%d}"

    @property
    def budget_year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    def contains_use_date(self, day: dt.date) -> bool:
        return self.use_from <= day <= self.use_to


def budget_year_period(year: int) -> tuple[dt.date, dt.date]:
    """The default period of use: the grant's budget year."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


class DeadlineKind(models.TextChoices):
    """The dated steps of a grant. Who acts is fixed by the kind (see ``REGION_KINDS``)."""

    AGENCY_REQUISITION = "agency_requisition", _("Requisition of the funds from Kammarkollegiet")
    REQUISITION = "requisition", _("Regions' requisition")
    REPORT = "report", _("Regions' report on the use of the funds")
    REPAYMENT = "repayment", _("Regions' repayment of unused funds")
    AGENCY_REPAYMENT = "agency_repayment", _("Repayment and economic report to Kammarkollegiet")
    MINISTRY_REPORT = "ministry_report", _("Report on the mission to the ministry")


REGION_DEADLINE_KINDS = frozenset(
    {DeadlineKind.REQUISITION, DeadlineKind.REPORT, DeadlineKind.REPAYMENT}
)
AGENCY_DEADLINE_KINDS = frozenset(
    {DeadlineKind.AGENCY_REQUISITION, DeadlineKind.AGENCY_REPAYMENT, DeadlineKind.MINISTRY_REPORT}
)
DEADLINE_ORDER = list(DeadlineKind.values)


class Deadline(models.Model):
    """A date in the grant's life. "Senast den 1 december" means any time that day, Stockholm time."""

    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("grant")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DeadlineKind.choices)
    due_date = models.DateField(_("date"))
    moves_to_next_working_day = models.BooleanField(
        _("moves to the next working day"),
        default=False,
        help_text=_(
            "When set and the date is not a working day, the deadline is the next working day."
        ),
    )
    source_text = models.TextField(
        _("source"), blank=True, help_text=_("The wording of the decision, or who set the date.")
    )
    updated_at = models.DateTimeField(_("updated"), default=clock.now)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["grant", "due_date"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "kind"], name="deadline_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=DeadlineKind.values), name="deadline_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.due_date:%Y-%m-%d}"

    @property
    def effective_date(self) -> dt.date:
        """The last day that counts: the date, or the next working day when the flag is set."""
        if self.moves_to_next_working_day:
            return next_working_day(self.due_date)
        return self.due_date

    @property
    def is_moved(self) -> bool:
        return self.effective_date != self.due_date

    @property
    def closes_at(self) -> dt.datetime:
        """The first instant that is too late (midnight after the last day, Stockholm time)."""
        return end_of_day(self.effective_date)

    def is_open_at(self, moment: dt.datetime) -> bool:
        return moment < self.closes_at

    @property
    def is_for_regions(self) -> bool:
        return self.kind in REGION_DEADLINE_KINDS


class AllocationTableStatus(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


class AllocationTable(models.Model):
    """The adopted division of the grant between the regions. Frozen once adopted.

    A frozen table is never changed: a correction is a new table that supersedes it,
    with a reason, as a new logged decision.
    """

    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, related_name="allocation_tables", verbose_name=_("grant")
    )
    population_dataset = models.ForeignKey(
        "regions.PopulationDataset",
        on_delete=models.PROTECT,
        related_name="allocation_tables",
        verbose_name=_("population figures"),
    )
    total_amount = models.BigIntegerField(_("amount divided (öre)"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AllocationTableStatus.choices,
        default=AllocationTableStatus.ADOPTED,
    )
    adopted_at = models.DateTimeField(_("adopted"), default=clock.now)
    adopted_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("allocation table")
        verbose_name_plural = _("allocation tables")
        ordering = ["grant", "-adopted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant"],
                condition=Q(status=AllocationTableStatus.ADOPTED),
                name="allocation_table_one_adopted_per_grant",
            ),
            models.CheckConstraint(
                condition=Q(total_amount__gt=0), name="allocation_table_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AllocationTableStatus.values),
                name="allocation_table_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Allocation %(year)s (%(status)s)") % {
            "year": self.grant.year,
            "status": self.get_status_display(),
        }


class Allocation(models.Model):
    """A region's share of the grant (fördelning), in öre, with the population it rests on."""

    table = models.ForeignKey(
        AllocationTable,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("allocation table"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("region"),
    )
    population = models.PositiveBigIntegerField(_("population"))
    amount = models.BigIntegerField(_("amount (öre)"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["table", "region__county_code"]
        constraints = [
            models.UniqueConstraint(fields=["table", "region"], name="allocation_one_per_region"),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="allocation_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(population__gt=0), name="allocation_population_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.amount}"


class PublishedAllocation(models.Model):
    """A row of the decision's own table (bilaga), as printed, kept to reconcile against."""

    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="published_allocations",
        verbose_name=_("decision"),
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    printed_name = models.CharField(_("name as printed"), max_length=100)
    population = models.PositiveBigIntegerField(_("population as printed"))
    share_text = models.CharField(_("share as printed"), max_length=20)
    amount = models.BigIntegerField(_("amount as printed (öre)"))

    class Meta:
        verbose_name = _("published allocation")
        verbose_name_plural = _("published allocations")
        ordering = ["decision", "region__county_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "region"], name="published_allocation_one_per_region"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="published_allocation_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.printed_name}: {self.amount}"


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    """A region's case (ärende) in a grant: everything between the region and the agency
    about that grant hangs on it. Services lock this row to serialise changes to the case."""

    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, related_name="cases", verbose_name=_("grant")
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="cases", verbose_name=_("region")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    # The officer the case is assigned to (their inbox's "mine"); changed only by
    # grants.services.case_assign, which logs it.
    assigned_to = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned to"),
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["grant", "region__county_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "region"], name="case_one_per_region_and_grant"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.OPEN) | Q(closed_at__isnull=False),
                name="case_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.label(self.region.name, self.grant.year)

    @staticmethod
    def label(region_name: str, year: int) -> str:
        """What a case is called: "Region Stockholm – Statsbidrag 2025" (the region's name and
        the grant's, as ``str(grant)`` gives it)."""
        grant = gettext("Grant %(year)s") % {"year": year}
        return f"{region_name} – {grant}"
