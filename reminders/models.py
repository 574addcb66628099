"""Reminder rules, recorded reminders, sweep runs, announcements, and the agency's own
steps marked done."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import clock
from grants.models import AGENCY_DEADLINE_KINDS, DeadlineKind


class ReminderKind(models.TextChoices):
    """What a reminder is about: a grant's deadline, or a recovery claim's own due date."""

    AGENCY_REQUISITION = (
        DeadlineKind.AGENCY_REQUISITION.value,
        DeadlineKind.AGENCY_REQUISITION.label,
    )
    REQUISITION = DeadlineKind.REQUISITION.value, DeadlineKind.REQUISITION.label
    REPORT = DeadlineKind.REPORT.value, DeadlineKind.REPORT.label
    REPAYMENT = DeadlineKind.REPAYMENT.value, DeadlineKind.REPAYMENT.label
    AGENCY_REPAYMENT = DeadlineKind.AGENCY_REPAYMENT.value, DeadlineKind.AGENCY_REPAYMENT.label
    MINISTRY_REPORT = DeadlineKind.MINISTRY_REPORT.value, DeadlineKind.MINISTRY_REPORT.label
    RECOVERY_CLAIM = "recovery_claim", _("Repayment of a recovery claim")


REGION_KINDS = frozenset(
    {
        ReminderKind.REQUISITION,
        ReminderKind.REPORT,
        ReminderKind.REPAYMENT,
        ReminderKind.RECOVERY_CLAIM,
    }
)
AGENCY_KINDS = AGENCY_DEADLINE_KINDS


class Direction(models.TextChoices):
    BEFORE = "before", _("before the deadline")
    AFTER = "after", _("after a missed deadline")


class Audience(models.TextChoices):
    REGIONS = "regions", _("The region's submitters and admins")
    OFFICERS = "officers", _("Officers (in the daily digest)")


class ReminderRule(models.Model):
    """Remind ``days`` days before (0 = on the day) or after a deadline of ``kind``."""

    kind = models.CharField(_("deadline"), max_length=30, choices=ReminderKind.choices)
    direction = models.CharField(_("when"), max_length=10, choices=Direction.choices)
    days = models.PositiveSmallIntegerField(_("days"))
    audience = models.CharField(_("to whom"), max_length=20, choices=Audience.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["kind", "direction", "-days"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "direction", "days", "audience"], name="reminder_rule_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_rule_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="reminder_rule_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="reminder_rule_audience_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction=Direction.BEFORE) | Q(days__gte=1),
                name="reminder_rule_after_at_least_a_day",
            ),
            models.CheckConstraint(condition=Q(days__lte=365), name="reminder_rule_within_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days} {self.get_direction_display()} ({self.get_audience_display()})"

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.direction}:{self.days}:{self.audience}"

    @property
    def offset(self) -> int:
        """Days from the sweep's date to the deadline: positive before, negative after."""
        return self.days if self.direction == Direction.BEFORE else -self.days


class Reminder(models.Model):
    """A reminder that is due, recorded before it is sent. The unique key (rule, what it is
    about, recipient, date) makes a second sweep of the same day record nothing new."""

    rule = models.ForeignKey(
        ReminderRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rule"),
    )
    rule_key = models.CharField(_("rule key"), max_length=80)
    target_key = models.CharField(_("about"), max_length=80)
    recipient = models.EmailField(_("recipient"))
    send_date = models.DateField(_("for the day"))
    kind = models.CharField(_("kind"), max_length=30)
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    deadline = models.ForeignKey(
        "grants.Deadline",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deadline"),
    )
    claim = models.ForeignKey(
        "repayments.Claim",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claim"),
    )
    grant = models.ForeignKey(
        "grants.Grant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("grant"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    email = models.OneToOneField(
        "notifications.Email",
        on_delete=models.PROTECT,
        related_name="reminder",
        verbose_name=_("e-mail"),
    )
    created_at = models.DateTimeField(_("recorded"), default=clock.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-send_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_key", "target_key", "recipient", "send_date"],
                name="reminder_once_per_day",
            ),
        ]
        indexes = [models.Index(fields=["grant", "send_date"], name="reminder_grant_day")]

    def __str__(self) -> str:
        return f"{self.send_date:%Y-%m-%d} {self.recipient} {self.kind}"


class SweepRun(models.Model):
    """That the sweep for a day has recorded its reminders (used to catch up missed days)."""

    send_date = models.DateField(_("day"), unique=True)
    started_at = models.DateTimeField(_("started"), default=clock.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    recorded = models.PositiveIntegerField(_("reminders recorded"), default=0)

    class Meta:
        verbose_name = _("sweep")
        verbose_name_plural = _("sweeps")
        ordering = ["-send_date"]

    def __str__(self) -> str:
        return f"{self.send_date:%Y-%m-%d}"


class AgencyStepDone(models.Model):
    """An officer's note that the agency's own step is done (no more reminders for it)."""

    deadline = models.OneToOneField(
        "grants.Deadline",
        on_delete=models.PROTECT,
        related_name="agency_done",
        verbose_name=_("deadline"),
    )
    done_on = models.DateField(_("done on"))
    done_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("done by")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("agency step done")
        verbose_name_plural = _("agency steps done")

    def __str__(self) -> str:
        return f"{self.deadline} ({self.done_on:%Y-%m-%d})"


class Announcement(models.Model):
    """Information to every region about a grant (the decision tells the agency to inform)."""

    grant = models.ForeignKey(
        "grants.Grant",
        on_delete=models.PROTECT,
        related_name="announcements",
        verbose_name=_("grant"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    attachments = models.ManyToManyField(
        "records.Document", blank=True, related_name="+", verbose_name=_("attachments")
    )
    published_at = models.DateTimeField(_("published"), default=clock.now)
    published_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    # The last day the regions' start pages show it; empty: information that stays true.
    shown_until = models.DateField(_("shown to the regions until"), null=True, blank=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title
