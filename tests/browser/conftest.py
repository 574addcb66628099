"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

Playwright's synchronous API runs an event loop in the test's thread; Django refuses ORM
calls from a thread with a running loop unless told it is safe, which it is here (the test
and the server never share a connection)."""

import os
import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings

from tests.support.clients import VerifiedClient

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        message = (
            f"the browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        )
        if os.environ.get("STATSBIDRAG_REQUIRE_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # From here to the end of the run the loop is there, so the permission stays with it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started after the test database is made, so that it stops
    (closing its connections) before the database is dropped at the end of the run, also
    when a browser test is the first test of a process (tests/support/scheduling.py)."""
    return live_server


def new_context(browser, live_server):
    """A fresh browser profile on the live server, in Swedish and Stockholm time. The pages'
    Content Security Policy does not stop axe: Playwright's evaluate() runs scripts through
    the DevTools protocol, which CSP does not govern."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def context(browser, live_server) -> Iterator:
    context = new_context(browser, live_server)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def sign_in(context, live_server, user) -> None:
    """Give the browser the session a completed login gives (second factor included), for
    tests about what comes after the login."""
    client = VerifiedClient()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
