from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from attachments.services import attachment_check
from core.forms import PlainTextField

from .models import MAX_BODY, MAX_FILES
from .services import FILES_FIELD


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Any number of files up to MAX_FILES, each a PDF by its content (attachments)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,application/pdf", "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, list | tuple) else [data]
        items = [item for item in items if item]
        if len(items) > MAX_FILES:
            raise ValidationError(
                _("Attach at most %(count)d files.") % {"count": MAX_FILES}, code="too_many"
            )
        files = []
        for item in items:
            file = super().clean(item, initial)
            try:
                attachment_check(file=file, field=FILES_FIELD)
            except ValidationError as error:
                raise ValidationError(
                    [f"{file.name}: {message}" for message in error.message_dict[FILES_FIELD]]
                ) from error
            files.append(file)
        return files


class MessageForm(forms.Form):
    body = PlainTextField(
        label=_("Message"),
        max_length=MAX_BODY,
        required=True,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("At most 5 000 characters."),
    )
    attachments = FilesField(
        label=_("Files (optional)"),
        help_text=_("PDF files, at most five, each at most 10 MB."),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Write a message.")
