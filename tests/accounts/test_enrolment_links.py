"""Staff enrol an authenticator only through an administrator's single-use link, valid for
ENROLMENT_LINK_HOURS (72): issued in the admin site or with `manage.py
issue_enrolment_link EMAIL`, e-mailed to the user, kept only as a hash, and refused, changing
nothing, when it is expired, used, replaced or someone else's."""

import datetime as dt
import hashlib
import io
import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.enrolment import enrolment_link_issue
from accounts.models import EnrolmentLink, RegionRole
from accounts.two_factor import NEW_KEY_SESSION_KEY
from records.models import AuditAction, AuditEvent
from tests import factories
from tests.support.clients import VerifiedClient
from tests.support.rows import row_counts, writes

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 9, 0, 10, tzinfo=dt.UTC)


def path_of(link: str) -> str:
    return link.removeprefix(settings.SITE_URL)


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def new_key_code(client) -> str:
    return f"{TOTP(bytes.fromhex(client.session[NEW_KEY_SESSION_KEY])).token():06d}"


def log_in(client, user) -> None:
    response = client.post(
        "/konto/logga-in/", {"username": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302


@pytest.fixture
def superuser(db):
    user = factories.UserFactory(is_staff=True, is_superuser=True, full_name="Ada Admin")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user


@pytest.fixture
def at_now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def test_a_link_is_kept_as_a_hash_valid_72_hours_recorded_and_emailed(
    officer, superuser, at_now, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        link = enrolment_link_issue(user=officer, actor=superuser)
    token = token_of(link)
    assert len(token) >= 40
    row = EnrolmentLink.objects.get(user=officer)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(
        EnrolmentLink.objects.filter(pk=row.pk).values().get()
    )  # only its hash is kept
    assert row.issued_by == superuser
    assert row.expires_at - row.issued_at == dt.timedelta(hours=72)
    event = AuditEvent.objects.get(action=AuditAction.ENROLMENT_LINK_ISSUED)
    assert (event.actor, event.target_id) == (superuser, str(officer.pk))
    (mail,) = mailoutbox
    assert mail.to == [officer.email]
    assert link in mail.body
    assert "Aktivera tvåfaktorsinloggning" in mail.subject
    assert "till och med 26 november 2026 kl. 10:00" in mail.body  # Stockholm time


def test_the_validity_is_a_setting(officer, at_now, settings):
    settings.ENROLMENT_LINK_HOURS = 24
    enrolment_link_issue(user=officer, actor=None)
    row = EnrolmentLink.objects.get(user=officer)
    assert row.expires_at == NOW + dt.timedelta(hours=24)


def test_only_administrators_issue_links_and_only_for_active_staff(
    officer, auditor, stockholm, superuser
):
    with pytest.raises(PermissionDenied):
        enrolment_link_issue(user=auditor, actor=officer)
    region_user = factories.region_user(stockholm, RegionRole.ADMIN)
    with pytest.raises(ValidationError, match="inte anställd vid Socialstyrelsen"):
        enrolment_link_issue(user=region_user, actor=superuser)
    auditor.is_active = False
    auditor.save()
    with pytest.raises(ValidationError, match="inaktiverat"):
        enrolment_link_issue(user=auditor, actor=superuser)
    assert not EnrolmentLink.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ENROLMENT_LINK_ISSUED).exists()


def test_following_the_link_the_officer_logs_in_enrols_and_gets_recovery_codes(
    client, grant_2025, officer, at_now, mailoutbox, django_capture_on_commit_callbacks
):
    link = path_of(enrolment_link_issue(user=officer, actor=None))
    # Not logged in: the link survives the login.
    response = client.get(link)
    assert response["Location"] == f"/konto/logga-in/?next={link}"
    response = client.post(
        f"/konto/logga-in/?next={link}",
        {"username": officer.email, "password": factories.PASSWORD, "next": link},
    )
    assert response["Location"] == link
    page = client.get(link).content.decode()
    assert "<svg" in page
    assert "Logga ut" in page
    assert officer.full_name not in page  # half logged in: no name in the header
    key = client.session[NEW_KEY_SESSION_KEY]
    assert two_factor.secret_base32(key) in page
    assert not TOTPDevice.objects.filter(user=officer).exists()  # nothing stored before
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(link, {"code": new_key_code(client), "next": "/"}).content.decode()
    assert len(re.findall(r"<li>(\d{10})</li>", page)) == 10
    device = TOTPDevice.objects.get(user=officer, confirmed=True)
    assert device.key == key
    row = EnrolmentLink.objects.get(user=officer)
    assert row.used_at == NOW
    assert set(AuditEvent.objects.filter(actor=officer).values_list("action", flat=True)) == {
        AuditAction.TWO_FACTOR_ENROLLED,
        AuditAction.ENROLMENT_LINK_USED,
    }
    assert "En autentiseringsapp lades till" in mailoutbox[-1].body
    # Logged in with both factors now.
    assert client.get("/bidrag/2025/").status_code == 200
    # The link worked once.
    again = client.get(link)
    assert again.status_code == 410
    assert "Aktiveringslänken är redan använd." in again.content.decode()


def test_an_administrator_issues_a_link_from_the_user_list(officer, superuser, auditor):
    client = VerifiedClient()
    client.force_login(superuser)
    changelist = "/admin/accounts/user/"
    assert "send_enrolment_link" in client.get(changelist).content.decode()
    response = client.post(
        changelist,
        {"action": "send_enrolment_link", "_selected_action": [officer.pk]},
        follow=True,
    )
    assert f"En aktiveringslänk är skickad till {officer.email}." in response.content.decode()
    assert EnrolmentLink.objects.get(user=officer).issued_by == superuser
    # An officer in the admin site has no such action.
    staff = VerifiedClient()
    staff.force_login(auditor)
    assert "send_enrolment_link" not in staff.get(changelist).content.decode()
    staff.post(changelist, {"action": "send_enrolment_link", "_selected_action": [officer.pk]})
    assert EnrolmentLink.objects.count() == 1


def test_the_command_gives_the_first_administrator_a_link(client, at_now):
    admin = factories.UserFactory(
        email="forsta.admin@socialstyrelsen.test", is_staff=True, is_superuser=True
    )
    out = io.StringIO()
    call_command("issue_enrolment_link", "Forsta.Admin@socialstyrelsen.test", stdout=out)
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith(f"{settings.SITE_URL}/konto/tvafaktor/lank/")
    assert EnrolmentLink.objects.get(user=admin).issued_by is None
    log_in(client, admin)
    assert client.get("/admin/")["Location"].startswith("/konto/tvafaktor/?next=")
    client.get(path_of(link))
    client.post(path_of(link), {"code": new_key_code(client), "next": "/"})
    assert client.get("/admin/").status_code == 200
    with pytest.raises(CommandError, match="No user"):
        call_command("issue_enrolment_link", "ingen@example.test", stdout=io.StringIO())


def _refused(client, link: str, status: int, message: str) -> None:
    """GET and POST (with a code that would be right) answer ``status`` with ``message`` and
    change nothing."""
    before = row_counts()
    session = client.session
    session[NEW_KEY_SESSION_KEY] = "ab" * 20
    session.save()
    valid = f"{TOTP(bytes.fromhex('ab' * 20)).token():06d}"
    with CaptureQueriesContext(connection) as captured:
        got = client.get(link)
        posted = client.post(link, {"code": valid, "next": "/"})
    for response in (got, posted):
        assert response.status_code == status
        assert message in response.content.decode()
    assert writes(captured.captured_queries) == []
    assert row_counts() == before


def test_an_expired_link_is_refused(client, officer, at_now):
    link = path_of(enrolment_link_issue(user=officer, actor=None))
    at_now.move_to(NOW + dt.timedelta(hours=72), tick=False)
    log_in(client, officer)
    _refused(client, link, 410, "Aktiveringslänken har gått ut. Be en administratör om en ny.")


def test_a_used_link_is_refused(client, officer, at_now):
    link = path_of(enrolment_link_issue(user=officer, actor=None))
    log_in(client, officer)
    client.get(link)
    client.post(link, {"code": new_key_code(client)})
    client.logout()
    log_in(client, officer)
    _refused(client, link, 410, "Aktiveringslänken är redan använd.")


def test_an_earlier_link_is_withdrawn_by_a_new_one(client, officer, superuser, at_now):
    first = path_of(enrolment_link_issue(user=officer, actor=superuser))
    second = path_of(enrolment_link_issue(user=officer, actor=superuser))
    assert EnrolmentLink.objects.get(token_hash__isnull=False, revoked_at__isnull=False)
    log_in(client, officer)
    _refused(client, first, 410, "Aktiveringslänken har ersatts av en nyare.")
    assert client.get(second).status_code == 200


def test_someone_elses_link_is_refused(client, officer, at_now):
    link = path_of(enrolment_link_issue(user=officer, actor=None))
    other = factories.officer()
    log_in(client, other)
    _refused(client, link, 403, "Aktiveringslänken skickades till någon annan.")
    # Not even with a full login.
    full = VerifiedClient()
    full.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    _refused(full, link, 403, "Aktiveringslänken skickades till någon annan.")


def test_an_unknown_link_is_refused(client, officer, at_now):
    log_in(client, officer)
    _refused(client, "/konto/tvafaktor/lank/inte-en-riktig-lank/", 404, "inte giltig")


def test_a_link_that_expires_while_the_page_is_open_enrols_nothing(client, officer, at_now):
    link = path_of(enrolment_link_issue(user=officer, actor=None))
    at_now.move_to(NOW + dt.timedelta(hours=72, minutes=-1), tick=False)
    log_in(client, officer)
    assert client.get(link).status_code == 200
    at_now.move_to(NOW + dt.timedelta(hours=72, seconds=1), tick=False)
    response = client.post(link, {"code": new_key_code(client)})
    assert response.status_code == 410
    assert not TOTPDevice.objects.filter(user=officer).exists()


def test_the_link_is_used_in_the_same_transaction_as_the_authenticator_is_added(
    client, officer, at_now, monkeypatch
):
    link = path_of(enrolment_link_issue(user=officer, actor=None))
    log_in(client, officer)
    client.get(link)

    def fail(user):
        raise RuntimeError("the database refused")

    monkeypatch.setattr(two_factor, "_new_recovery_codes", fail)
    with pytest.raises(RuntimeError):
        client.post(link, {"code": new_key_code(client)})
    assert EnrolmentLink.objects.get(user=officer).used_at is None
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ENROLMENT_LINK_USED).exists()
