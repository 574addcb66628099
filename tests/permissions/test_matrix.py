"""The permission matrix: every URL of the application (found from the URL configuration, so
a new URL cannot be forgotten), requested with GET and POST by an anonymous visitor, each
region role of Region Stockholm, the same roles in Region Uppsala, an officer and an auditor,
against Stockholm's case in the 2025 grant. Each cell's expected outcome is written below.

Every answer but a public page asked by a visitor says ``Cache-Control: private, no-store``
(the other cases, and the admin site, are in ``test_cache_control.py``).

A refused POST changes nothing (the row counts of every model of the application,
including the audit trail and the e-mail outbox, are the same after it), nor does any POST
of an auditor's outside their own account. A refused request never shows Stockholm's own
data (its reference, account number, contact address, the link to its payment decision),
nor does any answer to someone outside Stockholm and the agency.

POSTs go through the test client (which does not enforce CSRF) with the least a form can
hold, ``action=submit``, so a preparer asking to submit is refused before any validation.
"""

import functools
from collections.abc import Iterable

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.support.apps import project_app_configs
from tests.urlwalk import Route, all_routes

from .conftest import TODAY

# --- Outcomes ---------------------------------------------------------------------------

OK = "200 OK"
LOGIN = "302 to the login page"
DENIED = "403 denied"
NOT_FOUND = "404 not found"
NOT_ALLOWED = "405 method not allowed"


def REDIRECT(path: str) -> str:
    """302 somewhere other than the login page (the path, without the query string)."""
    return f"302 to {path}"


REFUSED = {LOGIN, DENIED, NOT_FOUND, NOT_ALLOWED}

# Nothing an auditor asks changes anything, except on their own account (password, second
# factor, recovery codes), which they keep like anyone.
OWN_ACCOUNT = "konto/"

# --- Personas ---------------------------------------------------------------------------

OWN = ("admin", "submitter", "preparer")  # Region Stockholm, whose URLs are requested
OTHER = ("other_admin", "other_submitter", "other_preparer")  # Region Uppsala
PERSONAS = ("anonymous", *OWN, *OTHER, "officer", "auditor")


def cells(
    *,
    anonymous: str,
    region: str | dict[str, str],
    other: str,
    officer: str,
    auditor: str,
) -> dict[str, str]:
    """One method's outcome per persona. ``region`` is one outcome for Stockholm's three roles,
    or a dict by role (admin, submitter, preparer); ``other`` is Uppsala's three roles."""
    own = region if isinstance(region, dict) else dict.fromkeys(OWN, region)
    assert set(own) == set(OWN)
    return {
        "anonymous": anonymous,
        **own,
        **dict.fromkeys(OTHER, other),
        "officer": officer,
        "auditor": auditor,
    }


def same(outcome: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, outcome)


def row(get: dict[str, str], post: dict[str, str]) -> dict[str, dict[str, str]]:
    return {"GET": get, "POST": post}


# --- Groups of routes that answer alike ---------------------------------------------------

# Read by officers and auditors, nothing to post.
STAFF_PAGE = row(
    get=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=OK),
    post=cells(
        anonymous=LOGIN, region=DENIED, other=DENIED, officer=NOT_ALLOWED, auditor=NOT_ALLOWED
    ),
)
# Read by officers and auditors; an officer posts the form on it (an empty form is shown
# again with its errors), an auditor's POST is refused.
STAFF_FORM = row(
    get=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=OK),
    post=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=DENIED),
)
# Officers only, GET and POST.
OFFICER_FORM = row(
    get=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=DENIED),
    post=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=DENIED),
)
# An officer's action from a review page: POST only. Stockholm's case is paid, reported and
# closed, so the action is refused with a message on the page (200), changing nothing.
OFFICER_ACTION = row(
    get=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=NOT_ALLOWED, auditor=DENIED),
    post=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=DENIED),
)
# A page of Stockholm's, read by its users and the agency; nothing to post.
REGION_PAGE = row(
    get=cells(anonymous=LOGIN, region=OK, other=DENIED, officer=OK, auditor=OK),
    post=cells(
        anonymous=LOGIN,
        region=NOT_ALLOWED,
        other=DENIED,
        officer=NOT_ALLOWED,
        auditor=NOT_ALLOWED,
    ),
)
# A page about the user's own account: any logged-in user.
ACCOUNT_FORM = row(
    get=cells(anonymous=LOGIN, region=OK, other=OK, officer=OK, auditor=OK),
    post=cells(anonymous=LOGIN, region=OK, other=OK, officer=OK, auditor=OK),
)
# Open to everyone, logged in or not; read only.
PUBLIC = row(get=same(OK), post=same(NOT_ALLOWED))

STOCKHOLM_HOME = "/region/01/"
UPPSALA_HOME = "/region/03/"
RECEIPT = "/region/01/bidrag/2025/rekvisition/kvitto/"
SET_PASSWORD = "/konto/aktivera/{uidb64}/set-password/"

# --- The table: every route by name -------------------------------------------------------

EXPECTED: dict[str, dict[str, dict[str, str]]] = {
    # The front door sends each user to their work.
    "core:home": row(
        get=cells(
            anonymous=LOGIN,
            region=REDIRECT(STOCKHOLM_HOME),
            other=REDIRECT(UPPSALA_HOME),
            officer=REDIRECT("/handlaggare/inkorg/"),
            auditor=REDIRECT("/granskning/"),
        ),
        post=cells(
            anonymous=LOGIN,
            region=REDIRECT(STOCKHOLM_HOME),
            other=REDIRECT(UPPSALA_HOME),
            officer=REDIRECT("/handlaggare/inkorg/"),
            auditor=REDIRECT("/granskning/"),
        ),
    ),
    "core:accessibility": PUBLIC,
    "core:health": PUBLIC,
    # Logging in and out, the account and its second factor.
    "accounts:login": row(
        get=cells(
            anonymous=OK,
            region=REDIRECT("/"),
            other=REDIRECT("/"),
            officer=REDIRECT("/"),
            auditor=REDIRECT("/"),
        ),
        post=cells(
            anonymous=OK,
            region=REDIRECT("/"),
            other=REDIRECT("/"),
            officer=REDIRECT("/"),
            auditor=REDIRECT("/"),
        ),
    ),
    # Logging out is a POST; it ends any session and shows the login page.
    "accounts:logout": row(get=same(NOT_ALLOWED), post=same(LOGIN)),
    # The e-ID login (accounts/oidc.py) is off without a provider (OIDC_ISSUER): not found.
    # With the test provider, tests/accounts/test_eid_login.py asks them as each persona.
    "accounts:oidc_login": row(get=same(NOT_FOUND), post=same(NOT_FOUND)),
    "accounts:oidc_callback": row(get=same(NOT_FOUND), post=same(NOT_FOUND)),
    "accounts:oidc_bind": row(get=same(NOT_FOUND), post=same(NOT_FOUND)),
    "accounts:password_reset": row(get=same(OK), post=same(OK)),
    "accounts:account": row(
        get=cells(anonymous=LOGIN, region=OK, other=OK, officer=OK, auditor=OK),
        post=cells(
            anonymous=LOGIN,
            region=NOT_ALLOWED,
            other=NOT_ALLOWED,
            officer=NOT_ALLOWED,
            auditor=NOT_ALLOWED,
        ),
    ),
    "accounts:password_change": ACCOUNT_FORM,
    "accounts:reauthenticate": ACCOUNT_FORM,
    # The second step of logging in: a session that has given every factor it needs has
    # nothing to give here and goes on (a code here does not count as confirming again).
    "accounts:two_factor": row(
        get=cells(
            anonymous=LOGIN,
            region=REDIRECT("/"),
            other=REDIRECT("/"),
            officer=REDIRECT("/"),
            auditor=REDIRECT("/"),
        ),
        post=cells(
            anonymous=LOGIN,
            region=REDIRECT("/"),
            other=REDIRECT("/"),
            officer=REDIRECT("/"),
            auditor=REDIRECT("/"),
        ),
    ),
    # Region users set up their first authenticator; staff add one with a code from theirs.
    "accounts:two_factor_enrol": ACCOUNT_FORM,
    # The officer's enrolment link: to anyone else it is refused; an anonymous visitor
    # logs in first.
    "accounts:two_factor_enrol_link": row(
        get=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=DENIED),
        post=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=DENIED),
    ),
    # Removing the officer's authenticator: nobody else's; the officer's own is their only
    # one, so the form says why it cannot go.
    "accounts:two_factor_remove": row(
        get=cells(
            anonymous=LOGIN, region=NOT_FOUND, other=NOT_FOUND, officer=OK, auditor=NOT_FOUND
        ),
        post=cells(
            anonymous=LOGIN, region=NOT_FOUND, other=NOT_FOUND, officer=OK, auditor=NOT_FOUND
        ),
    ),
    # New recovery codes replace one's own, for a code from one's authenticator (staff have
    # one; the region users here none).
    "accounts:recovery_codes": row(
        get=cells(
            anonymous=LOGIN,
            region=REDIRECT("/konto/"),
            other=REDIRECT("/konto/"),
            officer=OK,
            auditor=OK,
        ),
        post=cells(
            anonymous=LOGIN,
            region=REDIRECT("/konto/"),
            other=REDIRECT("/konto/"),
            officer=OK,
            auditor=OK,
        ),
    ),
    # The link in an invitation is the credential, whoever follows it.
    "accounts:activate": row(get=same(REDIRECT(SET_PASSWORD)), post=same(REDIRECT(SET_PASSWORD))),
    # The region's users: its ombud (admin) and representatives (submitters), each managing
    # the roles DOMAIN.md's table gives them; the membership here is a preparer's.
    "accounts:region_users": row(
        get=cells(
            anonymous=LOGIN,
            region={"admin": OK, "submitter": OK, "preparer": DENIED},
            other=DENIED,
            officer=DENIED,
            auditor=DENIED,
        ),
        post=cells(
            anonymous=LOGIN,
            region={"admin": OK, "submitter": OK, "preparer": DENIED},
            other=DENIED,
            officer=DENIED,
            auditor=DENIED,
        ),
    ),
    "accounts:region_membership": row(
        get=cells(
            anonymous=LOGIN,
            region={"admin": OK, "submitter": OK, "preparer": DENIED},
            other=DENIED,
            officer=DENIED,
            auditor=DENIED,
        ),
        post=cells(
            anonymous=LOGIN,
            region={"admin": OK, "submitter": OK, "preparer": DENIED},
            other=DENIED,
            officer=DENIED,
            auditor=DENIED,
        ),
    ),
    # Ombud applications (docs/ombud.md): anyone logged in but the agency's staff applies;
    # the application here is Stockholm's representative's (the submitter's), waiting for a
    # decision. Its page is the applicant's alone; its document the applicant's and the
    # agency's; nobody else learns that it exists.
    "ombud:mine": row(
        get=cells(anonymous=LOGIN, region=OK, other=OK, officer=DENIED, auditor=DENIED),
        post=cells(
            anonymous=LOGIN,
            region=NOT_ALLOWED,
            other=NOT_ALLOWED,
            officer=DENIED,
            auditor=DENIED,
        ),
    ),
    "ombud:apply": row(
        get=cells(anonymous=LOGIN, region=OK, other=OK, officer=DENIED, auditor=DENIED),
        post=cells(anonymous=LOGIN, region=OK, other=OK, officer=DENIED, auditor=DENIED),
    ),
    "ombud:application": row(
        get=cells(
            anonymous=LOGIN,
            region={"admin": NOT_FOUND, "submitter": OK, "preparer": NOT_FOUND},
            other=NOT_FOUND,
            officer=DENIED,
            auditor=DENIED,
        ),
        post=cells(
            anonymous=LOGIN,
            region={"admin": NOT_FOUND, "submitter": OK, "preparer": NOT_FOUND},
            other=NOT_FOUND,
            officer=DENIED,
            auditor=DENIED,
        ),
    ),
    "ombud:document": row(
        get=cells(
            anonymous=LOGIN,
            region={"admin": NOT_FOUND, "submitter": OK, "preparer": NOT_FOUND},
            other=NOT_FOUND,
            officer=OK,
            auditor=OK,
        ),
        post=cells(
            anonymous=LOGIN,
            region=NOT_ALLOWED,
            other=NOT_ALLOWED,
            officer=NOT_ALLOWED,
            auditor=NOT_ALLOWED,
        ),
    ),
    "ombud:review_list": STAFF_PAGE,
    # A signature's check page: officers and auditors (signatures/).
    "signatures:check": STAFF_PAGE,
    "ombud:review": STAFF_PAGE,
    # An officer's POST without confirm=1 shows the confirmation step or the form again.
    "ombud:approve": OFFICER_ACTION,
    "ombud:request_completion": OFFICER_ACTION,
    "ombud:reject": OFFICER_ACTION,
    # Population figures: officers only (docs/rounds.md).
    "population:list": OFFICER_FORM,
    "population:import": OFFICER_FORM,
    "population:dataset": row(
        get=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=DENIED),
        post=cells(
            anonymous=LOGIN, region=DENIED, other=DENIED, officer=NOT_ALLOWED, auditor=DENIED
        ),
    ),
    # Decisions and grants.
    "grants:list": STAFF_PAGE,
    "grants:register": OFFICER_FORM,
    "grants:detail": STAFF_PAGE,
    # The agency's further conditions may be left empty: an empty form is saved.
    "grants:conditions_edit": row(
        get=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=DENIED),
        post=cells(
            anonymous=LOGIN,
            region=DENIED,
            other=DENIED,
            officer=REDIRECT("/bidrag/2025/"),
            auditor=DENIED,
        ),
    ),
    # 2025 is decided already: back to the grant.
    "grants:mark_decided": row(
        get=cells(
            anonymous=LOGIN,
            region=DENIED,
            other=DENIED,
            officer=REDIRECT("/bidrag/2025/"),
            auditor=DENIED,
        ),
        post=cells(
            anonymous=LOGIN,
            region=DENIED,
            other=DENIED,
            officer=REDIRECT("/bidrag/2025/"),
            auditor=DENIED,
        ),
    ),
    "grants:allocation": STAFF_FORM,
    "grants:deadline_edit": OFFICER_FORM,
    # What recovery decisions say: an empty form is shown again (the appeal text is needed).
    "grants:recovery_terms": OFFICER_FORM,
    # The region's own pages.
    "regions:mine": row(
        get=cells(
            anonymous=LOGIN,
            region=REDIRECT(STOCKHOLM_HOME),
            other=REDIRECT(UPPSALA_HOME),
            officer=REDIRECT("/"),
            auditor=REDIRECT("/"),
        ),
        post=cells(
            anonymous=LOGIN,
            region=REDIRECT(STOCKHOLM_HOME),
            other=REDIRECT(UPPSALA_HOME),
            officer=REDIRECT("/"),
            auditor=REDIRECT("/"),
        ),
    ),
    "regions:home": REGION_PAGE,
    "regions:grants": REGION_PAGE,
    "regions:case": REGION_PAGE,
    # The requisition form is for the region's users; Stockholm's is submitted, so it sends
    # them to the receipt, except a preparer asking to submit.
    "requisitions:form": row(
        get=cells(
            anonymous=LOGIN,
            region=REDIRECT(RECEIPT),
            other=DENIED,
            officer=DENIED,
            auditor=DENIED,
        ),
        post=cells(
            anonymous=LOGIN,
            region={"admin": REDIRECT(RECEIPT), "submitter": REDIRECT(RECEIPT), "preparer": DENIED},
            other=DENIED,
            officer=DENIED,
            auditor=DENIED,
        ),
    ),
    "requisitions:receipt": REGION_PAGE,
    "requisitions:queue": STAFF_PAGE,
    "requisitions:review": STAFF_PAGE,
    "requisitions:approve": OFFICER_ACTION,
    "requisitions:refuse": OFFICER_ACTION,
    "requisitions:release": OFFICER_ACTION,
    "requisitions:late": OFFICER_FORM,
    "requisitions:payment_files": STAFF_FORM,
    # The report: read by the region and the agency; only the region's users post, and a
    # preparer may not submit. Stockholm's report is approved: the form is shown again.
    "reports:form": row(
        get=cells(anonymous=LOGIN, region=OK, other=DENIED, officer=OK, auditor=OK),
        post=cells(
            anonymous=LOGIN,
            region={"admin": OK, "submitter": OK, "preparer": DENIED},
            other=DENIED,
            officer=DENIED,
            auditor=DENIED,
        ),
    ),
    "reports:version": REGION_PAGE,
    # The menu's "Reports": the newest decided round's queue (the demo's newest is 2025).
    "reports:newest_queue": row(
        get=cells(
            anonymous=LOGIN,
            region=DENIED,
            other=DENIED,
            officer=REDIRECT("/handlaggare/bidrag/2025/redovisningar/"),
            auditor=REDIRECT("/handlaggare/bidrag/2025/redovisningar/"),
        ),
        post=STAFF_PAGE["POST"],
    ),
    "reports:queue": STAFF_PAGE,
    "reports:review": STAFF_PAGE,
    "reports:approve": OFFICER_ACTION,
    "reports:complete": OFFICER_ACTION,
    # Repayments.
    "repayments:region": REGION_PAGE,
    "repayments:case": STAFF_PAGE,
    "repayments:claim": OFFICER_FORM,
    "repayments:claim_change": OFFICER_FORM,
    "repayments:reopen": OFFICER_ACTION,
    "repayments:close": OFFICER_ACTION,
    # Assigning the case: an empty form assigns it to nobody (it already is), back to the page.
    "repayments:assign": row(
        get=cells(
            anonymous=LOGIN, region=DENIED, other=DENIED, officer=NOT_ALLOWED, auditor=DENIED
        ),
        post=cells(
            anonymous=LOGIN,
            region=DENIED,
            other=DENIED,
            officer=REDIRECT("/handlaggare/bidrag/2025/region/01/"),
            auditor=DENIED,
        ),
    ),
    # The inbox: every officer's and auditor's start page; "mine" is the officers' own.
    "portal:inbox": STAFF_PAGE,
    "portal:inbox_mine": row(
        get=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=DENIED),
        post=cells(
            anonymous=LOGIN, region=DENIED, other=DENIED, officer=NOT_ALLOWED, auditor=DENIED
        ),
    ),
    # One section of the inbox, every item of it a page at a time.
    "portal:inbox_section": STAFF_PAGE,
    "portal:inbox_mine_section": row(
        get=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=DENIED),
        post=cells(
            anonymous=LOGIN, region=DENIED, other=DENIED, officer=NOT_ALLOWED, auditor=DENIED
        ),
    ),
    # Each user's calendar addresses: any logged-in user reads the page; a POST names no feed
    # of theirs (the matrix posts none), so nothing is made.
    "portal:calendar": row(
        get=cells(anonymous=LOGIN, region=OK, other=OK, officer=OK, auditor=OK),
        post=cells(
            anonymous=LOGIN, region=NOT_FOUND, other=NOT_FOUND, officer=NOT_FOUND, auditor=NOT_FOUND
        ),
    ),
    # A calendar feed: the secret address (Stockholm's submitter's) is the credential, whoever
    # asks, as a calendar application asks without a session. Read only.
    "portal:calendar_feed": row(get=same(OK), post=same(NOT_ALLOWED)),
    # Messages on a case (docs/messages.md): the region's users (a preparer too) read and write
    # on the region's page, where the agency's staff only read; officers write on theirs,
    # auditors read. An empty message is shown again with its error; nothing is stored.
    "conversations:region": row(
        get=cells(anonymous=LOGIN, region=OK, other=DENIED, officer=OK, auditor=OK),
        post=cells(anonymous=LOGIN, region=OK, other=DENIED, officer=DENIED, auditor=DENIED),
    ),
    "conversations:officer": STAFF_FORM,
    # A file sent with a message: to those who may read the conversation, as a download.
    "conversations:region_file": row(
        get=cells(anonymous=LOGIN, region=OK, other=DENIED, officer=OK, auditor=OK),
        post=cells(
            anonymous=LOGIN,
            region=NOT_ALLOWED,
            other=DENIED,
            officer=NOT_ALLOWED,
            auditor=NOT_ALLOWED,
        ),
    ),
    "conversations:officer_file": STAFF_PAGE,
    "repayments:list": STAFF_FORM,
    "repayments:reference_rates": STAFF_FORM,
    "repayments:resolve": OFFICER_FORM,
    "repayments:bank_import": STAFF_FORM,
    "repayments:bank_import_preview": STAFF_FORM,
    # Announcements and reminders.
    "reminders:announcements": STAFF_FORM,
    # Marking an agency step done names the deadline; a POST naming none finds none.
    "reminders:rule_add": OFFICER_FORM,
    "reminders:rule_edit": OFFICER_FORM,
    "reminders:log": row(
        get=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=OK),
        post=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=NOT_FOUND, auditor=DENIED),
    ),
    # Open data and the agency's own reporting.
    "reporting:search": STAFF_PAGE,
    "reporting:queue_export_csv": STAFF_PAGE,
    "reporting:queue_export_xlsx": STAFF_PAGE,
    "reporting:report_queue_export_csv": STAFF_PAGE,
    "reporting:report_queue_export_xlsx": STAFF_PAGE,
    "reporting:open_allocation_json": PUBLIC,
    "reporting:open_allocation_csv": PUBLIC,
    "reporting:overview": STAFF_PAGE,
    "reporting:overview_progress": STAFF_PAGE,
    "reporting:kammarkollegiet": STAFF_FORM,
    "reporting:kammarkollegiet_pdf": STAFF_PAGE,
    "reporting:kammarkollegiet_xlsx": STAFF_PAGE,
    # An empty assessment is saved (the officer may clear it).
    "reporting:ministry": row(
        get=cells(anonymous=LOGIN, region=DENIED, other=DENIED, officer=OK, auditor=OK),
        post=cells(
            anonymous=LOGIN,
            region=DENIED,
            other=DENIED,
            officer=REDIRECT("/bidrag/2025/regeringsrapport/"),
            auditor=DENIED,
        ),
    ),
    "reporting:ministry_xlsx": STAFF_PAGE,
    "reporting:ministry_pdf": STAFF_PAGE,
    "reporting:ministry_csv": STAFF_PAGE,
    "reporting:dossier": STAFF_PAGE,
    # A case's files (docs/storage.md): the region's page lists them and takes the region's
    # files while something is open for them (Stockholm's case has nothing open: a POST goes
    # back to the page); the agency's page takes an officer's.
    "attachments:region_case": row(
        get=cells(anonymous=LOGIN, region=OK, other=DENIED, officer=OK, auditor=OK),
        post=cells(
            anonymous=LOGIN,
            region=REDIRECT("/region/01/bidrag/2025/bilagor/"),
            other=DENIED,
            officer=DENIED,
            auditor=DENIED,
        ),
    ),
    "attachments:region_download": row(
        get=cells(anonymous=LOGIN, region=OK, other=DENIED, officer=OK, auditor=OK),
        post=cells(
            anonymous=LOGIN,
            region=NOT_ALLOWED,
            other=DENIED,
            officer=NOT_ALLOWED,
            auditor=NOT_ALLOWED,
        ),
    ),
    # Withdrawing a region's file, POST only: Stockholm's only file is an officer's, which no
    # one withdraws (the region is sent back to the files page with the reason).
    "attachments:region_withdraw": row(
        get=cells(
            anonymous=LOGIN,
            region=NOT_ALLOWED,
            other=DENIED,
            officer=NOT_ALLOWED,
            auditor=NOT_ALLOWED,
        ),
        post=cells(
            anonymous=LOGIN,
            region=REDIRECT("/region/01/bidrag/2025/bilagor/"),
            other=DENIED,
            officer=DENIED,
            auditor=DENIED,
        ),
    ),
    "attachments:staff_case": STAFF_FORM,
    "attachments:staff_download": STAFF_PAGE,
    # The audit trail and the auditor's start page: read by the agency, nothing to post.
    "reporting:audit_trail": STAFF_PAGE,
    "portal:auditor_home": STAFF_PAGE,
    # Stockholm's payment decision: to Stockholm's users and the agency.
    "records:document": REGION_PAGE,
    # The admin site's own login: to the service's login, whoever asks.
    "admin_login": row(get=same(LOGIN), post=same(LOGIN)),
    # Choosing the interface language: anyone, back to where they came from.
    "set_language": row(get=same(REDIRECT("/")), post=same(REDIRECT("/"))),
}

ROUTES = all_routes()


# --- The walk ---------------------------------------------------------------------------


def test_every_url_in_the_configuration_has_a_row():
    missing = sorted({route.name for route in ROUTES} - set(EXPECTED))
    assert not missing, f"add these URLs to the permission matrix: {missing}"


def test_every_row_names_a_url_that_still_exists():
    stale = sorted(set(EXPECTED) - {route.name for route in ROUTES})
    assert not stale, f"these URLs are gone; remove their rows: {stale}"


def test_every_row_has_a_cell_for_every_persona_and_method():
    for name, expected in EXPECTED.items():
        assert set(expected) == {"GET", "POST"}, name
        for method, by_persona in expected.items():
            assert set(by_persona) == set(PERSONAS), (name, method)


def test_the_matrix_walks_every_kind_of_page():
    """The walk is not empty: region, officers', account and public URLs are all in it."""
    names = {route.name for route in ROUTES}
    assert {
        "regions:case",
        "requisitions:form",
        "requisitions:release",
        "reports:form",
        "repayments:claim",
        "accounts:region_users",
        "records:document",
        "reporting:dossier",
        "reporting:open_allocation_json",
    } <= names
    assert len(names) == len(ROUTES) > 60


def outcome(response) -> str:
    if response.status_code == 302:
        target = response["Location"].split("?")[0]
        return LOGIN if target == resolve_url(settings.LOGIN_URL) else REDIRECT(target)
    return {
        200: OK,
        403: DENIED,
        404: NOT_FOUND,
        405: NOT_ALLOWED,
    }.get(response.status_code, str(response.status_code))


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


_COUNTED_APPS = [config.label for config in project_app_configs(with_models=True)]


@functools.cache
def _counting_query() -> tuple[list[str], str]:
    models = [User] + [
        model
        for label in _COUNTED_APPS
        for model in apps.get_app_config(label).get_models()
        if model is not User
    ]
    quote = connection.ops.quote_name
    names = [model._meta.label for model in models]
    # One query instead of one per model; the table names are the models' own, quoted.
    sql = "SELECT " + ", ".join(  # noqa: S608
        f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})"  # noqa: S608
        for model in models
    )
    return names, sql


def row_counts() -> dict[str, int]:
    """The number of rows of every model of the application, in one query."""
    names, sql = _counting_query()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(names, cursor.fetchone(), strict=True))


def client_for(matrix, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions[persona]
    return client


def url_for(route: Route, matrix) -> str:
    kwargs = {
        param: matrix.pks[route.name] if param == "pk" else matrix.kwargs[param]
        for param in route.params
    }
    return reverse(route.name, kwargs=kwargs)


def expected_for(route: Route, matrix) -> dict[str, dict[str, str]]:
    return {
        method: {persona: cell.format(**matrix.kwargs) for persona, cell in by_persona.items()}
        for method, by_persona in EXPECTED[route.name].items()
    }


def directives(response) -> set[str]:
    return {
        part.split("=", 1)[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def is_public(path: str, persona: str) -> bool:
    """A public page asked by a visitor may keep its own headers (settings.PUBLIC_PATHS)."""
    return persona == "anonymous" and path.startswith(settings.PUBLIC_PATHS)


def kept_private(response) -> bool:
    return {"private", "no-store"} <= directives(response)


def leaks(body: str, secrets: Iterable[str]) -> list[str]:
    return [secret for secret in secrets if secret and secret in body]


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_each_persona_gets_the_expected_answer(matrix, db, time_machine, route):
    if route.name not in EXPECTED:
        pytest.fail(f"{route.name} has no row in the permission matrix")
    time_machine.move_to(TODAY, tick=False)
    url = url_for(route, matrix)
    expected = expected_for(route, matrix)
    problems = []
    before = row_counts()  # every request below is rolled back to this state
    for persona in PERSONAS:
        for method in ("GET", "POST"):
            want = expected[method][persona]
            savepoint = transaction.savepoint()
            try:
                counted = method == "POST" and (
                    want in REFUSED
                    or (persona == "auditor" and not route.route.startswith(OWN_ACCOUNT))
                )
                client = client_for(matrix, persona)
                response = (
                    client.get(url) if method == "GET" else client.post(url, {"action": "submit"})
                )
                got = outcome(response)
                if got != want:
                    problems.append(f"{method} {url} as {persona}: {got}, expected {want}")
                    continue
                if not is_public(url, persona) and not kept_private(response):
                    problems.append(
                        f"{method} {url} as {persona}: Cache-Control "
                        f"{response.get('Cache-Control')!r}, expected private, no-store"
                    )
                if counted:
                    after = row_counts()
                    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                    if changed:
                        problems.append(f"{method} {url} as {persona} changed {changed}")
                if want in REFUSED or persona in ("anonymous", *OTHER):
                    # A page may repeat the address asked for (the language form's "next").
                    shown = leaks(body_of(response), set(matrix.secrets) - {url})
                    if shown:
                        problems.append(f"{method} {url} as {persona} shows {shown}")
            finally:
                transaction.savepoint_rollback(savepoint)
    assert not problems, "\n".join(problems)


def test_the_data_kept_from_outsiders_is_on_stockholms_own_pages(matrix, db, time_machine):
    """The leak check looks for something real: each secret is shown to Stockholm's users."""
    time_machine.move_to(TODAY, tick=False)
    client = client_for(matrix, "submitter")
    pages = "".join(
        body_of(client.get(reverse(name, kwargs={"county_code": "01", "year": 2025})))
        for name in ("requisitions:receipt", "regions:case", "conversations:region")
    )
    assert [secret for secret in matrix.secrets if secret not in pages] == []
