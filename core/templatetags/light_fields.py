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
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
CHOICE_TEMPLATES = frozenset(
    ("django/forms/widgets/radio.html", "django/forms/widgets/checkbox_select.html")
)


def _attributes(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False:
            parts.append(f' {name}="{escape(value)}"')
    return "".join(parts)


def _widget_context(field: forms.BoundField, css: str) -> dict[str, Any]:
    """The widget's context as crispy's crispy_field tag hands it to the widget's template:
    the widget's own class name and crispy's classes, then the field's attributes."""
    widget = field.field.widget
    own = widget.attrs.get("class", "")
    name = widget.__class__.__name__.lower()
    classes = (own if name in own else f"{own} {name}") if own else name
    extra = " ".join(word for word in css.split() if word not in classes.split())
    attrs = field.build_widget_attrs({})
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return widget.get_context(
        field.html_name, field.value(), {"class": f"{classes} {extra}".strip(), **attrs}
    )["widget"]


def _input(field: forms.BoundField, css: str) -> str:
    """The widget as Django's input template renders it, with crispy's classes."""
    return _input_markup(_widget_context(field, css))


def _hidden(field: forms.BoundField) -> str:
    """A hidden input as the bound field renders itself (no classes)."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({})
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return _input_markup(widget.get_context(field.html_name, field.value(), attrs)["widget"])


def _input_markup(context: dict[str, Any]) -> str:
    """As Django's input.html."""
    value = context["value"]
    value_part = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{escape(context["type"])}" name="{escape(context["name"])}"'
        f"{value_part}{_attributes(context['attrs'])}>"
    )


def _textarea(field: forms.BoundField, css: str) -> str:
    """As Django's textarea template: the value after a line break, escaped."""
    context = _widget_context(field, css)
    value = context["value"]
    return (
        f'<textarea name="{escape(context["name"])}"{_attributes(context["attrs"])}>\n'
        f"{escape(value) if value else ''}</textarea>"
    )


def _choices(field: forms.BoundField, invalid: str) -> str | None:
    """Radio buttons or checkboxes as crispy's radio_checkbox_select.html writes them (the
    errors after the last option), or None when the choices have groups."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)  # type: ignore[attr-defined]
    if any(group for group, _options, _index in groups):
        return None
    options = [option for _group, group_options, _index in groups for option in group_options]
    name = escape(field.html_name)
    parts = []
    for number, option in enumerate(options, start=1):
        errors = ""
        if field.errors and number == len(options):
            errors = _errors(field)
        parts.append(
            f'<div class="form-check">\n<input type="{escape(option["type"])}" '
            f'class="form-check-input{invalid}" name="{name}" value="{escape(option["value"])}"'
            f'{_attributes(option["attrs"])}>\n<label for="{escape(option["attrs"].get("id", ""))}"'
            f' class="form-check-label">{conditional_escape(option["label"])}</label>\n'
            f"{errors}</div>"
        )
    return "<div>\n" + "\n".join(parts) + "\n</div>"


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


def _errors(field: forms.BoundField) -> str:
    """As crispy's field_errors_block.html."""
    if not field.errors:
        return ""
    lines = (
        f'<p id="error_{number}_{field.auto_id}"><strong>{conditional_escape(str(error))}'
        "</strong></p>"
        for number, error in enumerate(field.errors, start=1)
    )
    return (
        f'<div id="{field.auto_id}_error" class="invalid-feedback">\n'
        + "\n".join(lines)
        + "\n</div>"
    )


def _help(field: forms.BoundField) -> str:
    """As crispy's help_text.html."""
    if not field.help_text:
        return ""
    ident = f'id="{field.auto_id}_helptext" ' if field.auto_id else ""
    return f'<div {ident}class="form-text">{field.help_text}</div>'


def _help_and_errors(field: forms.BoundField) -> str:
    """As crispy's help_text_and_errors.html: the errors, then the help text."""
    return "\n".join(part for part in (_errors(field), _help(field)) if part)


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
        if (
            type(widget) is forms.HiddenInput
            and widget.template_name == "django/forms/widgets/hidden.html"
            and not field.field.show_hidden_initial
            and not field.field.localize
        ):
            return mark_safe(_hidden(field))  # noqa: S308 - every value is escaped  # nosec
        return mark_safe(str(field))  # noqa: S308 - Django's own rendering  # nosec
    if isinstance(widget, forms.CheckboxInput) and widget.template_name == CHECKBOX_TEMPLATE:
        invalid = " is-invalid" if field.errors else ""
        html = (
            f'<div class="mb-3">\n<div id="div_{field.auto_id}" '
            f'class="{_wrapper_classes(field, "form-check")}">\n'
            f"{_input(field, 'form-check-input' + invalid)}\n"
            f'<label for="{field.id_for_label}" class="form-check-label{required}">'
            f"{_label_text(field)}</label>\n{_help_and_errors(field)}\n</div>\n</div>"
        )
        return mark_safe(html)  # noqa: S308 - every value above is escaped  # nosec
    if _is_plain_select(field):
        invalid = " is-invalid" if field.errors else ""
        html = (
            f'<div id="div_{field.auto_id}" class="{_wrapper_classes(field, "mb-3")}">\n'
            f'<label for="{field.id_for_label}" class="form-label{required}">'
            f"{_label_text(field)}</label>\n{_select(field, invalid)}\n"
            f"{_help_and_errors(field)}\n</div>"
        )
        return mark_safe(html)  # noqa: S308 - every value above is escaped  # nosec
    if type(widget) is forms.Textarea and widget.template_name == TEXTAREA_TEMPLATE:
        invalid = " is-invalid" if field.errors else ""
        label = (
            f'<label for="{field.id_for_label}" class="form-label{required}">'
            f"{_label_text(field)}</label>\n"
            if field.label
            else ""
        )
        html = (
            f'<div id="div_{field.auto_id}" class="{_wrapper_classes(field, "mb-3")}">\n'
            f"{label}{_textarea(field, 'form-control' + invalid)}\n"
            f"{_help_and_errors(field)}\n</div>"
        )
        return mark_safe(html)  # noqa: S308 - every value above is escaped  # nosec
    if type(widget) in (forms.RadioSelect, forms.CheckboxSelectMultiple) and (
        widget.template_name in CHOICE_TEMPLATES
    ):
        choices = _choices(field, " is-invalid" if field.errors else "")
        if choices is not None:
            if field.label:
                described = field.aria_describedby
                aria = f' aria-describedby="{escape(described)}"' if described else ""
                label_for = f' for="{field.id_for_label}"' if field.id_for_label else ""
                opening = (
                    f'<fieldset{aria}>\n<legend{label_for} class="form-label{required} fs-6">'
                    f"{_label_text(field)}</legend>\n"
                )
                closing = "\n</fieldset>"
            else:
                opening = closing = ""
            html = (
                f'<div id="div_{field.auto_id}" class="{_wrapper_classes(field, "mb-3")}">\n'
                f"{opening}{choices}\n{_help(field)}{closing}\n</div>"
            )
            return mark_safe(html)  # noqa: S308 - every value above is escaped  # nosec
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
        return mark_safe(html)  # noqa: S308 - every value above is escaped  # nosec
    return as_crispy_field(field)
