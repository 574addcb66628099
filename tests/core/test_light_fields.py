"""The light field filter gives each field the markup crispy gives it (label, help text,
the Swedish error list, aria-describedby and aria-invalid, the kept input), on the forms
that use it, with and without errors."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.utils import translation

from core.templatetags.light_fields import as_field
from reporting.forms import OverviewFilterForm
from reports.forms import ReportForm
from requisitions.forms import RequisitionForm


def normalised(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*([<>])\s*", r"\1", html).replace("<div >", "<div>")


def requisition_form(data=None) -> RequisitionForm:
    return RequisitionForm(
        data,
        initial={"amount": 100_000_000, "version": 0, "contact_name": "Sara <Sten>"},
        allocation=100_000_000,
        organisation_number="232100-0016",
        diarienummer="S2025/01234",
    )


REQUISITION_POST = {
    "version": "0",
    "amount": "abc",
    "account_number": "12",
    "contact_email": "x",
    "contact_name": "Sara & <b>",
    "attested": "on",
}
REPORT_POST = {
    "version": "0",
    "amount_used": "12 000 000 000",
    "period_from": "2025-01-01",
    "period_to": "2024-01-01",
    "stepped_care_selected": "on",
    "stepped_care_amount": "x",
}
REPORT_TEXT_POST = {
    "version": "0",
    "bookkeeping": "<b>bold</b>",
    "gender_equality": "Two lines\r\nof <text> & more",
    "target_groups": ["children", "nobody"],
}


@pytest.mark.parametrize(
    "form",
    [
        lambda: requisition_form(),
        lambda: requisition_form(REQUISITION_POST),
        lambda: ReportForm(initial={"version": 0}, received=11_580_081_200),
        lambda: ReportForm(REPORT_POST, received=11_580_081_200),
        lambda: ReportForm(REPORT_TEXT_POST, received=11_580_081_200),
        lambda: ReportForm(
            initial={"version": 0, "target_groups": ["adults"], "child_rights": "A & <b>"},
            received=11_580_081_200,
        ),
        lambda: OverviewFilterForm({"steg": "report", "status": "<b>", "per": "2999-01-01"}),
        lambda: OverviewFilterForm({"steg": "requisition", "status": "", "per": ""}),
    ],
    ids=[
        "requisition",
        "requisition with errors",
        "report",
        "report with errors",
        "report's texts and target groups with errors",
        "report's saved texts and target groups",
        "overview filters with errors",
        "overview filters",
    ],
)
def test_every_field_is_marked_up_as_crispy_marks_it_up(form, request):
    with translation.override("sv"):
        bound = form()
        if bound.is_bound:
            bound.is_valid()
            assert bool(bound.errors) == ("errors" in request.node.callspec.id)
        for field in bound:
            assert normalised(as_field(field)) == normalised(as_crispy_field(field)), field.name


def test_the_overview_filters_are_written_without_crispy(monkeypatch):
    """Its selects and date input are built by the filter itself, not handed on."""
    from core.templatetags import light_fields

    def refuse(field):
        raise AssertionError(f"{field.name} was handed to crispy")

    monkeypatch.setattr(light_fields, "as_crispy_field", refuse)
    form = OverviewFilterForm({"steg": "report", "status": "x", "per": ""})
    form.is_valid()
    html = "".join(as_field(field) for field in form)
    assert '<option value="report" selected>' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    "form",
    [
        lambda: requisition_form(REQUISITION_POST),
        lambda: ReportForm(REPORT_TEXT_POST, received=11_580_081_200),
    ],
    ids=["requisition", "report"],
)
def test_the_forms_are_written_without_crispy(form, monkeypatch):
    """Radio buttons, checkboxes and text areas too are built by the filter itself, and a text
    area keeps what was written exactly (line breaks included), escaped."""
    from core.templatetags import light_fields

    def refuse(field):
        raise AssertionError(f"{field.name} was handed to crispy")

    bound = form()
    bound.is_valid()
    with translation.override("sv"):
        expected = {field.name: as_crispy_field(field) for field in bound}
        monkeypatch.setattr(light_fields, "as_crispy_field", refuse)
        html = {field.name: as_field(field) for field in bound}
    assert html["version"] == str(bound["version"])  # the hidden input, exactly
    for name, markup in html.items():
        assert normalised(markup) == normalised(expected[name]), name
        textarea = re.search(r"<textarea.*?</textarea>", markup, re.S)
        if textarea:
            assert textarea.group(0) in expected[name], name
