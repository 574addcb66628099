"""Form fields for Swedish input: amounts in kronor (stored as öre), plain text without markup."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .money import AmountError, format_kronor, parse_amount
from .workdays import NOT_BANKING_DAY

_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|&#|javascript:", re.IGNORECASE)


def validate_no_markup(value: str) -> None:
    """Plain text only: a text field is not a place for HTML or script."""
    if value and _MARKUP.search(value):
        raise ValidationError(
            _("Write plain text without HTML code (no tags such as <b> or <script>)."),
            code="markup",
        )


# A length limit, said the same way at every field.
MAX_LENGTH_MESSAGE = _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")


class PlainTextField(forms.CharField):
    """A CharField that strips, refuses markup and states its length limit in Swedish."""

    def __init__(self, *, max_length: int = 200, **kwargs: Any):
        kwargs.setdefault("required", False)
        super().__init__(max_length=max_length, **kwargs)
        self.validators.append(validate_no_markup)
        self.error_messages["max_length"] = MAX_LENGTH_MESSAGE


class AmountField(forms.Field):
    """An amount in kronor as Swedes write it ("115 800 812", "115 800 812,00"); cleans to öre."""

    default_error_messages = {
        "empty": _("Enter an amount."),
        "invalid": _(
            "Enter the amount in kronor with digits only, e.g. 115 800 812 or 115 800 812,00."
        ),
        "too_many_decimals": _("Öre can have at most two decimals."),
        "too_large": _("The amount is too large."),
        "min_value": _("Enter an amount greater than zero."),
        "max_value": _("The amount may be at most %(limit)s."),
    }
    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, min_ore: int | None = 1, max_ore: int | None = None, **kwargs: Any):
        self.min_ore = min_ore
        self.max_ore = max_ore
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return format_kronor(value, unit=False)
        return value

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        try:
            return parse_amount(str(value))
        except AmountError as error:
            raise ValidationError(self.error_messages[error.code], code=error.code) from None

    def validate(self, value: int | None) -> None:
        if value is None:
            if self.required:
                raise ValidationError(self.error_messages["empty"], code="required")
            return
        if self.min_ore is not None and value < self.min_ore:
            raise ValidationError(self.error_messages["min_value"], code="min_value")
        if self.max_ore is not None and value > self.max_ore:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": format_kronor(self.max_ore)},
            )


_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,30}$")


def validate_phone(value: str) -> None:
    if value and (not _PHONE.match(value) or sum(c.isdigit() for c in value) < 6):
        raise ValidationError(
            _("Enter a phone number with digits, e.g. 08-123 456 78 or +46 8 123 456 78."),
            code="phone",
        )


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: at the field where it names one.

    A date refused because it is not a banking day is replaced in the field by the next
    banking day the message offers, so the officer saves again with one click; the rest
    of what was typed stays as it was.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            if field in form.fields:
                for item in errors:
                    if item.code == NOT_BANKING_DAY and item.params:
                        offer_value(form, field, item.params["next"])
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def offer_value(form: forms.BaseForm, field: str, value: str) -> None:
    """Show ``value`` in a bound form's field when the form is rendered again."""
    data: Any = form.data
    data = data.copy()  # a QueryDict's copy is mutable and keeps every value of a field
    data[form.add_prefix(field)] = value
    form.data = data
