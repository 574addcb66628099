"""Requisition → payment decision → disbursement → payment file. Money in öre.

The database holds the rules that must survive concurrency and bugs: one active
requisition per case, an amount within the allocation, a received requisition is complete
and attested, a payment is released by someone other than the one who decided it, and
each payment is released once and put in one payment file.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import clock


class RequisitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    APPROVED = "approved", _("Decided")
    PAID = "paid", _("Paid")
    REFUSED = "refused", _("Refused")


# A case has at most one requisition in these states; a refused one does not block a new one.
ACTIVE_STATUSES = [
    RequisitionStatus.DRAFT,
    RequisitionStatus.RECEIVED,
    RequisitionStatus.APPROVED,
    RequisitionStatus.PAID,
]


class AccountType(models.TextChoices):
    BANKGIRO = "bankgiro", _("Bankgiro")
    PLUSGIRO = "plusgiro", _("Plusgiro")


class Requisition(models.Model):
    """The region's request to be paid its allocation (rekvisition)."""

    case = models.ForeignKey(
        "grants.Case", on_delete=models.PROTECT, related_name="requisitions", verbose_name=_("case")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequisitionStatus.choices,
        default=RequisitionStatus.DRAFT,
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised on every save; an edit based on an older version is refused."),
    )
    allocation_amount = models.BigIntegerField(_("allocation (öre)"))
    amount = models.BigIntegerField(_("amount requisitioned (öre)"))
    account_type = models.CharField(
        _("account type"), max_length=10, choices=AccountType.choices, blank=True
    )
    account_number = models.CharField(_("account number"), max_length=20, blank=True)
    organisation_number = models.CharField(_("organisation number"), max_length=11)
    organisation_number_confirmed = models.BooleanField(
        _("organisation number confirmed"), default=False
    )
    region_reference = models.CharField(_("the region's reference"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    contact_phone = models.CharField(_("contact's phone"), max_length=40, blank=True)
    signatory_name = models.CharField(_("authorised signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    attested = models.BooleanField(_("attested"), default=False)
    diarienummer = models.CharField(_("decision's reference number"), max_length=40)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    updated_at = models.DateTimeField(_("updated"), default=clock.now)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("updated by")
    )
    submitted_at = models.DateTimeField(_("received"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    is_late = models.BooleanField(_("registered after the deadline"), default=False)
    late_reason = models.TextField(_("reason for late registration"), blank=True)
    refused_at = models.DateTimeField(_("refused"), null=True, blank=True)
    refused_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("refused by"),
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)

    class Meta:
        verbose_name = _("requisition")
        verbose_name_plural = _("requisitions")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="requisition_one_active_per_case",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequisitionStatus.values), name="requisition_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=F("allocation_amount")),
                name="requisition_amount_within_allocation",
            ),
            models.CheckConstraint(
                condition=Q(status=RequisitionStatus.DRAFT)
                | (
                    Q(submitted_at__isnull=False)
                    & Q(attested=True)
                    & Q(organisation_number_confirmed=True)
                    & ~Q(account_number="")
                    & ~Q(contact_email="")
                    & ~Q(signatory_name="")
                ),
                name="requisition_received_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(is_late=False) | ~Q(late_reason=""), name="requisition_late_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status=RequisitionStatus.REFUSED)
                | (Q(refused_at__isnull=False) & ~Q(refusal_reason="")),
                name="requisition_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.region} – {self.case.grant} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == RequisitionStatus.DRAFT


class PaymentDecision(models.Model):
    """The agency's decision to pay a requisition (beslut om utbetalning)."""

    requisition = models.OneToOneField(
        Requisition,
        on_delete=models.PROTECT,
        related_name="payment_decision",
        verbose_name=_("requisition"),
    )
    amount = models.BigIntegerField(_("amount (öre)"))
    decided_at = models.DateTimeField(_("decided"), default=clock.now)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    document = models.OneToOneField(
        "records.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decision document"),
    )

    class Meta:
        verbose_name = _("payment decision")
        verbose_name_plural = _("payment decisions")
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="payment_decision_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.requisition)


class PaymentFile(models.Model):
    """A file for the agency's finance system with the payments released for one day."""

    payment_date = models.DateField(_("payment date"))
    created_at = models.DateTimeField(_("created"), default=clock.now)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    payment_count = models.PositiveIntegerField(_("number of payments"))
    total_amount = models.BigIntegerField(_("total (öre)"))
    csv_document = models.OneToOneField(
        "records.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("CSV file")
    )
    xml_document = models.OneToOneField(
        "records.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ISO 20022 file"),
    )
    # The printable list of the payments, for the one who sends the file to the bank.
    list_document = models.OneToOneField(
        "records.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment list"),
    )
    # The audit chain's head when the file was made, anchored outside the database and
    # printed on the file (records/anchors.py).
    audit_event_id = models.PositiveBigIntegerField(_("audit trail: newest event"), null=True)
    audit_hash = models.CharField(_("audit trail: its hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("payment file")
        verbose_name_plural = _("payment files")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(payment_count__gt=0), name="payment_file_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.payment_date:%Y-%m-%d} ({self.payment_count})"


class Disbursement(models.Model):
    """The payment itself (utbetalning), released once by a second officer."""

    payment_decision = models.OneToOneField(
        PaymentDecision,
        on_delete=models.PROTECT,
        related_name="disbursement",
        verbose_name=_("payment decision"),
    )
    amount = models.BigIntegerField(_("amount (öre)"))
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    released_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("released by")
    )
    released_at = models.DateTimeField(_("released"), default=clock.now)
    payment_date = models.DateField(_("payment date"))
    reference = models.CharField(_("payment reference"), max_length=140)
    payee_name = models.CharField(_("payee"), max_length=200)
    organisation_number = models.CharField(_("organisation number"), max_length=11)
    account_type = models.CharField(_("account type"), max_length=10, choices=AccountType.choices)
    account_number = models.CharField(_("account number"), max_length=20)
    payment_file = models.ForeignKey(
        PaymentFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements",
        verbose_name=_("payment file"),
    )

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["-released_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive"),
            models.CheckConstraint(
                condition=~Q(released_by=F("decided_by")), name="disbursement_four_eyes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payee_name}: {self.payment_date:%Y-%m-%d}"
