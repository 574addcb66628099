from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField, PlainTextField

from .models import ClaimGround

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecoveryClaimForm(forms.Form):
    amount = AmountField(label=_("Amount to recover (kronor)"))
    ground = forms.ChoiceField(
        label=_("Ground in the decision's conditions"),
        choices=ClaimGround.choices,
        widget=forms.RadioSelect,
    )
    due_date = forms.DateField(
        label=_("To be repaid by"), widget=DATE_WIDGET, help_text=_("YYYY-MM-DD")
    )
    reason = PlainTextField(
        label=_("Reasons"),
        required=True,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Given in the decision sent to the region."),
    )


class ClaimChangeForm(forms.Form):
    """An officer's new decision on a recovery claim: what it asks from now on (0 withdraws it)."""

    amount = AmountField(
        label=_("The claim asks from now on (kronor)"),
        min_ore=0,
        help_text=_("Enter 0 to withdraw the claim. To claim more, decide a new claim."),
    )
    reason = PlainTextField(
        label=_("Reasons"),
        required=True,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Given in the decision sent to the region."),
    )


class RepaymentForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"), widget=DATE_WIDGET, help_text=_("YYYY-MM-DD")
    )
    amount = AmountField(label=_("Amount (kronor)"))
    reference = PlainTextField(
        label=_("Reference as on the payment"),
        required=True,
        max_length=140,
        help_text=_("The OCR number is read from it, e.g. S2025/01234 OCR 25010000112."),
    )
    payer = PlainTextField(label=_("Payer"), max_length=200)


class ResolveForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Handling"),
        choices=[
            ("book", _("Book against a claim (any excess is returned)")),
            ("return", _("Return all of it to the payer")),
        ],
        widget=forms.RadioSelect,
    )
    claim = forms.ChoiceField(label=_("Claim"), required=False)
    note = PlainTextField(
        label=_("Note"), required=True, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, claims: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["claim"]).choices = [("", "–"), *claims]


class BankFileForm(forms.Form):
    file = forms.FileField(
        label=_("Bank file (CSV)"),
        help_text=_("The transactions exported from the bank, with a header row."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ReasonForm(forms.Form):
    reason = PlainTextField(
        label=_("Reason"), required=True, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
