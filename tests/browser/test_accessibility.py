"""axe-core (WCAG 2.0 and 2.1, levels A and AA) finds nothing on any page a user can reach,
as any role, nor on the main forms showing their errors; and each of those pages reflows at
320 CSS px (tests/browser/reflow.py), checked in the same visit. See docs/accessibility.md."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import RegionRole
from tests import factories
from tests.browser.conftest import new_context, sign_in
from tests.browser.pages import (
    EXCLUDED,
    ROLE_ROUTES,
    Findings,
    build_site,
    check_page,
    check_pages,
    role_urls,
)
from tests.requisitions.conftest import BEFORE_DEADLINE
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()


def sign_in_without_second_factor(context, live_server, user) -> None:
    """The session after the password and before the second factor."""
    client = Client()
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


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(
        f"== {role} ==\n" + "\n".join(lines) for role, lines in problems.items() if lines
    )


def report_findings(findings: dict[str, Findings]) -> str:
    """axe's violations and the reflow problems as two separate lists, each by role."""
    sections = []
    axe = {role: found.axe for role, found in findings.items()}
    reflow = {role: found.reflow for role, found in findings.items()}
    if any(axe.values()):
        sections.append("######## axe-core (1280 px wide) ########\n" + report(axe))
    if any(reflow.values()):
        sections.append("######## reflow (320 px wide) ########\n" + report(reflow))
    return "\n".join(sections)


def assert_no_findings(findings: dict[str, Findings]) -> None:
    assert not any(found.axe or found.reflow for found in findings.values()), (
        "\n" + report_findings(findings)
    )


def test_every_route_is_visited_or_excluded_with_a_reason():
    routes = {route.name for route in all_routes()}
    visited = {name for names in ROLE_ROUTES.values() for name in names}
    missing = sorted(routes - visited - set(EXCLUDED))
    assert not missing, "No role visits these pages; add them to ROLE_ROUTES or EXCLUDED: " + (
        ", ".join(missing)
    )
    assert not (set(EXCLUDED) | visited) - routes, "Routes that no longer exist"
    assert not set(EXCLUDED) & visited, "Visited and excluded at once"
    assert all(reason.strip() for reason in EXCLUDED.values())


# The roles with the most pages walk them in shares: every share-th page, one share per test.
SHARES = {"auditor": 4, "officer": 2}
WALKS = [
    pytest.param(
        role, share, id=f"{role}-{share + 1}-of-{SHARES[role]}" if role in SHARES else role
    )
    for role in ROLE_ROUTES
    for share in range(SHARES.get(role, 1))
]


@pytest.mark.parametrize(("role", "share"), WALKS)
def test_every_page_for_every_role_has_no_axe_violations_and_reflows_at_320_px(
    browser, live_server, regions, role, share
):
    """One test per role (or share of a role's pages), so that the walks run side by side
    (tests/conftest.py gives each browser test its own unit of work in a parallel run)."""
    site = build_site()
    urls = role_urls(role, site)[share :: SHARES.get(role, 1)]
    findings: dict[str, Findings] = {}
    context = new_context(browser, live_server)
    try:
        if role == "unverified":
            # Staff must use a second factor. One without an authenticator is told to ask
            # for an enrolment link (two_factor) and follows it (two_factor_enrol_link);
            # one with an authenticator is asked for the code (two_factor).
            sign_in_without_second_factor(context, live_server, site.users["unverified"])
            page = context.new_page()
            findings[role] = check_pages(AXE, page, urls)
            context.clear_cookies()
            sign_in_without_second_factor(context, live_server, site.users["officer"])
            findings[role] += check_pages(AXE, page, [reverse("accounts:two_factor")])
        else:
            if role != "anonymous":
                sign_in(context, live_server, site.users[role])
            findings[role] = check_pages(AXE, context.new_page(), urls)
    finally:
        context.close()
    assert_no_findings(findings)


def submit_and_check(page, url: str, fill: dict[str, str], button: str) -> Findings:
    page.goto(url)
    for selector, value in fill.items():
        page.fill(selector, value)
    page.click(button)
    page.wait_for_load_state()
    if not page.locator("#error-summary").is_visible():
        return Findings(axe=[f"{url}: the form shows no error summary after an invalid submission"])
    return check_page(AXE, page, f"{url} (showing errors)")


def test_the_main_forms_showing_their_errors_have_no_axe_violations_and_reflow(
    browser, live_server, paid_case, region_submitter, officer, time_machine
):
    findings: dict[str, Findings] = {}
    context = new_context(browser, live_server)
    page = context.new_page()
    findings["anonymous"] = submit_and_check(
        page,
        reverse("accounts:login"),
        {"#id_username": "ingen@example.test", "#id_password": "fel-lösenord"},
        "main button[type=submit]",
    )
    sign_in(context, live_server, region_submitter)
    case_kwargs = {"county_code": "01", "year": 2025}
    findings["submitter"] = submit_and_check(
        page,
        reverse("reports:form", kwargs=case_kwargs),
        {"#id_amount_used": "inte ett belopp"},
        "button[value=submit]",
    )
    context.clear_cookies()
    sign_in(context, live_server, officer)
    findings["officer"] = submit_and_check(
        page, reverse("grants:register"), {}, "main form[novalidate] button[type=submit]"
    )
    findings["officer"] += submit_and_check(
        page,
        reverse("repayments:list"),
        {"#id_amount": "inte ett belopp"},
        "main form[novalidate] button[type=submit]",
    )
    context.close()
    assert_no_findings(findings)


def test_the_requisition_form_showing_its_errors_has_no_axe_violations_and_reflows(
    browser, live_server, grant_2025, stockholm, time_machine
):
    time_machine.move_to(BEFORE_DEADLINE, tick=True)
    submitter = factories.region_user(stockholm, RegionRole.SUBMITTER)
    context = new_context(browser, live_server)
    sign_in(context, live_server, submitter)
    findings = submit_and_check(
        context.new_page(),
        reverse("requisitions:form", kwargs={"county_code": "01", "year": 2025}),
        {"#id_amount": "inte ett belopp"},
        "button[value=submit]",
    )
    context.close()
    assert_no_findings({"submitter": findings})


def test_the_confirmation_step_has_no_axe_violations_and_reflows(
    browser, live_server, grant_2025, stockholm, officer, time_machine
):
    """The page every irreversible act shows first (core.confirm), here before a decision."""
    from requisitions.services import requisition_submit
    from tests.requisitions.conftest import valid_data

    time_machine.move_to(BEFORE_DEADLINE, tick=True)
    submitter = factories.region_user(stockholm, RegionRole.SUBMITTER)
    case = grant_2025.cases.get(region=stockholm)
    requisition = requisition_submit(case=case, data=valid_data(), version=0, actor=submitter)
    context = new_context(browser, live_server)
    sign_in(context, live_server, officer)
    page = context.new_page()
    page.goto(reverse("requisitions:review", kwargs={"pk": requisition.pk}))
    page.get_by_role("button", name="Besluta om utbetalning").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Bekräfta: Besluta om utbetalning").is_visible()
    findings = check_page(AXE, page, "the confirmation step")
    context.close()
    assert_no_findings({"officer": findings})
