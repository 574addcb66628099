"""The skip link is the first stop for a keyboard user and takes focus to the content."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(
    context, page, live_server, regions, region_submitter
):
    sign_in(context, live_server, region_submitter)
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.inner_text() == "Hoppa till huvudinnehållet"
    assert focused.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
