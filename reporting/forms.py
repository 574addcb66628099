"""Forms for the agency's own money, its assessment, and the overview's filters."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from core.forms import AmountField, PlainTextField

from .models import CostType
from .overview import Step, StepState

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgencyRequisitionForm(forms.Form):
    date = forms.DateField(label=_("Date of the requisition"), widget=DATE_WIDGET)
    amount = AmountField(
        label=_("Amount (kronor)"), help_text=_("Write e.g. 500 000 000 or 500 000 000,00.")
    )
    reference = PlainTextField(
        label=_("Reference"),
        max_length=100,
        required=True,
        help_text=_("Kammarkollegiet's or the agency's reference for the requisition."),
    )


class AdministrationCostForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    amount = AmountField(label=_("Amount (kronor)"))
    cost_type = forms.ChoiceField(label=_("Cost type"), choices=CostType.choices)
    description = PlainTextField(label=_("Description"), max_length=300, required=True)


class CorrectionForm(forms.Form):
    """Correct a recorded requisition or cost: which one, the amount it should have been, and
    why. The entries to choose from are the grant's, as recorded."""

    entry = forms.TypedChoiceField(label=_("Entry"), coerce=int)
    amount = AmountField(
        label=_("The right amount (kronor)"),
        min_ore=0,
        error_messages={"min_value": _("Enter zero or more.")},
        help_text=_("What the entry should have been; 0 if it should not have been recorded."),
    )
    reason = PlainTextField(
        label=_("Reason for the correction"),
        max_length=500,
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, entries: list[tuple[int, str]], entry_label: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["entry"]
        field.choices = [("", _("Choose")), *entries]  # type: ignore[attr-defined]
        field.label = entry_label


class AgencyRepaymentForm(forms.Form):
    date = forms.DateField(label=_("Date of the repayment"), widget=DATE_WIDGET)
    amount = AmountField(label=_("Amount (kronor)"))
    reference = PlainTextField(
        label=_("Reference"),
        max_length=100,
        required=True,
        help_text=_("The payment's reference, e.g. Kammarkollegiet's reference or an OCR number."),
    )


class AssessmentForm(forms.Form):
    assessment = PlainTextField(
        label=_("Socialstyrelsen's assessment"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "The agency's own assessment of how the regions used the grant and what it "
            "achieved. Printed first in the report."
        ),
    )


STATE_FILTERS = [("", _("Any state")), *StepState.choices, ("problems", _("Does not reconcile"))]


class OverviewFilterForm(forms.Form):
    """The overview's GET form: which step, in which state, as of which date."""

    steg = forms.ChoiceField(
        label=_("Step"), choices=[("", _("Any step")), *Step.choices], required=False
    )
    status = forms.ChoiceField(label=_("State"), choices=STATE_FILTERS, required=False)
    per = forms.DateField(
        label=_("Figures as of (leave empty for now)"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("The figures as they stood at the end of that day."),
    )

    def clean_per(self) -> dt.date | None:
        day = self.cleaned_data["per"]
        if day is not None and day > clock.today():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day
