"""Hostile values in every part of an address: each parameter of every URL pattern, each
query parameter a view reads (and one it does not), each field a view reads from a POST
without a form, and the admin site's lists and object pages. Asked with GET and POST by an
anonymous visitor, a region user and an officer (the admin site by an auditor).

Never a server error. An address holding NUL or another control character, bytes that are
not UTF-8, or longer than ``MAX_ADDRESS_LENGTH`` gets the plain 400 page in Swedish
(``core.middleware.RefuseMalformedAddressMiddleware``); every other value reaches the view,
which answers it (a page, a redirect, 403, 404, 405), never 400 and never 500. PostgreSQL is
where NUL in a query fails, so run this on PostgreSQL too.

The random and hostile values for the forms themselves are in ``tests/forms/``."""

import logging
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core.admin import SiteAdmin
from tests import factories
from tests.support.apps import project_app_configs
from tests.support.clients import VerifiedClient
from tests.support.query_reads import EVERY, noting_query_reads
from tests.urlwalk import Route, all_routes

from .conftest import TODAY
from .test_matrix import url_for

# --- The values ---------------------------------------------------------------------------

# Refused before any view: 400 and the Swedish page.
MALFORMED = {
    "NUL": "%00",
    "NUL after a valid value": "01%00",
    "invalid UTF-8": "%FF%FE",
    "over-long UTF-8 for '/'": "%C0%AF",
    "control characters": "%1B%5B2J%0D%0A",
    "10 000 characters": "x" * 10_000,
    "5 000 digits": "9" * 5_000,
}
# Reach the view, which must answer them.
ODD = {
    "3 000 characters": "x" * 3_000,
    "3 000 digits": "9" * 3_000,
    "beyond bigint": "99999999999999999999999",
    "2**63": str(2**63),
    "negative": "-1",
    "zero": "0",
    "non-ASCII": quote("å\u202e") * 3,
}
BAD_REQUEST_TEXT = "Felaktig förfrågan"

PERSONAS = ("anonymous", "admin", "officer")
# A malformed address is refused before the session is read or a view is chosen, whoever
# asks and however: the officer of the reported example asks, with GET and POST. Odd values
# reach the views: every persona asks with GET, and the officer with POST too (a view reads
# its address the same way for both).
MALFORMED_PERSONAS = ("officer",)
POSTING_PERSONAS = ("officer",)


def methods(persona: str) -> tuple[str, ...]:
    return ("GET", "POST") if persona in POSTING_PERSONAS else ("GET",)


# --- What the views read ------------------------------------------------------------------

# The query parameters each view reads, by route. ``test_the_tables_name_every_parameter...``
# fails for a read missing here; EVERY: the view goes through all of them (and repeats them
# in its links).
QUERY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "accounts:login": ("next",),
    "accounts:logout": ("next",),
    "accounts:oidc_login": ("next",),
    "accounts:oidc_callback": ("code", "error", "state"),
    "accounts:reauthenticate": ("next",),
    "accounts:two_factor": ("next",),
    "accounts:two_factor_enrol": ("next",),
    "accounts:two_factor_enrol_link": ("next",),
    "accounts:recovery_codes": ("next",),
    "admin_login": ("next",),
    "population:import": ("column",),
    "grants:allocation": ("amount", "population_dataset"),
    "requisitions:queue": ("status", "grant", "region", "sida", "sort"),
    "regions:grants": ("sida",),
    "portal:inbox_section": ("sida",),
    "portal:inbox_mine_section": ("sida",),
    "reporting:queue_export_csv": ("status", "grant", "region", "sort"),
    "reporting:queue_export_xlsx": ("status", "grant", "region", "sort"),
    "reporting:report_queue_export_csv": ("status", "sort"),
    "reporting:report_queue_export_xlsx": ("status", "sort"),
    "reports:queue": ("status", "sort"),
    "reports:review": ("version",),
    "reports:approve": ("version",),
    "reports:complete": ("version",),
    "repayments:list": ("status",),
    "reporting:search": ("q",),
    "reporting:overview": (EVERY, "steg", "status", "per", "sort", "format"),
    "reporting:overview_progress": ("per",),
    "reporting:audit_trail": (
        "region",
        "grant",
        "action",
        "person",
        "fran",
        "till",
        "sida",
        "format",
    ),
    "set_language": ("next",),
}
# The fields views read from a POST themselves rather than through a form (Django's login
# and language views included).
POST_FIELDS: dict[str, tuple[str, ...]] = {
    "accounts:login": ("next",),
    "accounts:reauthenticate": ("next",),
    "accounts:two_factor": ("next",),
    "accounts:two_factor_enrol": ("next",),
    "accounts:two_factor_enrol_link": ("next",),
    "accounts:recovery_codes": ("next",),
    "admin_login": ("next",),
    "requisitions:form": ("action",),
    "reports:form": ("action",),
    "reminders:log": ("deadline",),
    "reporting:kammarkollegiet": ("form",),
    "set_language": ("next", "language"),
    # The confirmation step (core.confirm): only "1" confirms.
    "requisitions:approve": ("confirm",),
    "requisitions:refuse": ("confirm",),
    "requisitions:release": ("confirm",),
    "requisitions:payment_files": ("confirm",),
    "reports:approve": ("confirm",),
    "repayments:claim": ("confirm",),
    "repayments:bank_import_preview": ("confirm",),
    "grants:allocation": ("confirm",),
    # Which of the user's calendar feeds to make or renew an address for.
    "portal:calendar": ("feed", "confirm"),
    "ombud:approve": ("confirm",),
    "ombud:request_completion": ("confirm",),
    "ombud:reject": ("confirm",),
}

ROUTES = all_routes()
WITH_PARAMETERS = [route for route in ROUTES if route.params]
SOURCES = [
    source
    for folder in [Path(config.path) for config in project_app_configs()]
    + [Path(settings.BASE_DIR) / "config"]
    for source in folder.rglob("*.py")
]


@pytest.fixture(autouse=True)
def _quiet_refusals():
    """Django logs every 4xx with its address (10 000 characters here); a 500 still shows."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


# --- Asking -------------------------------------------------------------------------------


def _client(matrix, persona: str) -> Client:
    client = Client(raise_request_exception=False)
    if persona != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions[persona]
    return client


def _ask(client: Client, method: str, url: str, body: str = "") -> tuple[int, str]:
    """The answer's status and (for a 400) its text, with anything a POST stored rolled back."""
    savepoint = transaction.savepoint()
    try:
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        text = response.content.decode(errors="replace") if response.status_code == 400 else ""
        return response.status_code, text
    finally:
        transaction.savepoint_rollback(savepoint)


def _judge(
    problems: list[str], what: str, malformed: bool, status: int, text: str, own_400=False
) -> None:
    """``own_400``: the view itself may answer 400 (Django's admin does, for a field it
    may not name)."""
    if status >= 500:
        problems.append(f"{what}: {status}")
    elif malformed and (status != 400 or BAD_REQUEST_TEXT not in text):
        problems.append(f"{what}: {status}, expected the 400 page")
    elif not malformed and status == 400 and not own_400:
        problems.append(f"{what}: 400, expected the view's own answer")


def raw_path(route: Route, matrix, param: str, value: str) -> str:
    """The route's address with ``value`` as it is (percent-encoding and all) for ``param``
    and the matrix's values for the others; reverse() would refuse most of these values."""

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name == param:
            return value
        return str(matrix.pks[route.name] if name == "pk" else matrix.kwargs[name])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", fill, route.route)


# --- Path parameters ----------------------------------------------------------------------


@pytest.mark.parametrize("route", WITH_PARAMETERS, ids=lambda route: route.name)
def test_no_value_of_a_path_parameter_causes_a_server_error(matrix, db, time_machine, route):
    time_machine.move_to(TODAY, tick=False)
    problems: list[str] = []
    for persona in PERSONAS:
        client = _client(matrix, persona)
        for param in route.params:
            for values, malformed in ((MALFORMED, True), (ODD, False)):
                if malformed and persona not in MALFORMED_PERSONAS:
                    continue
                for label, value in values.items():
                    url = raw_path(route, matrix, param, value)
                    for method in methods(persona):
                        status, text = _ask(client, method, url)
                        what = f"{method} {route.name} {param}={label} as {persona}"
                        _judge(problems, what, malformed, status, text)
    assert not problems, "\n".join(problems)


def test_the_example_from_the_issue_is_a_bad_request_not_a_server_error(matrix, db, time_machine):
    time_machine.move_to(TODAY, tick=False)
    response = _client(matrix, "officer").get("/region/%00/")
    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.content.decode()
    assert response["Content-Language"] == "sv"


# --- Query parameters ---------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_no_value_of_a_query_parameter_causes_a_server_error(matrix, db, time_machine, route):
    """Each parameter the view reads, with each value, alone; then parameters it does not
    read, all odd values at once (a view may repeat them in its links)."""
    time_machine.move_to(TODAY, tick=False)
    path = url_for(route, matrix)
    names = [name for name in QUERY_PARAMETERS.get(route.name, ()) if name != EVERY]
    # All at once, each cut to keep the address within MAX_ADDRESS_LENGTH.
    unread = "&".join(f"unread{i}={value[:1500]}" for i, value in enumerate(ODD.values()))
    problems: list[str] = []
    for persona in PERSONAS:
        client = _client(matrix, persona)
        asks = [
            (f"{name}={label}", f"{name}={value}", malformed)
            for name in names
            for values, malformed in ((MALFORMED, True), (ODD, False))
            if persona in MALFORMED_PERSONAS or not malformed
            for label, value in values.items()
        ] + [("parameters it does not read", unread, False)]
        for label, query, malformed in asks:
            for method in methods(persona):
                status, text = _ask(client, method, f"{path}?{query}", query)
                _judge(problems, f"{method} {path}?{label} as {persona}", malformed, status, text)
    assert not problems, "\n".join(problems)


def test_the_tables_name_every_parameter_a_view_reads(matrix, db, time_machine):
    """Every route, asked by each persona with every parameter of the tables present: the
    names its code reads (by ``get``, ``[]``, ``in`` or a form bound to ``request.GET``) are
    in QUERY_PARAMETERS. The source is searched too, for reads of either table's names that
    the walk might not reach."""
    time_machine.move_to(TODAY, tick=False)
    listed = {name for names in QUERY_PARAMETERS.values() for name in names} - {EVERY}
    query = "&".join(f"{name}=1" for name in sorted(listed))
    unlisted: dict[str, set[str]] = {}
    with noting_query_reads() as noted:
        for route in ROUTES:
            url = url_for(route, matrix)
            for persona in PERSONAS:
                client = _client(matrix, persona)
                for method in ("GET", "POST"):
                    noted.clear()
                    _ask(client, method, f"{url}?{query}")
                    extra = noted - set(QUERY_PARAMETERS.get(route.name, ()))
                    if extra:
                        unlisted.setdefault(route.name, set()).update(extra)
    assert not unlisted, f"add these to QUERY_PARAMETERS: {unlisted}"

    read_in_source = re.compile(
        r"""\b(GET|POST)\s*(?:\.get\(|\.getlist\(|\[)\s*["'](\w+)["']"""
        r"""|["'](\w+)["']\s+(?:not\s+)?in\s+(?:self\.)?request\.(GET|POST)\b"""
    )
    found = {"GET": set(), "POST": set()}
    for source in SOURCES:
        for match in read_in_source.finditer(source.read_text()):
            kind, name = (match[1], match[2]) if match[1] else (match[4], match[3])
            found[kind].add(name)
    post_listed = {name for names in POST_FIELDS.values() for name in names}
    assert found["GET"] - listed == set(), "read from request.GET but in no table"
    assert found["POST"] - post_listed == set(), "read from request.POST but not in POST_FIELDS"
    assert {"status", "next", "column"} <= found["GET"]  # the search finds what is there
    assert {"deadline", "action"} <= found["POST"]


# --- Fields read from a POST without a form -------------------------------------------------


@pytest.mark.parametrize("name", sorted(POST_FIELDS), ids=str)
def test_no_value_of_a_field_read_without_a_form_causes_a_server_error(
    matrix, db, time_machine, name
):
    """In the body no length is refused before the view: it must answer even 5 000 digits."""
    time_machine.move_to(TODAY, tick=False)
    route = next(route for route in ROUTES if route.name == name)
    path = url_for(route, matrix)
    problems: list[str] = []
    for persona in PERSONAS:
        client = _client(matrix, persona)
        for field in POST_FIELDS[name]:
            for label, value in {**MALFORMED, **ODD}.items():
                status, _text = _ask(client, "POST", path, f"{field}={value}&action=submit")
                if status >= 500:
                    problems.append(f"POST {path} {field}={label} as {persona}: {status}")
    assert not problems, "\n".join(problems)


# --- Cookies ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["abcdefgh\x00ijklmnop", "\x1b[2J" * 4, "å" * 40, "x" * 4000], ids=repr
)
def test_a_hostile_session_cookie_is_a_visitor_not_logged_in(matrix, db, time_machine, value):
    time_machine.move_to(TODAY, tick=False)
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = value
    for url in ("/region/01/", "/konto/logga-in/", "/tillganglighet/"):
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/konto/logga-in/")


# --- The admin site -----------------------------------------------------------------------

ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
_LINK_QUERY = re.compile(r'href="\?([^"]*)"')
ADMIN_VALUES = {
    "NUL": MALFORMED["NUL"],
    **{k: ODD[k] for k in ("3 000 characters", "beyond bigint")},
}


def test_every_admin_of_the_site_lists_with_the_safe_list():
    unsafe = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, SiteAdmin)
    ]
    assert not unsafe, f"make these admins core.admin.SiteAdmin: {unsafe}"


@pytest.fixture
def superuser_client(db) -> Client:
    client = VerifiedClient(raise_request_exception=False)
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_no_value_in_the_admin_sites_addresses_causes_a_server_error(
    matrix, db, time_machine, monkeypatch, superuser_client, model
):
    """The list's search, page, order, date hierarchy and every filter it links to, and
    the object's pages, asked by a superuser (who sees every list and page)."""
    time_machine.move_to(TODAY, tick=False)
    client = superuser_client
    opts = model._meta
    model_admin = admin.site._registry[model]
    # The parameters are read and the lists counted as always; fewer rows are drawn.
    monkeypatch.setattr(model_admin, "list_per_page", 2)
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    names = {"q", "p", "o"} | {
        pair.split("=", 1)[0]
        for link in _LINK_QUERY.findall(page.content.decode())
        for pair in link.replace("&amp;", "&").split("&")
        if pair
    }
    if model_admin.date_hierarchy:
        names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    problems: list[str] = []
    for name in sorted(names):
        for label, value in ADMIN_VALUES.items():
            if label == "NUL" and name != "q":
                continue  # refused before the admin reads any of them: one parameter shows it
            status, text = _ask(client, "GET", f"{changelist}?{name}={value}")
            what = f"{changelist}?{name}={label}"
            _judge(problems, what, label == "NUL", status, text, own_400=True)
    for view in ("change",):
        for label, value in ADMIN_VALUES.items():
            url = f"/admin/{opts.app_label}/{opts.model_name}/{value}/{view}/"
            status, text = _ask(client, "GET", url)
            what = f"{view} page of {opts.label} {label}"
            _judge(problems, what, label == "NUL", status, text, own_400=True)
    assert not problems, "\n".join(problems)
