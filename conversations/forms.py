from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from attachments.forms import MultipleFileField
from attachments.services import max_bytes
from core.forms import PlainTextField

from .models import MAX_BODY, MAX_FILES
from .services import FILES_FIELD


class MessageForm(forms.Form):
    body = PlainTextField(
        label=_("Message"),
        max_length=MAX_BODY,
        required=True,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("At most 5 000 characters."),
    )
    attachments = MultipleFileField(
        field=FILES_FIELD, max_files=MAX_FILES, required=False, label=_("Files (optional)")
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Write a message.")
        self.fields["attachments"].help_text = _(
            "PDF, PNG, JPEG, Word (DOCX), Excel (XLSX) or OpenDocument (ODT, ODS, ODP), at "
            "most %(n)d files, each at most %(mb)d MB. The content decides the kind, not the name."
        ) % {"n": MAX_FILES, "mb": max_bytes() // (1024 * 1024)}
