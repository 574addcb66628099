"""The requisition form. Fields are optional for a draft; submitting requires them all."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import MAX_LENGTH_MESSAGE, AmountField, PlainTextField, validate_phone
from regions.validators import clean_number

from .models import AccountType
from .services import RequisitionData

SUBMIT_MESSAGES = {
    "account_type": _("Choose bankgiro or plusgiro."),
    "account_number": _("Enter the account the money is to be paid to."),
    "organisation_number_confirmed": _("Confirm the region's organisation number."),
    "contact_name": _("Enter the contact person's name."),
    "contact_email": _("Enter the contact person's e-mail address."),
    "contact_phone": _("Enter the contact person's phone number."),
    "signatory_name": _("Enter the name of the authorised signatory."),
    "signatory_title": _("Enter the signatory's title."),
    "attested": _("Attest that the information is correct before you submit."),
}


class RequisitionForm(forms.Form):
    amount = AmountField(
        label=_("Amount to requisition (kronor)"),
        help_text=_("At most the allocation. Write e.g. 115 800 812 or 115 800 812,00."),
    )
    account_type = forms.ChoiceField(
        label=_("Pay to"), choices=AccountType.choices, required=False, widget=forms.RadioSelect
    )
    account_number = forms.CharField(
        label=_("Bankgiro or plusgiro number"),
        required=False,
        max_length=20,
        help_text=_(
            "Bankgiro e.g. 1234-5678, plusgiro e.g. 123 45 67-8. The check digit is verified."
        ),
    )
    organisation_number_confirmed = forms.BooleanField(required=False)
    region_reference = PlainTextField(
        label=_("The region's reference"),
        max_length=100,
        help_text=_("Your own reference, shown on the payment (optional)."),
    )
    contact_name = PlainTextField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Contact's e-mail"),
        required=False,
        max_length=254,  # the column's length (the form's own default would let 320 through)
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
        help_text=_("The receipt is sent here."),
    )
    contact_phone = forms.CharField(
        label=_("Contact's phone"), required=False, max_length=40, validators=[validate_phone]
    )
    signatory_name = PlainTextField(label=_("Authorised signatory"), max_length=200)
    signatory_title = PlainTextField(label=_("Signatory's title"), max_length=200)
    attested = forms.BooleanField(required=False)
    version = forms.IntegerField(
        label=_("Form"),
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": _("The form is incomplete. Reload the page and try again."),
            "invalid": _("The form is incomplete. Reload the page and try again."),
            "min_value": _("The form is incomplete. Reload the page and try again."),
        },
    )

    def __init__(
        self,
        *args: Any,
        allocation: int,
        organisation_number: str,
        diarienummer: str,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        cast(AmountField, self.fields["amount"]).max_ore = allocation
        self.fields["organisation_number_confirmed"].label = _(
            "The region's organisation number is %(orgnr)s"
        ) % {"orgnr": organisation_number}
        self.fields["attested"].label = _(
            "I attest that the information is correct and that the money will be used in accordance "
            "with the conditions of the government's decision %(ref)s."
        ) % {"ref": diarienummer}
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        number = cleaned.get("account_number", "")
        kind = cleaned.get("account_type", "")
        if number and not kind and "account_type" not in self.errors:
            self.add_error("account_type", SUBMIT_MESSAGES["account_type"])
        elif number and kind:
            try:
                cleaned["account_number"] = clean_number(kind, number)
            except ValidationError as error:
                self.add_error("account_number", error)
        return cleaned

    def require_all(self) -> None:
        """Add a field error for everything a submission needs but the form lacks."""
        for name, message in SUBMIT_MESSAGES.items():
            if name not in self.errors and not self.cleaned_data.get(name):
                self.add_error(name, message)

    def to_data(self) -> RequisitionData:
        data = self.cleaned_data
        return RequisitionData(
            amount=data["amount"],
            account_type=data.get("account_type") or "",
            account_number=data.get("account_number") or "",
            organisation_number_confirmed=bool(data.get("organisation_number_confirmed")),
            region_reference=data.get("region_reference") or "",
            contact_name=data.get("contact_name") or "",
            contact_email=(data.get("contact_email") or "").lower(),
            contact_phone=data.get("contact_phone") or "",
            signatory_name=data.get("signatory_name") or "",
            signatory_title=data.get("signatory_title") or "",
            attested=bool(data.get("attested")),
        )


class LateRequisitionForm(RequisitionForm):
    reason = PlainTextField(
        label=_("Reason for accepting the requisition after the deadline"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. The reason is kept in the case history."),
    )
    field_order = ["reason"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        del self.fields["version"]


class RefuseForm(forms.Form):
    reason = PlainTextField(
        label=_("Reason for the refusal"),
        max_length=4000,
        required=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The reason is given in the decision sent to the region."),
    )


class ReleaseForm(forms.Form):
    payment_date = forms.DateField(
        label=_("Payment date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("YYYY-MM-DD"),
    )


class PaymentFileForm(forms.Form):
    payment_date = forms.DateField(
        label=_("Payments released for"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("YYYY-MM-DD"),
    )
