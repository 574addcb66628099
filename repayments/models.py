"""Claims (what a region owes) and repayments (what came back). Money in öre.

A claim is either the amount the region itself reported as not used (``reported``; due by
the grant's repayment deadline, no decision needed) or a recovery claim the agency decided
(``recovery``, återkrav) in addition to it. Each claim has its own OCR reference.

A claim's amount is never edited: what it asks when it is made is ``initial_amount``, and
every later change is a ``ClaimAdjustment`` row with its cause. ``amount`` is their sum,
which PostgreSQL checks on every write (docs/security.md).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import clock, formats


class ClaimKind(models.TextChoices):
    REPORTED = "reported", _("Reported as not used")
    RECOVERY = "recovery", _("Recovery claim")


class ClaimGround(models.TextChoices):
    """The condition of the decision a claim rests on."""

    NOT_USED = "not_used", _("The funds were not used")
    NOT_USED_FOR_PURPOSE = "not_used_for_purpose", _("The funds were not used for the purpose")
    NO_REPORT = "no_report", _("No report was handed in")


class Claim(models.Model):
    case = models.ForeignKey(
        "grants.Case", on_delete=models.PROTECT, related_name="claims", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ClaimKind.choices)
    ground = models.CharField(_("ground"), max_length=30, choices=ClaimGround.choices)
    initial_amount = models.BigIntegerField(_("amount when made (öre)"))
    # initial_amount plus every adjustment: what the claim asks now.
    amount = models.BigIntegerField(_("amount (öre)"))
    due_date = models.DateField(_("due date"))
    ocr = models.CharField(_("OCR reference"), max_length=25, unique=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    document = models.OneToOneField(
        "records.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
    )

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["case", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ClaimKind.values), name="claim_kind_valid"),
            models.CheckConstraint(
                condition=Q(ground__in=ClaimGround.values), name="claim_ground_valid"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="claim_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(initial_amount__gte=0), name="claim_initial_amount_not_negative"
            ),
            # A recovery claim is decided for an amount; a later decision or fact may reduce
            # it, to nothing if it is withdrawn (an adjustment, the decision kept).
            models.CheckConstraint(
                condition=Q(kind=ClaimKind.REPORTED)
                | (
                    Q(initial_amount__gt=0)
                    & Q(decided_by__isnull=False)
                    & Q(document__isnull=False)
                ),
                name="claim_recovery_is_decided",
            ),
            models.CheckConstraint(
                condition=Q(kind=ClaimKind.REPORTED) | Q(amount__lte=F("initial_amount")),
                name="claim_recovery_never_grows",
            ),
            # The region's own reported amount is one claim per case, updated until the report is approved.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(kind=ClaimKind.REPORTED),
                name="claim_one_reported_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.region} {self.get_kind_display()} {self.ocr}"


class AdjustmentCause(models.TextChoices):
    REPORT = "report", _("The region's report states another amount not used")
    # A later fact changed the debt: the same money is claimed once (docs/repayments.md).
    NETTING = "netting", _("A later report: the same money is not claimed twice")
    DECISION = "decision", _("The agency's decision to reduce or withdraw the claim")


class ClaimAdjustment(models.Model):
    """A change of what a claim asks, written as a new row with its cause; never changed or
    deleted. The claim's amount is its initial amount plus these."""

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="adjustments", verbose_name=_("claim")
    )
    amount = models.BigIntegerField(_("change (öre)"))
    cause = models.CharField(_("cause"), max_length=20, choices=AdjustmentCause.choices)
    report_version = models.ForeignKey(
        "reports.ReportVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("report version"),
    )
    reason = models.TextField(_("reason"), blank=True)
    # The decision document of an officer's reduction or withdrawal.
    document = models.OneToOneField(
        "records.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
    )
    created_at = models.DateTimeField(_("made"), default=clock.now)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )

    class Meta:
        verbose_name = _("claim adjustment")
        verbose_name_plural = _("claim adjustments")
        ordering = ["claim", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="claim_adjustment_not_zero"),
            models.CheckConstraint(
                condition=Q(cause__in=AdjustmentCause.values), name="claim_adjustment_cause_valid"
            ),
            models.CheckConstraint(
                condition=~Q(cause__in=[AdjustmentCause.REPORT, AdjustmentCause.NETTING])
                | Q(report_version__isnull=False),
                name="claim_adjustment_report_names_version",
            ),
            models.CheckConstraint(
                condition=~Q(cause=AdjustmentCause.DECISION)
                | (
                    Q(document__isnull=False)
                    & Q(created_by__isnull=False)
                    & ~Q(reason="")
                    & Q(amount__lt=0)
                ),
                name="claim_adjustment_decision_documented",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.amount:+d}"


class RepaymentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    FLAGGED = "flagged", _("Needs handling")
    RETURNED = "returned", _("Returned to the payer")


class FlagReason(models.TextChoices):
    UNKNOWN_REFERENCE = "unknown_reference", _("The reference matches no claim")
    OVERPAYMENT = "overpayment", _("More than is owed on the claim")


class Repayment(models.Model):
    """Money received. Booked against a claim, or flagged for an officer to handle."""

    claim = models.ForeignKey(
        Claim,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repayments",
        verbose_name=_("claim"),
    )
    amount = models.BigIntegerField(_("amount (öre)"))
    received_on = models.DateField(_("received"))
    reference = models.CharField(_("reference as received"), max_length=140)
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RepaymentStatus.choices)
    flag_reason = models.CharField(
        _("why it needs handling"), max_length=30, choices=FlagReason.choices, blank=True
    )
    handling_note = models.TextField(_("how it was handled"), blank=True)
    bank_transaction = models.OneToOneField(
        "BankTransaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repayment",
        verbose_name=_("bank transaction"),
    )
    registered_at = models.DateTimeField(_("registered"), default=clock.now)
    registered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=RepaymentStatus.values), name="repayment_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=RepaymentStatus.BOOKED) | Q(claim__isnull=False),
                name="repayment_booked_has_claim",
            ),
            models.CheckConstraint(
                condition=~Q(status=RepaymentStatus.FLAGGED) | ~Q(flag_reason=""),
                name="repayment_flag_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=RepaymentStatus.RETURNED) | ~Q(handling_note=""),
                name="repayment_return_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} {self.reference}"


class BankImport(models.Model):
    """A CSV file of the agency's bank transactions, previewed before anything is booked."""

    filename = models.CharField(_("file name"), max_length=200)
    content = models.TextField(_("content"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=clock.now)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    confirmed_at = models.DateTimeField(_("booked"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booked by"),
    )

    class Meta:
        verbose_name = _("bank import")
        verbose_name_plural = _("bank imports")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({formats.moment_iso(self.uploaded_at)})"


class BankTransaction(models.Model):
    """One credit line of an imported bank file. ``fingerprint`` makes a line importable once."""

    bank_import = models.ForeignKey(
        BankImport,
        on_delete=models.PROTECT,
        related_name="transactions",
        verbose_name=_("bank import"),
    )
    line_number = models.PositiveIntegerField(_("line"))
    booked_on = models.DateField(_("booked by the bank"))
    amount = models.BigIntegerField(_("amount (öre)"))
    reference = models.CharField(_("reference"), max_length=140, blank=True)
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    bank_id = models.CharField(_("bank's transaction id"), max_length=100, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("bank transaction")
        verbose_name_plural = _("bank transactions")
        ordering = ["bank_import", "line_number"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="bank_transaction_positive")
        ]

    def __str__(self) -> str:
        return f"{self.booked_on:%Y-%m-%d} {self.reference}"


class ReferenceRate(models.Model):
    """The Riksbank's reference rate (referensränta, räntelagen 9 §) for a calendar half-year,
    as an officer entered it. Late-payment interest is this rate plus eight percentage points
    (räntelagen 6 §). Never deleted; a wrong rate is corrected with a reason (the audit trail
    keeps what it was), and PostgreSQL refuses any other change."""

    starts_on = models.DateField(_("half-year from"), unique=True)
    # Hundredths of a percent (basis points): 2,50 % is 250.
    rate_bp = models.IntegerField(_("reference rate (hundredths of a percent)"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    entered_at = models.DateTimeField(_("entered"), default=clock.now)
    entered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    correction_reason = models.TextField(_("why it was corrected"), blank=True)

    class Meta:
        verbose_name = _("reference rate")
        verbose_name_plural = _("reference rates")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__day=1) & Q(starts_on__month__in=[1, 7]),
                name="reference_rate_starts_a_half_year",
            ),
            models.CheckConstraint(
                condition=Q(rate_bp__gte=-1000) & Q(rate_bp__lte=5000),
                name="reference_rate_within_bounds",
            ),
            models.CheckConstraint(
                condition=Q(corrected_at__isnull=True)
                | (~Q(correction_reason="") & Q(corrected_by__isnull=False)),
                name="reference_rate_correction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y-%m-%d} {self.rate_bp / 100:.2f} %"
