"""Logging in with e-ID in the browser, through the real test provider
(tests/support/oidc_provider): the login page offers it, the provider's own login form is
filled in, and the service logs the person in by the personnummer in the signed ID token.
The service's pages on the way (the login page with e-ID, with a refusal, the account page)
have no axe violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.models import RegionRole
from accounts.services import personnummer_bind
from records.models import AuditAction, AuditEvent
from tests import factories
from tests.browser.conftest import new_context
from tests.browser.pages import check_page
from tests.support.oidc_provider import LOA3, OFFICER_PNR, PASSWORD, SUBMITTER_PNR

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()
PROVIDER_ORIGIN = "http://127.0.0.1:"  # the service runs on localhost


def log_in_at_provider(page, username: str) -> None:
    """At the provider's own login form (another origin), as ``username``; back at the
    service after it."""
    page.wait_for_url(lambda url: url.startswith(PROVIDER_ORIGIN))
    page.get_by_label("Användare").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Identifiera mig").click()
    page.wait_for_url(lambda url: not url.startswith(PROVIDER_ORIGIN))
    page.wait_for_load_state()


def test_an_officer_logs_in_with_e_id_and_no_code(browser, live_server, eid, regions):
    officer = factories.officer(full_name="Olivia Handläggare")
    personnummer_bind(user=officer, personnummer=OFFICER_PNR, how="operator")
    findings = []
    context = new_context(browser, live_server)
    page = context.new_page()
    page.goto("/konto/logga-in/?next=/konto/")
    findings += check_page(AXE, page, "the login page with e-ID").axe
    page.get_by_role("link", name="Logga in med e-legitimation").click()
    log_in_at_provider(page, "officer")
    assert page.url == f"{live_server.url}/konto/"  # no code asked
    text = page.content()
    assert "Olivia Handläggare" in text
    assert "19850709-9805" in text  # in full on the own account page
    assert f"e-legitimation (tillitsnivå {LOA3})" in text
    findings += check_page(AXE, page, "the account page after an e-ID login").axe
    context.close()
    assert not findings, "\n".join(findings)


def test_a_lower_assurance_level_asks_an_officer_for_the_code(browser, live_server, eid, regions):
    officer = factories.officer(full_name="Olivia Handläggare")
    personnummer_bind(user=officer, personnummer=OFFICER_PNR, how="operator")
    context = new_context(browser, live_server)
    page = context.new_page()
    page.goto("/konto/logga-in/")
    page.get_by_role("link", name="Logga in med e-legitimation").click()
    log_in_at_provider(page, "officer-low")
    assert "/konto/tvafaktor/" in page.url
    context.close()


def test_an_unknown_personnummer_is_refused_in_the_browser(browser, live_server, eid, regions):
    context = new_context(browser, live_server)
    page = context.new_page()
    page.goto("/konto/logga-in/")
    page.get_by_role("link", name="Logga in med e-legitimation").click()
    log_in_at_provider(page, "unknown")
    assert page.url == f"{live_server.url}/konto/logga-in/"
    assert "Inget konto i tjänsten har ditt personnummer" in page.content()
    findings = check_page(AXE, page, "the login page refusing an e-ID").axe
    context.close()
    assert not findings, "\n".join(findings)


def test_a_region_user_connects_their_e_id_and_acts_with_its_level(
    browser, live_server, eid, stockholm
):
    """Logged in with the password, the ombud connects their e-ID on the account page; then
    logs in with it, and what they do carries the assurance level in the audit trail."""
    from tests.browser.conftest import sign_in

    ombud = factories.region_user(stockholm, RegionRole.ADMIN, full_name="Sara Ombud")
    context = new_context(browser, live_server)
    sign_in(context, live_server, ombud)
    page = context.new_page()
    page.goto("/konto/")
    findings = check_page(AXE, page, "the account page offering to connect an e-ID").axe
    page.get_by_role("button", name="Koppla min e-legitimation").click()
    log_in_at_provider(page, "submitter")
    assert "Din e-legitimation är kopplad" in page.content()
    ombud.refresh_from_db()
    assert ombud.personnummer == SUBMITTER_PNR.replace("-", "")
    context.close()

    context = new_context(browser, live_server)
    page = context.new_page()
    page.goto("/konto/logga-in/?next=/region/01/anvandare/")
    page.get_by_role("link", name="Logga in med e-legitimation").click()
    log_in_at_provider(page, "submitter")
    assert page.url == f"{live_server.url}/region/01/anvandare/"
    assert "900101-XXXX" in page.content()  # masked outside the own account page
    page.fill("#id_email", "ny.person@region.test")
    page.fill("#id_full_name", "Ny Person")
    page.get_by_label("Uppgiftssamordnare").check()
    page.get_by_role("button", name="Skicka inbjudan").click()
    page.wait_for_load_state()
    event = AuditEvent.objects.get(action=AuditAction.USER_INVITED)
    assert event.data["assurance"] == {"login": "e-id", "acr": LOA3}
    context.close()
    assert not findings, "\n".join(findings)
