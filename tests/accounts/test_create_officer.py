"""`manage.py create_officer EMAIL --name "…"`: the operator makes the first officer on the
server, who then chooses a password, enrols an authenticator with the single-use link and
runs grants. The role is audited like any other; the command answers in English, and its
refusals are one clear line, not a traceback."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import EnrolmentLink, RegionRole, User
from accounts.permissions import is_officer
from accounts.two_factor import NEW_KEY_SESSION_KEY
from records.models import AuditAction, AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Grön-Lampa-Fjällbacka-77"


def create_officer(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("create_officer", *args, stdout=out)
    return out.getvalue().splitlines()


def links(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip().startswith(settings.SITE_URL)]


def test_the_first_officer_chooses_a_password_enrols_and_runs_grants(
    client, grant_2025, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lines = create_officer("Forsta.Handlaggare@Socialstyrelsen.test", "--name", "Frida Först")
    assert (
        lines[0] == "Created forsta.handlaggare@socialstyrelsen.test (Frida Först) as an officer."
    )
    password_link, enrolment_link = links(lines)
    user = User.objects.get(email="forsta.handlaggare@socialstyrelsen.test")
    assert is_officer(user) and user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    # Recorded like any role change, by nobody logged in (the operator on the server).
    granted = AuditEvent.objects.get(action=AuditAction.STAFF_ROLE_GRANTED)
    assert (granted.actor, granted.target_id, granted.data) == (
        None,
        str(user.pk),
        {"role": "officer"},
    )
    assert EnrolmentLink.objects.get(user=user).issued_by is None
    # The enrolment link is e-mailed too, telling them to choose a password first.
    (mail,) = mailoutbox
    assert mail.to == [user.email]
    assert enrolment_link in mail.body

    # 1. The password link sets the first password.
    response = client.get(password_link.removeprefix(settings.SITE_URL), follow=True)
    form_path = response.redirect_chain[-1][0]
    response = client.post(
        form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == "/konto/logga-in/"
    # 2. Logged in with it, the enrolment link sets up the authenticator.
    link = enrolment_link.removeprefix(settings.SITE_URL)
    response = client.post(
        f"/konto/logga-in/?next={link}",
        {"username": user.email, "password": NEW_PASSWORD, "next": link},
    )
    assert response["Location"] == link
    client.get(link)
    code = f"{TOTP(bytes.fromhex(client.session[NEW_KEY_SESSION_KEY])).token():06d}"
    page = client.post(link, {"code": code, "next": "/"}).content.decode()
    assert len(re.findall(r"<li>(\d{10})</li>", page)) == 10  # recovery codes
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    # 3. The officer's pages open.
    assert client.get("/bidrag/2025/").status_code == 200
    # The password link worked once.
    again = client.get(password_link.removeprefix(settings.SITE_URL), follow=True)
    assert "new_password1" not in again.content.decode()


def test_a_superuser_is_promoted_once_and_keeps_their_password():
    # The path docs/running.md describes: createsuperuser, then create_officer for them.
    admin = User.objects.create_superuser(
        email="chef@socialstyrelsen.test", password="Ett-Langt-Losenord-2026"
    )
    assert not is_officer(admin)
    lines = create_officer("chef@socialstyrelsen.test")
    assert lines[0] == "chef@socialstyrelsen.test is an officer."
    assert "Log in with the account's password." in lines[1]
    assert len(links(lines)) == 1  # the enrolment link only: no password link
    admin = User.objects.get(pk=admin.pk)  # a fresh instance: roles are cached per instance
    assert is_officer(admin) and admin.is_superuser
    assert admin.check_password("Ett-Langt-Losenord-2026")
    # A second run grants nothing twice; it issues a fresh enrolment link.
    create_officer("chef@socialstyrelsen.test")
    assert AuditEvent.objects.filter(action=AuditAction.STAFF_ROLE_GRANTED).count() == 1
    assert EnrolmentLink.objects.filter(user=admin, revoked_at__isnull=True).count() == 1


def test_an_officer_with_an_authenticator_is_told_how_to_replace_it(officer):
    TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    lines = create_officer(officer.email)
    assert f"python manage.py issue_enrolment_link {officer.email}" in lines[-1]
    assert not EnrolmentLink.objects.exists()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("new without a name", "Give the new officer's full name."),
        ("region user", "has a role in a region. Socialstyrelsen's staff need an account"),
        ("deactivated", "The account person@example.test is deactivated."),
    ],
)
def test_refusals_are_one_english_line_and_change_nothing(stockholm, setup, message):
    if setup == "region user":
        factories.region_user(stockholm, RegionRole.ADMIN, email="person@example.test")
    elif setup == "deactivated":
        factories.UserFactory(email="person@example.test", is_active=False)
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError) as refused:
        create_officer("person@example.test")
    assert message in str(refused.value)
    assert not User.objects.filter(groups__name="officer").exists()
    assert AuditEvent.objects.count() == before
