"""Logging in with e-ID against a real OpenID provider (tests/support/oidc_provider), driven
over HTTP; the browser journey is in tests/browser/test_eid.py. The personnummer in the
provider's signed ID token is the identity; the assurance level (acr) decides whether the
authenticator code is still asked, and goes into the audit events of the session."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.models import RegionRole, User
from accounts.oidc import SESSION_KEY
from accounts.security import AUTH_AT_SESSION_KEY
from accounts.services import personnummer_bind
from records.models import AuditAction, AuditEvent
from tests import factories
from tests.support.clients import VerifiedClient
from tests.support.oidc_provider import LOA2, LOA3, OFFICER_PNR, SUBMITTER_PNR

pytestmark = pytest.mark.django_db(transaction=True)


def start(client: Client, next_url: str = "") -> str:
    response = client.get(
        reverse("accounts:oidc_login") + (f"?next={next_url}" if next_url else "")
    )
    assert response.status_code == 302
    return response["Location"]


def callback(client: Client, provider, authorize_url: str, username: str):
    back = urlparse(provider.login_without_browser(authorize_url, username))
    return client.get(f"{back.path}?{back.query}")


def eid_login(client: Client, provider, username: str, next_url: str = ""):
    return callback(client, provider, start(client, next_url), username)


def provider_address(response) -> str:
    """A flow started by a form's POST answers a page that goes on to the provider."""
    assert response.status_code == 200
    refresh = response["Refresh"]
    assert refresh.startswith("0;url=")
    return refresh.removeprefix("0;url=")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def officer_with_eid(db):
    user = factories.officer(full_name="Olivia Handläggare")
    return personnummer_bind(user=user, personnummer=OFFICER_PNR, how="operator")


@pytest.fixture
def ombud_with_eid(stockholm):
    user = factories.region_user(stockholm, RegionRole.ADMIN, full_name="Sara Representant")
    return personnummer_bind(user=user, personnummer=SUBMITTER_PNR, how="operator")


def test_without_configuration_the_e_id_login_is_off_and_the_login_page_says_so(db, client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Inloggning med e-legitimation är inte inställd på den här servern" in page
    assert reverse("accounts:oidc_login") not in page
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404


def test_the_login_page_offers_e_id_when_configured(eid):
    page = Client().get(reverse("accounts:login")).content.decode()
    assert "Logga in med e-legitimation" in page
    assert reverse("accounts:oidc_login") in page


def test_the_request_to_the_provider_is_a_code_flow_with_pkce_and_nonce(eid):
    query = parse_qs(urlparse(start(Client())).query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["statsbidrag-test"]
    assert query["redirect_uri"] == ["http://testserver/konto/e-legitimation/svar/"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"] and query["state"]
    assert "prompt" not in query  # an ordinary login; a signature asks for a fresh one


def test_staff_at_the_required_level_are_logged_in_without_a_code(eid, officer_with_eid):
    client = Client()
    response = eid_login(client, eid, "officer", next_url="/handlaggare/inkorg/")
    assert response.status_code == 302
    assert response["Location"] == "/handlaggare/inkorg/"
    session = client.session
    assert session[SESSION_KEY]["acr"] == LOA3
    assert session[SESSION_KEY]["user"] == officer_with_eid.pk
    assert AUTH_AT_SESSION_KEY in session  # a recent authentication, like password + code
    page = client.get("/handlaggare/inkorg/")
    assert page.status_code == 200
    assert "Olivia Handläggare" in page.content.decode()


def test_a_lower_level_still_asks_staff_for_the_code(eid, officer_with_eid):
    client = Client()
    response = eid_login(client, eid, "officer-low")
    assert response.status_code == 302
    assert client.session[SESSION_KEY]["acr"] == LOA2
    assert AUTH_AT_SESSION_KEY not in client.session
    page = client.get("/handlaggare/inkorg/")
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:two_factor"))


def test_an_unknown_personnummer_is_refused_with_a_clear_message(eid, officer_with_eid):
    client = Client()
    response = eid_login(client, eid, "unknown")
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Inget konto i tjänsten har ditt personnummer" in page
    assert not User.objects.filter(personnummer="197505054325").exists()  # nobody created


@pytest.mark.parametrize("username", ["invalid", "none"])
def test_an_invalid_or_missing_personnummer_is_refused(eid, officer_with_eid, username):
    client = Client()
    response = eid_login(client, eid, username)
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("accounts:login")).content.decode()
    assert "gav inget giltigt personnummer" in page


def test_a_deactivated_account_is_refused(eid, officer_with_eid):
    User.objects.filter(pk=officer_with_eid.pk).update(is_active=False)
    client = Client()
    eid_login(client, eid, "officer")
    assert "_auth_user_id" not in client.session


def test_a_callback_used_twice_is_refused(eid, officer_with_eid):
    client = Client()
    back = urlparse(eid.login_without_browser(start(client), "officer"))
    assert client.get(f"{back.path}?{back.query}")["Location"] == "/"
    other = Client()
    response = other.get(f"{back.path}?{back.query}")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in other.session


def test_a_forged_state_or_code_is_refused_without_a_server_error(eid, officer_with_eid):
    client = Client()
    start(client)
    for query in ("state=forged&code=forged", "code=x", "state=&code=", "error=access_denied"):
        response = client.get(f"{reverse('accounts:oidc_callback')}?{query}")
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_the_acr_goes_into_the_audit_event_of_every_act_of_the_session(
    eid, ombud_with_eid, stockholm
):
    client = Client()
    eid_login(client, eid, "submitter")
    response = client.post(
        "/region/01/anvandare/",
        {"email": "ny.person@region.test", "full_name": "Ny Person", "role": "preparer"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.USER_INVITED)
    assert event.actor == ombud_with_eid
    assert event.data["assurance"] == {"login": "e-id", "acr": LOA3}


def test_a_password_session_writes_no_assurance(client, stockholm):
    ombud = factories.region_user(stockholm, RegionRole.ADMIN)
    client.force_login(ombud)
    client.post(
        "/region/01/anvandare/",
        {"email": "ny.person@region.test", "full_name": "Ny Person", "role": "preparer"},
    )
    assert "assurance" not in AuditEvent.objects.get(action=AuditAction.USER_INVITED).data


def test_a_user_connects_their_e_id_from_the_account_page(eid, stockholm):
    user = factories.region_user(stockholm, RegionRole.SUBMITTER, full_name="Per Person")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Inte kopplat till någon e-legitimation" in page
    authorize = provider_address(client.post(reverse("accounts:oidc_bind")))
    query = parse_qs(urlparse(authorize).query)
    assert query["prompt"] == ["login"]  # the person identifies themselves now
    assert query["max_age"] == ["0"]
    response = callback(client, eid, authorize, "submitter2")
    assert response["Location"] == reverse("accounts:account")
    user.refresh_from_db()
    assert user.personnummer == "196006060609"
    event = AuditEvent.objects.get(action=AuditAction.PERSONNUMMER_BOUND)
    assert event.data["personnummer"] == "600606-XXXX"
    assert event.data["how"] == "e-id"
    # The full number on the own account page only.
    assert "19600606-0609" in client.get(reverse("accounts:account")).content.decode()
    # From now on the person logs in with it.
    fresh = Client()
    eid_login(fresh, eid, "submitter2")
    assert fresh.session["_auth_user_id"] == str(user.pk)


def test_a_personnummer_on_another_account_is_not_connected_again(eid, stockholm, ombud_with_eid):
    user = factories.region_user(stockholm, RegionRole.SUBMITTER)
    client = Client()
    client.force_login(user)
    response = callback(
        client, eid, provider_address(client.post(reverse("accounts:oidc_bind"))), "submitter"
    )
    assert response["Location"] == reverse("accounts:account")
    assert "tillhör ett annat konto" in " ".join(messages_of(response))
    user.refresh_from_db()
    assert user.personnummer == ""


def test_region_users_may_be_kept_to_e_id(settings, client, stockholm, officer):
    settings.PASSWORD_LOGIN_FOR_REGION_USERS = False
    user = factories.region_user(stockholm, RegionRole.SUBMITTER, password="Ett-långt-lösenord-42")
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "Ett-långt-lösenord-42"}
    )
    assert response.status_code == 200
    assert "Regionernas användare loggar in med e-legitimation" in response.content.decode()
    assert "_auth_user_id" not in client.session
    officer.set_password("Ett-långt-lösenord-42")
    officer.save()
    response = client.post(
        reverse("accounts:login"), {"username": officer.email, "password": "Ett-långt-lösenord-42"}
    )
    assert response.status_code == 302  # staff keep password and code as the fallback


def test_the_personnummer_is_masked_outside_the_own_account_page(client, stockholm):
    ombud = factories.region_user(stockholm, RegionRole.ADMIN)
    other = factories.region_user(stockholm, RegionRole.SUBMITTER, full_name="Sara Representant")
    personnummer_bind(user=other, personnummer=SUBMITTER_PNR, how="operator")
    client.force_login(ombud)
    page = client.get("/region/01/anvandare/").content.decode()
    assert "900101-XXXX" in page
    assert "19900101-1239" not in page and "9001011239" not in page


def test_odd_values_of_every_parameter_the_e_id_views_read_cause_no_server_error(
    eid, officer_with_eid, stockholm
):
    """tests/permissions/test_hostile_urls.py asks these views with the e-ID login off (404);
    here the same values reach them with the provider on, as each kind of visitor."""
    from tests.permissions.test_hostile_urls import ODD, QUERY_PARAMETERS

    ombud = factories.region_user(stockholm, RegionRole.ADMIN)
    visitors = {"anonymous": Client(), "officer": VerifiedClient(), "ombud": VerifiedClient()}
    visitors["officer"].force_login(officer_with_eid)
    visitors["ombud"].force_login(ombud)
    problems = []
    for name in ("accounts:oidc_login", "accounts:oidc_callback"):
        for who, client in visitors.items():
            start(client)  # a flow under way, so that a state may be looked up
            for parameter in QUERY_PARAMETERS[name]:
                for label, value in ODD.items():
                    response = client.get(f"{reverse(name)}?{parameter}={value}")
                    if response.status_code >= 500 or response.status_code == 200:
                        problems.append(
                            f"{name} {parameter}={label} as {who}: {response.status_code}"
                        )
                # A state that is under way with a forged code.
                response = client.get(f"{reverse(name)}?{parameter}=1&state=1&code=1")
                if response.status_code >= 500:
                    problems.append(f"{name} {parameter} with a forged code as {who}")
    assert not problems, "\n".join(problems)
    # Nobody was logged in by any of it.
    assert "_auth_user_id" not in visitors["anonymous"].session


def test_binding_needs_a_login_and_a_post(eid, officer_with_eid):
    anonymous = Client()
    assert anonymous.post(reverse("accounts:oidc_bind"))["Location"] == reverse("accounts:login")
    client = VerifiedClient()
    client.force_login(officer_with_eid)
    assert client.get(reverse("accounts:oidc_bind")).status_code == 405
    # Already connected: nothing to do.
    assert client.post(reverse("accounts:oidc_bind"))["Location"] == reverse("accounts:account")


def test_the_operator_gives_an_officer_their_personnummer(db, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command(
        "create_officer", "frida@socialstyrelsen.test", name="Frida Först", personnummer=OFFICER_PNR
    )
    assert "850709-XXXX" in capsys.readouterr().out
    officer = User.objects.get(email="frida@socialstyrelsen.test")
    assert officer.personnummer == "198507099805"
    event = AuditEvent.objects.get(action=AuditAction.PERSONNUMMER_BOUND)
    assert event.data == {"personnummer": "850709-XXXX", "how": "operator"}
    with pytest.raises(CommandError, match="not a valid personnummer"):
        call_command(
            "create_officer", "ny@socialstyrelsen.test", name="Ny", personnummer="19850709-9806"
        )
    assert not User.objects.filter(email="ny@socialstyrelsen.test").exists()  # nothing made
