from typing import Any, cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import AmountField, PlainTextField, offer_value
from core.money import ORE_PER_KRONA
from core.workdays import is_working_day
from regions.models import PopulationDataset

from .models import Deadline, DeadlineKind, DecisionStatus


class DeadlineForm(forms.ModelForm):
    due_date = forms.DateField(
        label=_("Date"),
        help_text=_("Write the date as YYYY-MM-DD, e.g. 2026-02-27."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    source_text = forms.CharField(
        label=_("Basis"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example the decision's wording, or the agency's decision that set the date."
        ),
    )

    # The date whose working-day warning the officer has seen: a date that is not a working
    # day is saved only once the form has shown what the flag gives for it.
    checked_date = forms.DateField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Deadline
        fields = ["due_date", "moves_to_next_working_day", "source_text"]

    def needs_check(self) -> bool:
        """The date is not a working day and the officer has not yet seen the warning for it."""
        due_date = self.cleaned_data["due_date"]
        return not is_working_day(due_date) and self.cleaned_data.get("checked_date") != due_date

    def mark_checked(self) -> None:
        """Shown again with the warning: saving it again confirms the choice."""
        offer_value(self, "checked_date", self.cleaned_data["due_date"].isoformat())


class AgencyConditionsForm(forms.Form):
    agency_conditions = forms.CharField(
        label=_("Further conditions"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class RecoveryTermsForm(forms.Form):
    appeal_text = PlainTextField(
        label=_("How a recovery decision can be appealed"),
        required=True,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Printed in every recovery claim decision of the grant: whether it can be "
            "appealed, to which court, how and by when."
        ),
    )
    late_interest_applies = forms.BooleanField(
        label=_("Late-payment interest is charged on overdue recovery claims"),
        required=False,
        help_text=_(
            "Interest on late payment under the Interest Act (räntelagen): the Riksbank's "
            "reference rate plus eight percentage points, from the day after the due date."
        ),
    )


# --- Registering a new round -------------------------------------------------------------

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _DecisionAmountsMixin(forms.Form):
    total_amount = AmountField(
        label=_("Total amount (kronor)"),
        help_text=_("What the agency may use in all, e.g. 400 000 000."),
    )
    regions_amount = AmountField(
        label=_("To be paid to the regions (kronor)"),
        help_text=_("Whole kronor: it is divided between the regions in whole kronor."),
    )
    administration_amount = AmountField(
        label=_("For the agency's administration and follow-up (kronor)"),
        min_ore=0,
        error_messages={"min_value": _("The amount may not be negative.")},
        help_text=_("0 if the decision gives nothing for administration."),
    )
    conditions = PlainTextField(
        label=_("Conditions of the decision"),
        required=True,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The decision's conditions as written, for the regions and the agency."),
    )


class DecisionForm(_DecisionAmountsMixin):
    """A new round: the decision and, in :meth:`deadline_rows`, one row per deadline kind."""

    field_order = [
        "status",
        "year",
        "diarienummer",
        "decided_on",
        "title",
        "ministry",
        "appropriation",
        "total_amount",
        "regions_amount",
        "administration_amount",
        "conditions",
        "use_from",
        "use_to",
        "population_dataset",
    ]
    status = forms.ChoiceField(
        label=_("Status"),
        choices=DecisionStatus.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Planned: the government has announced the money but not decided yet. The "
            "allocation can be previewed, and adopted once the decision is registered as decided."
        ),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The budget year the round belongs to."),
    )
    diarienummer = forms.CharField(
        label=_("Reference number (diarienummer)"),
        required=False,
        max_length=40,
        help_text=_("Required when decided, e.g. S2026/01234. Leave empty while planned."),
    )
    decided_on = forms.DateField(
        label=_("Date of decision"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("YYYY-MM-DD. Required when decided."),
    )
    title = PlainTextField(label=_("Title"), required=True, max_length=300)
    ministry = PlainTextField(label=_("Ministry"), required=True, max_length=100)
    appropriation = PlainTextField(
        label=_("Appropriation"),
        required=True,
        max_length=300,
        help_text=_("The budget line the money comes from (utgiftsområde, anslag, anslagspost)."),
    )
    use_from = forms.DateField(
        label=_("Period of use, first day"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_(
            "YYYY-MM-DD. The first day the money may be used. Empty: 1 January of the year."
        ),
    )
    use_to = forms.DateField(
        label=_("Period of use, last day"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_(
            "YYYY-MM-DD. The last day the money may be used. Empty: 31 December of the year."
        ),
    )
    population_dataset = forms.ModelChoiceField(
        label=_("Population figures"),
        queryset=PopulationDataset.objects.none(),
        empty_label=None,
        help_text=_("The figures the allocation is to be computed from."),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["population_dataset"]
        ).queryset = PopulationDataset.objects.order_by("-reference_date", "name")
        for kind in DeadlineKind:
            label = kind.label
            self.fields[f"deadline_{kind.value}_date"] = forms.DateField(
                label=format_lazy("{}: {}", _("Date"), label),
                required=False,
                widget=forms.DateInput(
                    attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
                ),
            )
            self.fields[f"deadline_{kind.value}_moves"] = forms.BooleanField(
                label=format_lazy("{}: {}", _("Moves to next working day"), label),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"deadline_{kind.value}_source"] = PlainTextField(
                label=format_lazy("{}: {}", _("Basis"), label),
                max_length=2000,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.field_order]

    def deadline_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": kind,
                "date": self[f"deadline_{kind.value}_date"],
                "moves": self[f"deadline_{kind.value}_moves"],
                "source": self[f"deadline_{kind.value}_source"],
            }
            for kind in DeadlineKind
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for kind in DeadlineKind:
            date_field = f"deadline_{kind.value}_date"
            rest_given = cleaned.get(f"deadline_{kind.value}_moves") or cleaned.get(
                f"deadline_{kind.value}_source"
            )
            if cleaned.get(date_field) is None and date_field not in self.errors and rest_given:
                self.add_error(date_field, _("Enter the date, or leave the whole row empty."))
        return cleaned

    def deadlines(self) -> list[tuple[str, Any, bool, str]]:
        """(kind, date, moves, source) for each row with a date."""
        rows = []
        for kind in DeadlineKind:
            due_date = self.cleaned_data.get(f"deadline_{kind.value}_date")
            if due_date is not None:
                rows.append(
                    (
                        kind.value,
                        due_date,
                        bool(self.cleaned_data.get(f"deadline_{kind.value}_moves")),
                        self.cleaned_data.get(f"deadline_{kind.value}_source") or "",
                    )
                )
        return rows


class MarkDecidedForm(_DecisionAmountsMixin):
    field_order = [
        "diarienummer",
        "decided_on",
        "total_amount",
        "regions_amount",
        "administration_amount",
        "conditions",
    ]
    diarienummer = forms.CharField(
        label=_("Reference number (diarienummer)"),
        max_length=40,
        help_text=_("As in the decision, e.g. S2026/01234."),
    )
    decided_on = forms.DateField(
        label=_("Date of decision"), widget=DATE_WIDGET, help_text=_("YYYY-MM-DD")
    )


class PreviewForm(forms.Form):
    """What to preview (GET): any amount and any population dataset."""

    amount = AmountField(
        label=_("Amount to divide (kronor)"),
        help_text=_("Whole kronor. The decision's amount to the regions unless you change it."),
    )
    population_dataset = forms.ModelChoiceField(
        label=_("Population figures"), queryset=PopulationDataset.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["population_dataset"]
        ).queryset = PopulationDataset.objects.order_by("-reference_date", "name")

    def clean_amount(self) -> int:
        amount = self.cleaned_data["amount"]
        if amount % ORE_PER_KRONA:
            raise forms.ValidationError(
                _("Enter whole kronor: the allocation divides whole kronor.")
            )
        return amount


class AdoptForm(forms.Form):
    """Adopting what was previewed: the dataset and amount shown, and a reason when it
    replaces an adopted allocation."""

    population_dataset = forms.ModelChoiceField(
        queryset=PopulationDataset.objects.all(), widget=forms.HiddenInput
    )
    previewed_amount = forms.IntegerField(widget=forms.HiddenInput)
    reason = PlainTextField(
        label=_("Reason for replacing the adopted allocation"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when an allocation is already adopted. Kept in the record."),
    )


def active_officers() -> Any:
    from accounts.models import User
    from accounts.roles import StaffRole

    return (
        User.objects.filter(groups__name=StaffRole.OFFICER, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name()


class CaseAssignForm(forms.Form):
    """Which officer has the case (empty: nobody)."""

    officer = OfficerChoiceField(
        label=_("Assigned to"),
        queryset=active_officers(),
        required=False,
        empty_label=_("Nobody"),
        error_messages={"invalid_choice": _("Choose one of the officers in the list.")},
    )
