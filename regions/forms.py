from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PlainTextField

from .population_import import MAX_BYTES, ValueColumn
from .services import SCB


class PopulationFileForm(forms.Form):
    file = forms.FileField(
        label=_("File from SCB (CSV or XLSX)"),
        help_text=_(
            "The table of population per county as exported from SCB's statistical database. "
            "Nothing is stored as population figures until you have checked the preview and "
            "confirmed."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ColumnForm(forms.Form):
    """Which of the file's value columns to read (GET)."""

    column = forms.TypedChoiceField(label=_("Column to read"), coerce=int)

    def __init__(self, *args: Any, columns: list[ValueColumn], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = [  # type: ignore[attr-defined]
            (column.index, column.label) for column in columns
        ]


class PopulationConfirmForm(forms.Form):
    name = PlainTextField(
        label=_("Name"),
        required=True,
        max_length=200,
        help_text=_("For example Folkmängd per region 1 november 2025."),
    )
    source = PlainTextField(label=_("Source"), required=True, max_length=200, initial=SCB)
    reference_date = forms.DateField(
        label=_("Reference date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the figures refer to, YYYY-MM-DD, e.g. 2025-11-01."),
    )
    column = forms.IntegerField(required=False, widget=forms.HiddenInput)
