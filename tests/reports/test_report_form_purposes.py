"""The report form: each purpose printed once, its fields folded by a script until ticked,
errors that name the purpose, and examples from the region's own amount."""

import pytest

from reports.forms import ReportForm

from .helpers import report_post

pytestmark = pytest.mark.django_db
URL = "/region/01/bidrag/2025/redovisning/"
STEPPED = "Stegvisa vårdmodeller vid psykisk ohälsa"


def test_each_purpose_is_printed_once_and_its_fields_fold_with_a_script(
    client, paid_case, region_submitter
):
    client.force_login(region_submitter)
    html = client.get(URL).content.decode()
    assert html.count(STEPPED) == 1
    assert 'id="purpose-stepped_care-details"' in html
    assert 'src="/static/js/purposes.js"' in html
    assert "<script>" not in html  # CSP: no inline script


def test_the_error_summary_names_the_purpose_of_a_field(client, paid_case, region_submitter):
    client.force_login(region_submitter)
    html = client.post(URL, report_post(stepped_care_amount="sextio")).content.decode()
    assert f"{STEPPED}: Belopp för ändamålet" in html  # in the summary
    assert "Ange beloppet i kronor med siffror, till exempel 115\u00a0800\u00a0812" in html


def test_the_examples_fit_the_region_s_own_amount():
    """A region paid 10 469 478 kr (Norrbotten's size) is not shown Stockholm's amount."""
    form = ReportForm(data={"amount_used": "mycket", "version": "0"}, received=1_046_947_800)
    assert not form.is_valid()
    message = form.errors["amount_used"][0]
    assert "10\u00a0469\u00a0478" in message
    assert "115" not in message
    assert "10\u00a0469\u00a0478" in str(form.fields["amount_used"].help_text)
