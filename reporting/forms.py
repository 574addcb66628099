"""Forms for the agency's own money, its assessment, and the overview's filters."""

import datetime as dt

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
