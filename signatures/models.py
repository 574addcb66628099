"""Signed submissions (docs/security.md, "What a signature proves"). A requisition or a report
version is submitted by signing: the submitter identifies themselves with e-ID at that moment,
and the service keeps the broker's ID token with the SHA-256 of the exact version submitted.

``Signature`` rows are evidence: never changed or deleted (a PostgreSQL trigger refuses it).
``PendingSignature`` is a working row: the version waiting while the submitter is at the
e-ID broker."""

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core import clock, formats


class SignedKind(models.TextChoices):
    REQUISITION = "requisition", _("Requisition")
    REPORT = "report", _("Report")


class PendingSignature(models.Model):
    """What a submitter asked to submit, kept while they sign at the e-ID broker: the form's
    data (to submit it, or to show it again with what was wrong) and the SHA-256 of the
    canonical content that is to be signed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SignedKind.choices)
    case = models.ForeignKey(
        "grants.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    form_data = models.JSONField(_("form data"))
    content = models.TextField(_("content to sign"))
    content_sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature under way")
        verbose_name_plural = _("signatures under way")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SignedKind.values), name="pending_signature_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {formats.moment_iso(self.created_at)}"

    def form_query(self) -> QueryDict:
        """The kept form data as the form reads a POST, to check it again on return."""
        data = QueryDict(mutable=True)
        for name, values in self.form_data.items():
            data.setlist(name, [str(value) for value in values])
        return data


class Signature(models.Model):
    """A submission's signature: who (the verified personnummer and name), when, at what
    assurance level, and what (the canonical content and its SHA-256), with the broker's
    signed ID token (the JWS, as received) as the evidence. Never changed or deleted."""

    kind = models.CharField(_("kind"), max_length=20, choices=SignedKind.choices)
    requisition = models.OneToOneField(
        "requisitions.Requisition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signature",
        verbose_name=_("requisition"),
    )
    report_version = models.OneToOneField(
        "reports.ReportVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signature",
        verbose_name=_("report version"),
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("signed by"),
    )
    personnummer = models.CharField(_("personal identity number"), max_length=12)
    signer_name = models.CharField(_("name in the e-ID"), max_length=200)
    acr = models.CharField(_("assurance level"), max_length=200)
    issuer = models.CharField(_("e-ID issuer"), max_length=300)
    auth_time = models.DateTimeField(_("identified at"))
    signed_at = models.DateTimeField(_("signed"), default=clock.now)
    id_token = models.TextField(_("ID token (JWS)"))
    content = models.TextField(_("signed content"))
    content_sha256 = models.CharField(_("SHA-256 of the signed content"), max_length=64)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-signed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=SignedKind.REQUISITION, requisition__isnull=False)
                & models.Q(report_version__isnull=True)
                | models.Q(kind=SignedKind.REPORT, report_version__isnull=False)
                & models.Q(requisition__isnull=True),
                name="signature_signs_one_thing",
            ),
            models.CheckConstraint(
                condition=models.Q(content_sha256__regex=r"^[0-9a-f]{64}$"),
                name="signature_sha256_hex",
            ),
            models.CheckConstraint(
                condition=models.Q(personnummer__regex=r"^(19|20)[0-9]{10}$"),
                name="signature_personnummer_twelve_digits",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} – {self.signer_name} ({formats.moment_iso(self.signed_at)})"
        )

    @property
    def personnummer_masked(self) -> str:
        from accounts.personnummer import masked

        return masked(self.personnummer)
