"""A form field with the markup crispy-forms' bootstrap5 pack gives it (label, help text,
error list, aria-describedby and aria-invalid), built in Python rather than through four
nested templates per field: a form page renders a dozen fields on every view.

    {% load light_fields %}{{ form.amount|as_field }}

Plain inputs, checkboxes and single selects without option groups are built here; any
other widget (radio buttons, multiple selects, files, widgets with a template of their own)
is handed to crispy unchanged."""

from typing import Any

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms import widgets
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Django's own templates of these widgets only include input.html, which _input mirrors.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "email", "number", "url", "password", "date", "tel", "search")
)
CHECKBOX_TEMPLATE = "django/forms/widgets/checkbox.html"
SELECT_TEMPLATE = "django/forms/widgets/select.html"


def _attributes(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False:
            parts.append(f' {name}="{escape(value)}"')
    return "".join(parts)


def _input(field: forms.BoundField, css: str) -> str:
    """The widget as Django's input template renders it, with crispy's classes."""
    widget = field.field.widget
    own = widget.attrs.get("class", "")
    name = widget.__class__.__name__.lower()
    classes = (own if name in own else f"{own} {name}") if own else name
    extra = " ".join(word for word in css.split() if word not in classes.split())
    attrs = field.build_widget_attrs({})
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(
        field.html_name, field.value(), {"class": f"{classes} {extra}".strip(), **attrs}
    )["widget"]
    value = context["value"]
    value_part = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{escape(context["type"])}" name="{escape(context["name"])}"'
        f"{value_part}{_attributes(context['attrs'])}>"
    )


def _select(field: forms.BoundField, invalid: str) -> str:
    """A single select as crispy's bootstrap5 pack writes it: its own classes, then the
    field's aria attributes, then the id; an option per choice, the chosen one selected."""
    attrs = field.build_widget_attrs({})
    value = field.value()
    chosen = "" if value is None else str(value)
    options = "".join(
        f'\n<option value="{escape(key)}"{" selected" if str(key) == chosen else ""}>'
        f"{conditional_escape(label)}</option>"
        for key, label in field.field.choices  # type: ignore[attr-defined]
    )
    return (
        f'<select name="{escape(field.html_name)}" class="select form-select{invalid}"'
        f'{_attributes(attrs)} id="{escape(field.auto_id)}">{options}\n</select>'
    )


def _is_plain_select(field: forms.BoundField) -> bool:
    widget = field.field.widget
    choices = getattr(field.field, "choices", ())
    return (
        type(widget) is forms.Select
        and widget.template_name == SELECT_TEMPLATE
        and not widget.attrs
        and not any(isinstance(label, list | tuple) for _key, label in choices)
    )


def _help_and_errors(field: forms.BoundField) -> str:
    """As crispy's help_text_and_errors.html: the errors, then the help text."""
    parts = []
    if field.errors:
        parts.append(f'<div id="{field.auto_id}_error" class="invalid-feedback">')
        for number, error in enumerate(field.errors, start=1):
            parts.append(
                f'<p id="error_{number}_{field.auto_id}"><strong>{conditional_escape(str(error))}'
                "</strong></p>"
            )
        parts.append("</div>")
    if field.help_text:
        ident = f'id="{field.auto_id}_helptext" ' if field.auto_id else ""
        parts.append(f'<div {ident}class="form-text">{field.help_text}</div>')
    return "\n".join(parts)


def _label_text(field: forms.BoundField) -> str:
    star = '<span class="asteriskField">*</span>' if field.field.required else ""
    return f"{conditional_escape(field.label)}{star}"


def _wrapper_classes(field: forms.BoundField, base: str) -> str:
    css = field.css_classes()
    return f"{base} {css}" if css else base


@register.filter
def as_field(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    required = " requiredField" if field.field.required else ""
    if field.is_hidden:
        return mark_safe(str(field))  # noqa: S308 - Django's own rendering  # nosec B308 B703
    if isinstance(widget, forms.CheckboxInput) and widget.template_name == CHECKBOX_TEMPLATE:
        invalid = " is-invalid" if field.errors else ""
        html = (
            f'<div class="mb-3">\n<div id="div_{field.auto_id}" '
            f'class="{_wrapper_classes(field, "form-check")}">\n'
            f"{_input(field, 'form-check-input' + invalid)}\n"
            f'<label for="{field.id_for_label}" class="form-check-label{required}">'
            f"{_label_text(field)}</label>\n{_help_and_errors(field)}\n</div>\n</div>"
        )
        return mark_safe(html)  # noqa: S308 - every value above is escaped  # nosec B308 B703
    if _is_plain_select(field):
        invalid = " is-invalid" if field.errors else ""
        html = (
            f'<div id="div_{field.auto_id}" class="{_wrapper_classes(field, "mb-3")}">\n'
            f'<label for="{field.id_for_label}" class="form-label{required}">'
            f"{_label_text(field)}</label>\n{_select(field, invalid)}\n"
            f"{_help_and_errors(field)}\n</div>"
        )
        return mark_safe(html)  # noqa: S308 - every value above is escaped  # nosec B308 B703
    if (
        isinstance(widget, widgets.Input)
        and not isinstance(widget, forms.FileInput)
        and widget.template_name in INPUT_TEMPLATES
    ):
        invalid = " is-invalid" if field.errors else ""
        label = (
            f'<label for="{field.id_for_label}" class="form-label{required}">'
            f"{_label_text(field)}</label>\n"
            if field.label
            else ""
        )
        html = (
            f'<div id="div_{field.auto_id}" class="{_wrapper_classes(field, "mb-3")}">\n'
            f"{label}{_input(field, 'form-control' + invalid)}\n{_help_and_errors(field)}\n</div>"
        )
        return mark_safe(html)  # noqa: S308 - every value above is escaped  # nosec B308 B703
    return as_crispy_field(field)
