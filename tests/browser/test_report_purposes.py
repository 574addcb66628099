"""The report form in a browser: a purpose's fields open when it is ticked and fold when it
is not; the language changes with one click."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_purpose_opens_its_fields_when_ticked(
    context, page, live_server, paid_case, region_submitter
):
    sign_in(context, live_server, region_submitter)
    page.goto(f"{live_server.url}/region/01/bidrag/2025/redovisning/")
    details = page.locator("#purpose-stepped_care-details")
    box = page.locator("#id_stepped_care_selected")
    assert details.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    box.check()
    assert details.is_visible()
    assert box.get_attribute("aria-expanded") == "true"
    box.uncheck()
    assert details.is_hidden()

    page.get_by_role("button", name="In English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="På svenska").is_visible()
