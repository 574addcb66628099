"""The second factor cannot be skipped, walked over the whole service.

A *half logged-in* session (the password given through the login form, the second factor
the user needs not yet) asks for every URL of the application (``tests/urlwalk.py``, with
the permission matrix's data) and every page of the admin site (the index, each app, and
for every registered model its list, the add page and an existing row's change, history
and delete pages), with GET and POST. Each answer must be a redirect to the code page or
to the login page, the code page itself, or what an anonymous visitor gets from a public
page; no statement may write a row (the session aside: every statement is captured, so a
row that changed would show as its INSERT, UPDATE or DELETE); no page may show the user's name, the menu or the link to the account page. It is done as
an officer, an auditor, an administrator (superuser) and a region user who has enrolled an
authenticator, each with one, and as a new officer with no authenticator at all.

Then a fully logged-in session whose recent authentication is older than
``REAUTH_MAX_AGE_MINUTES`` asks for every URL whose view needs a recent one (found by
introspection: the view class has ``RecentAuthenticationRequiredMixin``), as each persona
the matrix lets through: each is sent to confirm (``/konto/bekrafta/``) and changes nothing.
"""

import datetime as dt

from django.conf import settings
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import HALF_LOGGED_IN_MAY_OPEN
from accounts.mixins import RecentAuthenticationRequiredMixin
from accounts.models import User
from accounts.security import AUTH_AT_SESSION_KEY
from demo.management.commands.demo import DEMO_PASSWORD
from tests import factories
from tests.support.clients import VerifiedClient
from tests.support.rows import row_counts, writes
from tests.urlwalk import all_routes

from .conftest import PERSONA_EMAILS, TODAY
from .test_matrix import (
    LOGIN,
    PERSONAS,
    REDIRECT,
    REFUSED,
    body_of,
    expected_for,
    outcome,
    url_for,
)

CODE_PAGE = "/konto/tvafaktor/"
REAUTHENTICATE = "/konto/bekrafta/"
# The steps of logging in, open to the half logged-in session and not to anonymous visitors.
STEPS = {"accounts:two_factor", "accounts:two_factor_enrol_link", "accounts:logout"}
# Whose enrolment link the matrix's data holds (tests/permissions/conftest.py).
LINK_OWNER = "officer"


# --- Who asks --------------------------------------------------------------------------------


def _users() -> dict[str, tuple[User, str]]:
    """persona -> (user, password). Each needs a second factor; all but the last have one."""
    officer = User.objects.get(email=PERSONA_EMAILS["officer"])
    auditor = User.objects.get(email=PERSONA_EMAILS["auditor"])
    superuser = factories.UserFactory(
        email="admin@socialstyrelsen.test", is_staff=True, is_superuser=True
    )
    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    region_user = User.objects.get(email=PERSONA_EMAILS["admin"])
    TOTPDevice.objects.create(user=region_user, name="app", confirmed=True)
    newcomer = factories.officer(email="ny-handlaggare@socialstyrelsen.test")
    return {
        "officer": (officer, DEMO_PASSWORD),
        "auditor": (auditor, DEMO_PASSWORD),
        "superuser": (superuser, factories.PASSWORD),
        "region admin with an authenticator": (region_user, DEMO_PASSWORD),
        "officer without an authenticator": (newcomer, factories.PASSWORD),
    }


def half_logged_in(user: User, password: str) -> str:
    """Log in through the login form with the password only; the session's key."""
    client = Client()
    response = client.post("/konto/logga-in/", {"username": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/")["Location"].startswith(f"{CODE_PAGE}?next="), user.email
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def client_with(session_key: str) -> Client:
    """A fresh client on the session (a logout answered earlier forgets no cookie here)."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


# --- What may be asked --------------------------------------------------------------------------


def admin_urls() -> list[str]:
    """The admin site's index, each app's page, and each registered model's list and add
    page, and an existing row's change, history and delete pages."""
    urls = [reverse("admin:index")]
    for app_label in sorted({model._meta.app_label for model in admin.site._registry}):
        urls.append(reverse("admin:app_list", kwargs={"app_label": app_label}))
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            urls += [
                reverse(f"{prefix}_{page}", args=[row.pk])
                for page in ("change", "history", "delete")
            ]
    return urls


def public_routes(matrix) -> dict[str, dict[str, str]]:
    """Routes an anonymous visitor gets something from other than the login page, with what
    they get (the matrix's cells)."""
    found = {}
    for route in all_routes():
        expected = expected_for(route, matrix)
        if expected["GET"]["anonymous"] != LOGIN or expected["POST"]["anonymous"] != LOGIN:
            found[route.name] = {method: cells["anonymous"] for method, cells in expected.items()}
    return found


def request(client: Client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, {"action": "submit"})


def changed_nothing(before: dict[str, int] | None, captured: list[dict[str, str]]) -> list[str]:
    """No statement wrote (and, where ``before`` is given, no row count moved)."""
    moved = {}
    if before is not None:
        after = row_counts()
        moved = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    return [f"row counts moved: {moved}"] * bool(moved) + [
        f"wrote: {sql}" for sql in writes(captured)
    ]


def shows_who(body: str, user: User) -> list[str]:
    """What a half logged-in page must not show: the name, the menu, the account link."""
    found = []
    if user.full_name and user.full_name in body:
        found.append("the user's name")
    if 'class="site-nav"' in body:
        found.append("the menu")
    if f'href="{reverse("accounts:account")}"' in body:
        found.append("the link to the account page")
    return found


# --- The walk ---------------------------------------------------------------------------------


def test_every_page_open_while_half_logged_in_is_a_step_or_open_to_anyone(matrix, db):
    """The allow-list names only the login steps and pages an anonymous visitor may open."""
    public = public_routes(matrix)
    names = {route.name for route in all_routes()}
    assert names >= HALF_LOGGED_IN_MAY_OPEN
    assert sorted(HALF_LOGGED_IN_MAY_OPEN - STEPS - set(public)) == []
    # And the walk below has public pages to compare with.
    assert {"core:accessibility", "reporting:open_allocation_csv", "accounts:activate"} <= set(
        public
    )


def test_a_half_logged_in_session_reaches_nothing_but_the_code_page_and_public_pages(
    matrix, db, time_machine
):
    time_machine.move_to(TODAY, tick=False)
    users = _users()
    sessions = {persona: half_logged_in(*credentials) for persona, credentials in users.items()}
    public = public_routes(matrix)
    routes = [(route.name, url_for(route, matrix)) for route in all_routes()]
    routes += [(resolve(url).view_name, url) for url in admin_urls()]
    routes.append(("(no such page)", "/konto/ingen-sida-har/"))
    assert len(routes) > 150
    problems: list[str] = []
    answered: dict[str, int] = {}
    for persona, session_key in sessions.items():
        user = users[persona][0]
        for name, url in routes:
            for method in ("GET", "POST"):
                savepoint = transaction.savepoint()
                try:
                    with CaptureQueriesContext(connection) as captured:
                        response = request(client_with(session_key), method, url)
                    got = outcome(response)
                    where = f"{method} {url} ({name}) as {persona}"
                    allowed = got in (LOGIN, REDIRECT(CODE_PAGE)) or (
                        name == "accounts:two_factor" and got == "200 OK"
                    )
                    if name in public:
                        allowed = allowed or got == public[name][method]
                    if name == "accounts:two_factor_enrol_link":
                        # The enrolment page, for the link's own user only.
                        mine = persona == LINK_OWNER
                        allowed = allowed or got == ("200 OK" if mine else "403 denied")
                    if not allowed:
                        problems.append(f"{where}: {got}")
                    answered[got] = answered.get(got, 0) + 1
                    problems += [f"{where}: {p}" for p in changed_nothing(None, captured)]
                    if response.get("Content-Type", "").startswith("text/html"):
                        problems += [
                            f"{where} shows {shown}" for shown in shows_who(body_of(response), user)
                        ]
                finally:
                    transaction.savepoint_rollback(savepoint)
    assert not problems, "\n".join(problems[:80]) + f"\n({len(problems)} problems)"
    # The walk saw the code page, public pages and the redirects, not only one kind.
    assert {"200 OK", REDIRECT(CODE_PAGE), LOGIN} <= set(answered), answered


def test_the_name_and_menu_come_back_once_the_code_is_given(matrix, db, time_machine):
    """The header check above looks for something real."""
    time_machine.move_to(TODAY, tick=False)
    officer = User.objects.get(email=PERSONA_EMAILS["officer"])
    client = VerifiedClient()
    client.force_login(officer)
    body = body_of(client.get("/handlaggare/rekvisitioner/"))
    assert set(shows_who(body, officer)) == {
        "the user's name",
        "the menu",
        "the link to the account page",
    }


# --- Recent authentication --------------------------------------------------------------------


def needs_recent_authentication(matrix) -> list[tuple[str, str, tuple[str, ...]]]:
    """(route name, url, methods) of every view that asks for a recent login."""
    found = []
    for route in all_routes():
        url = url_for(route, matrix)
        view_class = getattr(resolve(url).func, "view_class", None)
        if view_class is not None and issubclass(view_class, RecentAuthenticationRequiredMixin):
            found.append((route.name, url, tuple(view_class.reauth_methods)))
    return found


def stale_session(email: str) -> str:
    client = VerifiedClient()
    client.force_login(User.objects.get(email=email))
    session = client.session
    session[AUTH_AT_SESSION_KEY] = (
        TODAY - dt.timedelta(minutes=settings.REAUTH_MAX_AGE_MINUTES, seconds=1)
    ).isoformat()
    session.save()
    return session.session_key


def test_every_sensitive_url_asks_a_stale_session_to_confirm_first(matrix, db, time_machine):
    time_machine.move_to(TODAY, tick=False)
    sensitive = needs_recent_authentication(matrix)
    names = {name for name, _url, _methods in sensitive}
    assert {
        "requisitions:release",
        "repayments:claim",
        "accounts:region_users",
        "accounts:region_membership",
        "accounts:recovery_codes",
        "accounts:two_factor_enrol",
        "accounts:two_factor_remove",
    } <= names, names
    sessions = {
        persona: stale_session(email)
        for persona, email in PERSONA_EMAILS.items()
        if persona in PERSONAS
    }
    routes = {route.name: route for route in all_routes()}
    problems: list[str] = []
    asked: set[str] = set()
    for name, url, methods in sensitive:
        expected = expected_for(routes[name], matrix)
        for method in methods:
            for persona, session_key in sessions.items():
                if expected[method][persona] in REFUSED:
                    continue  # refused anyway, recent login or not (the matrix's business)
                before = row_counts()
                savepoint = transaction.savepoint()
                try:
                    with CaptureQueriesContext(connection) as captured:
                        response = request(client_with(session_key), method, url)
                    where = f"{method} {url} as {persona}"
                    location = response.get("Location", "")
                    if response.status_code != 302 or not location.startswith(
                        f"{REAUTHENTICATE}?next="
                    ):
                        problems.append(f"{where}: {outcome(response)} {location}")
                    problems += [f"{where}: {p}" for p in changed_nothing(before, captured)]
                    asked.add(name)
                finally:
                    transaction.savepoint_rollback(savepoint)
    assert not problems, "\n".join(problems)
    assert asked == names  # every sensitive URL was asked by someone it would let through
