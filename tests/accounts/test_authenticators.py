"""Changing one's second factor — new recovery codes, adding or removing an authenticator —
needs a full login and a fresh code from an authenticator one has; each change is recorded
and the user is told by e-mail. Staff keep at least one authenticator. The admin site lets a
superuser delete someone's lost device (through the same removal), never add or change one."""

import datetime as dt
import re

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import security, two_factor
from accounts.backends import UserBackend
from accounts.models import RegionRole
from accounts.security import AUTH_AT_SESSION_KEY
from accounts.two_factor import NEW_KEY_SESSION_KEY
from core import clock
from records.models import AuditAction, AuditEvent
from tests import factories
from tests.support.clients import VerifiedClient
from tests.support.rows import row_counts

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 9, 0, 10, tzinfo=dt.UTC)
WRONG_OR_USED = "Koden är fel eller redan använd."


def code_of(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key).token():06d}"


def new_key_code(client) -> str:
    return f"{TOTP(bytes.fromhex(client.session[NEW_KEY_SESSION_KEY])).token():06d}"


@pytest.fixture
def at_now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def enrolled(officer, at_now):
    """An officer logged in with their authenticator, with recovery codes."""
    device = TOTPDevice.objects.create(user=officer, name="Telefon", confirmed=True)
    codes = two_factor._new_recovery_codes(officer)
    client = VerifiedClient()
    client.force_login(officer)
    return client, device, codes


def test_new_recovery_codes_need_a_fresh_code(
    enrolled, at_now, mailoutbox, django_capture_on_commit_callbacks
):
    client, device, old_codes = enrolled
    url = "/konto/tvafaktor/aterstallningskoder/"
    assert "Kod från din autentiseringsapp" in client.get(url).content.decode()
    for code in ("", "000000", old_codes[0]):  # none, wrong, a recovery code
        page = client.post(url, {"code": code}).content.decode()
        assert not re.findall(r"<li>(\d{10})</li>", page)
        at_now.shift(dt.timedelta(seconds=10))  # past the wait a wrong code costs
    assert WRONG_OR_USED in page
    # The code that was just accepted elsewhere (the login, say) does not count again.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=current_step())
    assert WRONG_OR_USED in client.post(url, {"code": code_of(device)}).content.decode()
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old_codes)
    at_now.shift(dt.timedelta(seconds=30))
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"code": code_of(device)}).content.decode()
    new_codes = re.findall(r"<li>(\d{10})</li>", page)
    assert len(new_codes) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new_codes)
    assert AuditEvent.objects.filter(action=AuditAction.RECOVERY_CODES_RENEWED).count() == 1
    (mail,) = mailoutbox
    assert mail.subject == "Du har nya återställningskoder"
    assert "Om det inte var du" in mail.body
    assert "den 23 november 2026 kl. 10:01" in mail.body  # Stockholm time


def current_step() -> int:
    return int(clock.now().timestamp()) // 30


def test_adding_an_authenticator_needs_a_code_from_the_one_you_have(
    enrolled, at_now, mailoutbox, django_capture_on_commit_callbacks
):
    client, device, _codes = enrolled
    page = client.get("/konto/tvafaktor/aktivera/").content.decode()
    assert "Kod från den autentiseringsapp du använder nu" in page
    response = client.post("/konto/tvafaktor/aktivera/", {"code": new_key_code(client)})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    response = client.post(
        "/konto/tvafaktor/aktivera/", {"code": new_key_code(client), "current_code": "000000"}
    )
    assert WRONG_OR_USED in response.content.decode()
    assert TOTPDevice.objects.filter(user=device.user).count() == 1
    at_now.shift(dt.timedelta(seconds=5))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/konto/tvafaktor/aktivera/",
            {"code": new_key_code(client), "current_code": code_of(device)},
        )
    assert response["Location"] == "/konto/"
    assert TOTPDevice.objects.filter(user=device.user, confirmed=True).count() == 2
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_DEVICE_ADDED)
    assert event.actor == device.user
    (mail,) = mailoutbox
    assert mail.subject == "En autentiseringsapp lades till på ditt konto"
    page = client.get("/konto/").content.decode()
    assert page.count("/ta-bort/") == 2


def test_removing_an_authenticator_needs_a_fresh_code_and_staff_keep_one(
    enrolled, at_now, mailoutbox, django_capture_on_commit_callbacks
):
    client, device, _codes = enrolled
    spare = TOTPDevice.objects.create(user=device.user, name="Surfplatta", confirmed=True)
    url = f"/konto/tvafaktor/{spare.pk}/ta-bort/"
    assert WRONG_OR_USED in client.post(url, {"code": "000000"}).content.decode()
    assert TOTPDevice.objects.filter(pk=spare.pk).exists()
    at_now.shift(dt.timedelta(seconds=5))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"code": code_of(device)})
    assert response["Location"] == "/konto/"
    assert not TOTPDevice.objects.filter(pk=spare.pk).exists()
    assert StaticDevice.objects.filter(user=device.user).exists()  # one authenticator left
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_DEVICE_REMOVED)
    assert event.data["by_administrator"] is False
    assert mailoutbox[-1].subject == "En autentiseringsapp togs bort från ditt konto"
    # The last one stays: the page says why, and a post is refused.
    last = f"/konto/tvafaktor/{device.pk}/ta-bort/"
    message = "Det här är din enda autentiseringsapp, och din roll kräver en."
    assert message in client.get(last).content.decode()
    at_now.shift(dt.timedelta(seconds=30))
    device.refresh_from_db()
    before, last_t = row_counts(), device.last_t
    assert message in client.post(last, {"code": code_of(device)}).content.decode()
    assert row_counts() == before
    device.refresh_from_db()
    assert device.last_t == last_t  # refused before the code was even used
    # Nor is anyone else's authenticator theirs to remove.
    other = TOTPDevice.objects.create(user=factories.officer(), name="app", confirmed=True)
    assert client.post(f"/konto/tvafaktor/{other.pk}/ta-bort/", {"code": "1"}).status_code == 404


def test_a_region_user_who_removes_their_only_authenticator_turns_two_factor_off(
    stockholm, at_now, mailoutbox, django_capture_on_commit_callbacks
):
    region_user = factories.region_user(stockholm, RegionRole.ADMIN)
    client = VerifiedClient()
    client.force_login(region_user)
    # Their first one with the (recent) password login alone.
    client.get("/konto/tvafaktor/aktivera/")
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/konto/tvafaktor/aktivera/", {"code": new_key_code(client)})
    assert len(re.findall(r"<li>(\d{10})</li>", page.content.decode())) == 10
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_ENROLLED).exists()
    device = TOTPDevice.objects.get(user=region_user)
    at_now.shift(dt.timedelta(seconds=30))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/konto/tvafaktor/{device.pk}/ta-bort/", {"code": code_of(device)})
    assert response["Location"] == "/konto/"
    assert not StaticDevice.objects.filter(user=region_user).exists()
    assert not security.requires_two_factor(UserBackend().get_user(region_user.pk))
    assert "dina återställningskoder togs också bort" in mailoutbox[-1].body
    assert client.get("/region/01/").status_code == 200


def test_a_staff_member_without_an_authenticator_cannot_add_one_with_a_full_session(officer):
    """Even a session that got past the code page with a recovery code (no authenticator left)
    needs an administrator's link."""
    static = StaticDevice.objects.create(user=officer, name="codes", confirmed=True)
    client = Client()
    client.force_login(officer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = static.persistent_id
    session[AUTH_AT_SESSION_KEY] = clock.now().isoformat()
    session[NEW_KEY_SESSION_KEY] = "ab" * 20
    session.save()
    assert client.get("/konto/").status_code == 200  # fully logged in
    session_code = f"{TOTP(bytes.fromhex('ab' * 20)).token():06d}"
    response = client.post("/konto/tvafaktor/aktivera/", {"code": session_code})
    assert response.status_code == 403
    assert "aktiveringslänk" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()


# --- The admin site ---------------------------------------------------------------------------


@pytest.fixture
def admin_client(db):
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    client = VerifiedClient()
    client.force_login(superuser)
    client.superuser = superuser
    return client


def test_the_admin_site_never_adds_or_changes_a_second_factor(admin_client, officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    static = StaticDevice.objects.create(user=officer, name="codes", confirmed=True)
    StaticToken.objects.create(device=static, token="1234567890")
    before = row_counts()
    for model, obj in (("otp_totp/totpdevice", device), ("otp_static/staticdevice", static)):
        assert admin_client.get(f"/admin/{model}/add/").status_code == 403
        assert (
            admin_client.post(
                f"/admin/{model}/add/",
                {"user": officer.pk, "name": "x", "key": "ab" * 20, "confirmed": "on"},
            ).status_code
            == 403
        )
        page = admin_client.get(f"/admin/{model}/{obj.pk}/change/")
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert (
            admin_client.post(
                f"/admin/{model}/{obj.pk}/change/", {"user": officer.pk, "name": "x"}
            ).status_code
            == 403
        )
    # Nor does it show the key or the recovery codes.
    page = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page
    assert admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    page = admin_client.get(f"/admin/otp_static/staticdevice/{static.pk}/change/").content.decode()
    assert "1234567890" not in page
    assert row_counts() == before


def test_an_administrator_deletes_a_lost_authenticator_through_the_removal(
    admin_client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    two_factor._new_recovery_codes(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    removed = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_DEVICE_REMOVED)
    assert removed.actor == admin_client.superuser
    assert removed.data["by_administrator"] is True
    assert AuditEvent.objects.filter(action=AuditAction.ADMIN_DELETED).exists()  # as before
    (mail,) = mailoutbox
    assert mail.to == [officer.email]
    assert "En administratör tog bort en autentiseringsapp" in mail.body
    assert "Be en administratör om en aktiveringslänk" in mail.body
    # Their own device an administrator manages on the account page, with a code.
    own = TOTPDevice.objects.get(user=admin_client.superuser)
    assert (
        admin_client.post(
            f"/admin/otp_totp/totpdevice/{own.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert TOTPDevice.objects.filter(pk=own.pk).exists()
