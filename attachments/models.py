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
