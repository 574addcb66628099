"""With only the password, a session is half logged in: it gives a code, logs out or reads
the public pages, nothing else (the walk over every URL is tests/permissions/
test_half_logged_in.py). Here: the reported attack, step by step; "recently authenticated"
only after both factors; a page added later is closed by default."""

import datetime as dt
import re

import pytest
from django.test import Client, RequestFactory
from django.urls import path
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import security, two_factor
from accounts.models import RegionRole
from accounts.security import AUTH_AT_SESSION_KEY
from config.urls import urlpatterns as project_urlpatterns
from core.views import accessibility
from records.models import AuditAction, AuditEvent
from tests import factories
from tests.accounts.test_security import code_for

pytestmark = pytest.mark.django_db

CODE_PAGE = "/konto/tvafaktor/"

# A page added later next to the login steps (test_a_page_added_later_is_closed_by_default).
urlpatterns = [
    path("konto/tvafaktor/ny-sida/", accessibility, name="new_account_page"),
    *project_urlpatterns,
]


@pytest.fixture
def enrolled_officer(officer):
    """An officer with an authenticator and their ten recovery codes."""
    TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    codes = two_factor._new_recovery_codes(officer)
    return officer, codes


def password_only(client: Client, user) -> None:
    response = client.post(
        "/konto/logga-in/", {"username": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_the_reported_attack_password_then_new_recovery_codes_then_login_fails(
    client, grant_2025, enrolled_officer, time_machine
):
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, 0, 10, tzinfo=dt.UTC), tick=False)
    officer, real_codes = enrolled_officer
    password_only(client, officer)
    # The attacker opens the recovery-code page and asks for new codes...
    for response in (
        client.get("/konto/tvafaktor/aterstallningskoder/"),
        client.post("/konto/tvafaktor/aterstallningskoder/", {"code": "123456"}),
        client.post("/konto/tvafaktor/aterstallningskoder/"),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(f"{CODE_PAGE}?next=")
        assert not re.search(r"\d{10}", response.content.decode())
    # ...gets none, and the officer's own codes are untouched.
    assert set(
        StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)
    ) == set(real_codes)
    assert not AuditEvent.objects.filter(action=AuditAction.RECOVERY_CODES_RENEWED).exists()
    # Nor can they put their own authenticator on the account.
    client.get("/konto/tvafaktor/aktivera/")
    assert client.post("/konto/tvafaktor/aktivera/", {"code": "123456"})["Location"].startswith(
        f"{CODE_PAGE}?next="
    )
    assert TOTPDevice.objects.filter(user=officer).count() == 1
    # A guessed recovery code does not finish the login, and the session stays half logged in.
    guessed = client.post(CODE_PAGE, {"code": "0123456789", "next": "/bidrag/2025/"})
    assert guessed.status_code == 200
    assert "Koden är fel eller för gammal." in guessed.content.decode()
    assert client.get("/bidrag/2025/")["Location"].startswith(f"{CODE_PAGE}?next=")
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert AUTH_AT_SESSION_KEY not in client.session
    # The officer's real code still finishes the login (after the wait a wrong code costs).
    time_machine.shift(dt.timedelta(seconds=2))
    ok = client.post(CODE_PAGE, {"code": real_codes[0], "next": "/bidrag/2025/"})
    assert ok["Location"] == "/bidrag/2025/"
    assert client.get("/bidrag/2025/").status_code == 200


def test_recently_authenticated_is_set_only_after_both_factors(
    client, grant_2025, officer, stockholm, time_machine
):
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, 0, 10, tzinfo=dt.UTC), tick=False)
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    password_only(client, officer)
    assert AUTH_AT_SESSION_KEY not in client.session  # the password is not enough
    client.post(CODE_PAGE, {"code": code_for(device), "next": "/"})
    assert client.session[AUTH_AT_SESSION_KEY] == "2026-11-23T09:00:10+00:00"
    client.logout()

    # A region user without an authenticator: the password is every factor they have.
    region_user = factories.region_user(stockholm, RegionRole.ADMIN)
    password_only(client, region_user)
    assert client.session[AUTH_AT_SESSION_KEY] == "2026-11-23T09:00:10+00:00"


def test_a_code_on_the_code_page_does_not_renew_a_full_sessions_recent_login(
    client, grant_2025, officer, time_machine
):
    """Confirming one's identity again needs the password too (/konto/bekrafta/)."""
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, 0, 10, tzinfo=dt.UTC), tick=False)
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    client.force_login(officer)
    session = client.session
    session[AUTH_AT_SESSION_KEY] = "2026-11-23T08:00:00+00:00"
    session.save()
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, 0, 40, tzinfo=dt.UTC), tick=False)
    response = client.post(CODE_PAGE, {"code": code_for(device), "next": "/bidrag/2025/"})
    assert response["Location"] == "/bidrag/2025/"
    assert client.session[AUTH_AT_SESSION_KEY] == "2026-11-23T08:00:00+00:00"
    device.refresh_from_db()
    assert device.last_t == -1  # the code was not even checked


def test_marking_a_half_logged_in_request_as_recently_authenticated_does_nothing(officer):
    TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    request = RequestFactory().get("/")
    request.session = {}
    request.user = officer  # as after the password: no verified device
    assert security.is_half_logged_in(officer)
    security.mark_authenticated(request)
    assert request.session == {}


@pytest.mark.urls("tests.accounts.test_half_logged_in")
def test_a_page_added_later_is_closed_by_default(client, officer):
    """The half logged-in session reaches pages by name, not by path: a new page, even one
    under /konto/tvafaktor/ beside the code page, is closed to it until it is named."""
    TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    password_only(client, officer)
    response = client.get("/konto/tvafaktor/ny-sida/")
    assert response.status_code == 302
    assert response["Location"] == f"{CODE_PAGE}?next=%2Fkonto%2Ftvafaktor%2Fny-sida%2F"
    assert client.get("/tillganglighet/").status_code == 200  # a public page stays open


# The session names the device its second factor was given with; each request checks it
# against the user's confirmed devices, read with the user (accounts.middleware.OTPMiddleware).
@pytest.mark.parametrize("change", ["removed", "unconfirmed", "another user's", "recovery codes"])
def test_a_session_whose_device_is_no_longer_the_users_confirmed_one_is_half_logged_in(
    client, grant_2025, officer, change
):
    client.force_login(officer)  # verified with an authenticator (tests/support/clients.py)
    assert client.get("/bidrag/2025/").status_code == 200
    device = TOTPDevice.objects.get(user=officer)
    if change == "removed":
        device.delete()
    elif change == "unconfirmed":
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    elif change == "another user's":
        other = TOTPDevice.objects.create(user=factories.officer(), name="x", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = other.persistent_id
        session.save()
    else:  # the recovery codes are a device too: verified with one, they stay valid
        two_factor._new_recovery_codes(officer)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = officer.staticdevice_set.get().persistent_id
        session.save()
        assert client.get("/bidrag/2025/").status_code == 200
        officer.staticdevice_set.all().delete()
    response = client.get("/bidrag/2025/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{CODE_PAGE}?next=")
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_verified_session_does_not_read_its_device(client, grant_2025, officer):
    """The check is the user's own statement (accounts/backends.py): no query of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer)
    client.get("/bidrag/2025/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/bidrag/2025/").status_code == 200
    device_reads = [q for q in queries if re.match(r'SELECT [^()]* FROM "otp_', q["sql"])]
    assert queries and not device_reads
