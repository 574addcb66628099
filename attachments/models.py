"""An attachment: a file in the storage and what is known about it. Written once, when it is
handed in; PostgreSQL refuses to change or delete the row (migration 0002)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import clock


class Attachment(models.Model):
    """A file handed in, as stored. The file's name in the storage is made by the service
    (never the uploader's), so nothing can overwrite another file or leave its folder."""

    storage_name = models.CharField(_("name in the storage"), max_length=255, unique=True)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.BigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=clock.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="attachment_not_empty"),
            models.CheckConstraint(
                condition=~models.Q(storage_name="") & ~models.Q(sha256=""),
                name="attachment_named_and_hashed",
            ),
        ]

    def __str__(self) -> str:
        return self.filename


class ScanState(models.TextChoices):
    """What the virus scanner said about a file. Codes are stored; labels shown."""

    NOT_SCANNED = "not_scanned", _("not scanned (no scanner configured)")
    WAITING = "waiting", _("not yet scanned (the scanner was unavailable)")
    CLEAN = "clean", _("scanned, no virus found")
    INFECTED = "infected", _("infected")


class AttachmentScan(models.Model):
    """One scan of an attachment, appended beside the immutable row: the latest one is the
    file's state. PostgreSQL refuses to change or delete a scan (migration 0004)."""

    attachment = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, related_name="scans", verbose_name=_("attachment")
    )
    state = models.CharField(_("state"), max_length=20, choices=ScanState.choices)
    scanned_at = models.DateTimeField(_("when"), default=clock.now)
    engine = models.CharField(_("scanner and signatures"), max_length=200, blank=True)
    signature = models.CharField(_("virus found"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("virus scan")
        verbose_name_plural = _("virus scans")
        ordering = ["attachment", "-scanned_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="infected") | ~models.Q(signature=""),
                name="attachment_scan_infected_names_signature",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attachment} ({self.state})"


class CasePart(models.TextChoices):
    """What in a case a file belongs to. The first three are the region's, the others the
    agency's."""

    REQUISITION = "requisition", _("Requisition")
    REPORT = "report", _("Report")
    COMPLETION_ANSWER = "completion_answer", _("Answer to a completion request")
    COMPLETION_REQUEST = "completion_request", _("Completion request")
    DECISION = "decision", _("Decision")


REGION_PARTS = (CasePart.REQUISITION, CasePart.REPORT, CasePart.COMPLETION_ANSWER)
AGENCY_PARTS = (CasePart.COMPLETION_REQUEST, CasePart.DECISION)


class CaseAttachment(models.Model):
    """A file handed in to a region's case: which case, what it belongs to, who handed it in.
    Written once with the act that hands it in; PostgreSQL refuses to change or delete it."""

    case = models.ForeignKey(
        "grants.Case", on_delete=models.PROTECT, related_name="attachments", verbose_name=_("case")
    )
    attachment = models.OneToOneField(
        Attachment, on_delete=models.PROTECT, related_name="+", verbose_name=_("attachment")
    )
    part = models.CharField(_("belongs to"), max_length=30, choices=CasePart.choices)
    # What the part was when the file was handed in (the requisition or report version,
    # the completion request, the decision), for the reader: e.g. "Redovisning version 2".
    about = models.CharField(_("about"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(_("added"), default=clock.now)

    class Meta:
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")
        ordering = ["case", "added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.attachment.filename}"


class CaseAttachmentWithdrawal(models.Model):
    """A region's file taken back from its submission before the submission was sent. The
    file and its link stay (nothing handed in is deleted) and show as withdrawn; the file is
    no longer part of what is sent. PostgreSQL refuses to change or delete the row, and
    refuses it once the submission is sent (migration 0006)."""

    link = models.OneToOneField(
        CaseAttachment,
        on_delete=models.PROTECT,
        related_name="withdrawal",
        verbose_name=_("case attachment"),
    )
    withdrawn_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("withdrawn by")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), default=clock.now)

    class Meta:
        verbose_name = _("withdrawn case attachment")
        verbose_name_plural = _("withdrawn case attachments")
        ordering = ["withdrawn_at", "pk"]

    def __str__(self) -> str:
        return str(self.link)
