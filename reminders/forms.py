from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PlainTextField

from .models import Audience, Direction, ReminderKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AnnouncementForm(forms.Form):
    title = PlainTextField(label=_("Title"), required=True, max_length=200)
    body = PlainTextField(
        label=_("Text"), required=True, max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    shown_until = forms.DateField(
        label=_("Show on the regions' start pages until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The last day the notice is current, for example the requisition deadline. "
            "Leave empty for information that stays true."
        ),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_(
            "Optional: guidance or knowledge support (PDF, Word, Excel or text, at most 10 MB each)."
        ),
    )


class AgencyStepDoneForm(forms.Form):
    done_on = forms.DateField(
        label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = PlainTextField(label=_("Note"), max_length=2000)


class ReminderRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Deadline"), choices=ReminderKind.choices)
    direction = forms.ChoiceField(label=_("When"), choices=Direction.choices)
    days = forms.IntegerField(
        label=_("Days"),
        min_value=0,
        max_value=365,
        help_text=_("Days before or after the deadline; 0 before it is on the day itself."),
    )
    audience = forms.ChoiceField(label=_("To whom"), choices=Audience.choices)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive rule sends nothing; a rule is never deleted."),
    )
