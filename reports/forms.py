"""The report form: the economic part, the activity part (a block per purpose), drafts."""

from typing import Any, cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core import formats
from core.forms import AmountField, PlainTextField
from core.money import ORE_PER_KRONA, format_kronor

from .models import Purpose, TargetGroup
from .services import PurposeData, ReportData


def long_text(label: Any, **kwargs: Any) -> PlainTextField:
    return PlainTextField(
        label=label, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), **kwargs
    )


SUBMIT_MESSAGES = {
    "amount_used": _("Enter the amount used (0 if nothing was used)."),
    "period_from": _("Enter the first day of the period the report covers."),
    "period_to": _("Enter the last day of the period the report covers."),
    "bookkeeping": _("Describe how the grant is kept apart in the books."),
    "certifier_name": _("Enter the name of the person who certifies the report."),
    "certifier_title": _("Enter the certifier's title."),
    "certified": _("The report must be certified before it is submitted."),
    "target_groups": _("Choose at least one target group."),
    "gender_equality": _("Describe how gender equality was considered."),
    "child_rights": _("Describe how the rights of the child were considered."),
    "disability": _("Describe how disability was considered."),
}


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    amount_used = AmountField(
        label=_("Amount used (kronor)"),
        min_ore=0,
        required=False,
        help_text=_("What was used for the purpose. The rest is to be repaid."),
    )
    period_from = forms.DateField(
        label=_("Period covered, from"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("YYYY-MM-DD. The first day of the use the report accounts for."),
    )
    period_to = forms.DateField(
        label=_("Period covered, to"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("YYYY-MM-DD. The last day of the use the report accounts for."),
    )
    bookkeeping = long_text(_("How the grant is kept apart in the books"))
    certifier_name = PlainTextField(label=_("Certified by (name)"), max_length=200)
    certifier_title = PlainTextField(
        label=_("Certifier's title"),
        max_length=200,
        help_text=_("For a region, e.g. the finance director (ekonomichef)."),
    )
    certified = forms.BooleanField(
        required=False,
        label=_(
            "I certify that the economic information is correct and that the grant is kept apart in the books."
        ),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gender_equality = long_text(_("How gender equality (equal health) was considered"))
    child_rights = long_text(_("How the rights of the child were considered"))
    disability = long_text(_("How the disability perspective was considered"))
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

    def __init__(self, *args: Any, received: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.received = received
        # Examples from the region's own figures: Norrbotten is not shown Stockholm's amount.
        example = format_kronor(received - received % ORE_PER_KRONA, unit=False)
        invalid = format_lazy(
            _("Enter the amount in kronor with digits only, e.g. {example} or {example},00."),
            example=example,
        )
        used = cast(AmountField, self.fields["amount_used"])
        used.max_ore = received
        used.error_messages["invalid"] = invalid
        used.help_text = format_lazy(
            _(
                "What was used for the purpose, at most the {received} kr received "
                "(for example {example} if all of it was used). The rest is to be repaid."
            ),
            received=format_kronor(received, unit=False),
            example=example,
        )
        for code, label in Purpose.choices:
            # The purpose's name is its fieldset's legend: printed once. The error summary,
            # which lists fields without their fieldset, names it with each field.
            selected = forms.BooleanField(label=_("The money went to this purpose"), required=False)
            amount = AmountField(
                label=_("Amount for this purpose (kronor, if known)"), min_ore=0, required=False
            )
            amount.error_messages["invalid"] = invalid
            description = long_text(_("What was done"))
            fields: tuple[forms.Field, ...] = (selected, amount, description)
            for field in fields:
                field.summary_label = format_lazy("{}: {}", label, field.label)  # type: ignore[attr-defined]
            self.fields[f"{code}_selected"] = selected
            self.fields[f"{code}_amount"] = amount
            self.fields[f"{code}_description"] = description

    def purpose_blocks(self) -> list[dict[str, Any]]:
        return [
            {
                "code": code,
                "label": label,
                "selected": self[f"{code}_selected"],
                "amount": self[f"{code}_amount"],
                "description": self[f"{code}_description"],
                "has_errors": any(
                    self[f"{code}_{part}"].errors for part in ("selected", "amount", "description")
                ),
            }
            for code, label in Purpose.choices
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        total = 0
        for code, label in Purpose.choices:
            selected = data.get(f"{code}_selected")
            amount = data.get(f"{code}_amount")
            description = data.get(f"{code}_description")
            if not selected and (amount is not None or description):
                self.add_error(
                    f"{code}_selected",
                    _("Tick “%(purpose)s” to report an amount or a description for it.")
                    % {"purpose": label},
                )
            if selected and amount is not None:
                total += amount
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end and "period_to" not in self.errors:
            self.add_error(
                "period_to",
                _("The period cannot end (%(to)s) before it begins (%(from)s).")
                % {"to": formats.day_iso(end), "from": formats.day_iso(start)},
            )
        used = data.get("amount_used")
        if used is not None and total > used and "amount_used" not in self.errors:
            self.add_error(
                "amount_used",
                _("The purposes add up to %(total)s, more than the %(used)s used.")
                % {"total": format_kronor(total), "used": format_kronor(used)},
            )
        return data

    def require_all(self) -> None:
        data = self.cleaned_data
        for name, message in SUBMIT_MESSAGES.items():
            value = data.get(name)
            if name not in self.errors and (
                value is None or value == "" or value == [] or value is False
            ):
                self.add_error(name, message)
        chosen = [code for code, _label in Purpose.choices if data.get(f"{code}_selected")]
        if not chosen and data.get("amount_used"):
            self.add_error(
                f"{Purpose.values[0]}_selected", _("Choose at least one purpose the money went to.")
            )
        labels = dict(Purpose.choices)
        for code in chosen:
            field = f"{code}_description"
            if field not in self.errors and not data.get(field):
                self.add_error(
                    field,
                    _("Describe what was done for “%(purpose)s”.") % {"purpose": labels[code]},
                )

    def to_data(self) -> ReportData:
        data = self.cleaned_data
        return ReportData(
            amount_used=data.get("amount_used"),
            period_from=data.get("period_from"),
            period_to=data.get("period_to"),
            bookkeeping=data.get("bookkeeping") or "",
            certifier_name=data.get("certifier_name") or "",
            certifier_title=data.get("certifier_title") or "",
            certified=bool(data.get("certified")),
            target_groups=tuple(data.get("target_groups") or ()),
            gender_equality=data.get("gender_equality") or "",
            child_rights=data.get("child_rights") or "",
            disability=data.get("disability") or "",
            purposes={
                code: PurposeData(
                    amount=data.get(f"{code}_amount"),
                    description=data.get(f"{code}_description") or "",
                )
                for code, _label in Purpose.choices
                if data.get(f"{code}_selected")
            },
        )


class CompletionRequestForm(forms.Form):
    message = PlainTextField(
        label=_("What the region needs to complete"),
        required=True,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The region gets this in the request and by e-mail."),
    )
