"""The form that attaches files to a case (attachments/cases.py)."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PlainTextField

from . import kinds
from .cases import FIELD, MAX_FILES
from .services import attachment_check, max_bytes

ACCEPT = ",".join(
    [ext for kind in kinds.KINDS.values() for ext in kind.extensions]
    + [kind.mime for kind in kinds.KINDS.values()]
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once, each checked by its content like the service will. ``field`` is
    the name the service keys its refusals by; at most ``max_files`` at a time."""

    def __init__(self, *, field: str = FIELD, max_files: int = MAX_FILES, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)
        self.service_field = field
        self.max_files = max_files
        self.error_messages["required"] = _("Choose at least one file to attach.")
        self.error_messages["empty"] = _("The file is empty. Choose the file again.")

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise ValidationError(
                _("Attach at most %(n)d files at a time.") % {"n": self.max_files}, code="too_many"
            )
        errors = []
        for file in files:
            super().clean(file, initial)
            try:
                attachment_check(file=file, field=self.service_field, kinds=kinds.DOCUMENTS)
            except ValidationError as error:
                name = getattr(file, "name", "") or ""
                messages = error.message_dict[self.service_field]
                errors += [f"{name[:100]}: {message}" for message in messages]
        if errors:
            raise ValidationError(errors)
        return files


class CaseAttachmentForm(forms.Form):
    part = forms.ChoiceField(label=_("The files belong to"))
    uploads = MultipleFileField(label=_("Files"))
    description = PlainTextField(
        label=_("Description (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: the board's decision, the auditor's certificate."),
    )

    def __init__(self, *args: Any, parts: list[tuple[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["part"]).choices = parts
        self.fields["uploads"].help_text = _(
            "PDF, PNG, JPEG, Word (DOCX), Excel (XLSX) or OpenDocument (ODT, ODS, ODP), at "
            "most %(mb)d MB each and %(n)d files at a time. The content decides the kind, not "
            "the name. A region's file can be withdrawn until its submission is sent; every "
            "file stays in the case's records."
        ) % {"mb": max_bytes() // (1024 * 1024), "n": MAX_FILES}
