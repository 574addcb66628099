from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from attachments.services import attachment_check
from core.forms import PlainTextField, validate_phone
from regions.models import Region

PDF_INPUT = forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"})


class DocumentField(forms.FileField):
    """The mandate document: a PDF, checked by its content (attachments.services)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("widget", PDF_INPUT)
        kwargs.setdefault(
            "help_text",
            _(
                "A certified extract from the region's delegation order, or a certificate "
                "signed by the region's secretary or a similar function, that shows your "
                "mandate. PDF, at most 10 MB."
            ),
        )
        super().__init__(**kwargs)
        self.error_messages["required"] = _("Attach the document as a PDF file.")
        self.error_messages["empty"] = _("The file is empty. Attach the document as a PDF file.")

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        if file:
            try:
                attachment_check(file=file, field="document")
            except ValidationError as error:
                raise ValidationError(error.message_dict["document"]) from error
        return file


class OmbudApplicationForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("county_code"),
        empty_label=_("Choose the region"),
        help_text=_("The organisation you are to be the ombud of."),
    )
    full_name = PlainTextField(
        label=_("Your name"),
        max_length=200,
        required=True,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    position = PlainTextField(
        label=_("Your position in the region"),
        max_length=200,
        required=True,
        help_text=_("For example head of the finance department."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    document = DocumentField(label=_("Document that shows your mandate"))


class CompletionForm(forms.Form):
    document = DocumentField(label=_("New version of the document"))
    note = PlainTextField(
        label=_("Message to Socialstyrelsen"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CompletionRequestForm(forms.Form):
    message = PlainTextField(
        label=_("What the applicant needs to complete"),
        required=True,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant gets this by e-mail and on the application's page."),
    )


class RejectForm(forms.Form):
    message = PlainTextField(
        label=_("Reason for the rejection"),
        required=True,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant gets this by e-mail and on the application's page."),
    )
