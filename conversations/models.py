"""A case's conversation: its messages, their attachments and who has read each message.

The conversation of a case is its messages (``Message.case``); there is nothing else to
store about it. A message, the link to each of its files and each read marker are written
once: PostgreSQL refuses to change or delete them (migration 0002)."""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from core import clock

# The longest message body, in characters (the form says so in Swedish).
MAX_BODY = 5000
# The most files on one message.
MAX_FILES = 5


class Side(models.TextChoices):
    """Who wrote: the agency (an officer) or the region (one of its users)."""

    AGENCY = "agency", _("Socialstyrelsen")
    REGION = "region", _("The region")


class Message(models.Model):
    case = models.ForeignKey(
        "grants.Case", on_delete=models.PROTECT, related_name="messages", verbose_name=_("case")
    )
    side = models.CharField(_("from"), max_length=10, choices=Side.choices)
    author = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"), default=clock.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["case", "sent_at", "pk"]
        indexes = [models.Index(fields=["case", "side"], name="message_case_side")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(side__in=Side.values), name="message_side_valid"
            ),
            # Never empty, never longer than the form allows.
            models.CheckConstraint(
                condition=~models.Q(body="") & models.Q(LessThanOrEqual(Length("body"), MAX_BODY)),
                name="message_body_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_side_display()} ({self.pk})"


class MessageAttachment(models.Model):
    """A file sent with a message (stored by ``attachments``)."""

    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, related_name="files", verbose_name=_("message")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    attachment = models.OneToOneField(
        "attachments.Attachment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("attachment"),
    )

    class Meta:
        verbose_name = _("file of a message")
        verbose_name_plural = _("files of messages")
        ordering = ["message", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "number"], name="message_attachment_one_per_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=MAX_FILES),
                name="message_attachment_number_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message} ({self.number})"


class MessageRead(models.Model):
    """A user has seen a message (their own read marker: written when the conversation's
    page showed it to them)."""

    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, related_name="reads", verbose_name=_("message")
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    read_at = models.DateTimeField(_("read"), default=clock.now)

    class Meta:
        verbose_name = _("read marker")
        verbose_name_plural = _("read markers")
        ordering = ["message", "read_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="message_read_once"),
        ]

    def __str__(self) -> str:
        return f"{self.message} – {self.user}"
