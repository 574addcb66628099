"""The form for entering the Riksbank's reference rate of a half-year."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PlainTextField
from core.money import AmountError, parse_amount

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RateField(forms.Field):
    """A rate in percent as Swedes write it ("2,50", "2,5 %", "−0,25"); cleans to hundredths
    of a percent (250, 250, -25)."""

    default_error_messages = {
        "invalid": _("Enter the reference rate in percent, between −10 and 50, e.g. 2,50."),
    }
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        text = str(value).strip().removesuffix("%").strip()
        try:
            rate = parse_amount(text)  # two decimals: hundredths, as öre are of a krona
        except AmountError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not -1000 <= rate <= 5000:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return rate


class ReferenceRateForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Half-year from"),
        widget=DATE_WIDGET,
        help_text=_("1 January or 1 July, as YYYY-MM-DD."),
    )
    rate = RateField(
        label=_("Reference rate (percent)"),
        help_text=_("As the Riksbank set it for the half-year, e.g. 2,50."),
    )
    source = PlainTextField(
        label=_("Source"),
        max_length=200,
        help_text=_("For example the Riksbank's announcement and its date."),
    )
    reason = PlainTextField(
        label=_("Reason for a correction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when you correct a rate already entered for the half-year."),
    )
