"""Logging in: two factors for staff, throttling and lockout, session timeout, re-authentication
for the most sensitive acts, the Content Security Policy, and the deployment checks."""

import datetime as dt
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enrolment import enrolment_link_issue
from accounts.models import LoginAttempt, RegionRole
from accounts.two_factor import NEW_KEY_SESSION_KEY
from records.models import AuditAction, AuditEvent
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice) -> str:
    return (
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    )


def new_key_code(client) -> str:
    """The code the authenticator being set up in the client's session shows now."""
    return f"{TOTP(bytes.fromhex(client.session[NEW_KEY_SESSION_KEY])).token():06d}"


def log_in_with_code(client, user):
    """Log in as a person would: password, then a code from their authenticator. Staff
    without one first set it up through an enrolment link from an administrator."""
    response = client.post(
        "/konto/logga-in/", {"username": user.email, "password": factories.PASSWORD}, follow=True
    )
    path = response.redirect_chain[-1][0]
    if not path.startswith("/konto/tvafaktor/"):
        return response
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        link = enrolment_link_issue(user=user, actor=None).removeprefix(settings.SITE_URL)
        client.get(link)
        page = client.post(link, {"code": new_key_code(client), "next": "/"})
        assert "Återställningskoder" in page.content.decode()
        return client.get("/", follow=True)
    return client.post(path, {"code": code_for(device), "next": "/"}, follow=True)


def test_an_officer_sets_up_two_factor_login_through_an_enrolment_link(
    client, grant_2025, officer, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    time_machine.move_to(dt.datetime.now(dt.UTC), tick=True)
    response = client.post(
        "/konto/logga-in/", {"username": officer.email, "password": factories.PASSWORD}, follow=True
    )
    # The password alone sets nothing up: the code page says how to get an enrolment link.
    assert response.redirect_chain[-1][0].startswith("/konto/tvafaktor/?next=")
    page = response.content.decode()
    assert "Be en administratör på Socialstyrelsen om en aktiveringslänk" in page
    assert "<svg" not in page
    # Nothing else is reachable meanwhile: not the account's own enrolment page, nor the
    # admin site.
    for url in (
        "/bidrag/2025/",
        "/admin/",
        "/handlaggare/rekvisitioner/",
        "/konto/tvafaktor/aktivera/",
    ):
        assert client.get(url)["Location"].startswith("/konto/tvafaktor/?next=")
    assert not TOTPDevice.objects.filter(user=officer).exists()

    with django_capture_on_commit_callbacks(execute=True):
        link = enrolment_link_issue(user=officer, actor=factories.UserFactory(is_superuser=True))
    assert link in mailoutbox[-1].body
    link_path = link.removeprefix(settings.SITE_URL)
    page = client.get(link_path).content.decode()
    assert "<svg" in page  # the QR code
    assert "Nyckel:" in page
    wrong = client.post(link_path, {"code": "000000"})
    assert "Koden stämmer inte." in wrong.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        codes_page = client.post(
            link_path, {"code": new_key_code(client), "next": "/"}
        ).content.decode()
    codes = re.findall(r"<li>(\d{10})</li>", codes_page)
    assert len(codes) == 10, codes_page[:3000]
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_ENROLLED, actor=officer).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ENROLMENT_LINK_USED, actor=officer).exists()
    assert mailoutbox[-1].to == [officer.email]
    assert "autentiseringsapp lades till" in mailoutbox[-1].body
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/handlaggare/inkorg/"

    # Next time: password, then a code; a recovery code works once.
    client.logout()
    response = client.post(
        "/konto/logga-in/", {"username": officer.email, "password": factories.PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/konto/tvafaktor/?next=")
    assert (
        client.post("/konto/tvafaktor/", {"code": codes[0], "next": "/bidrag/2025/"})["Location"]
        == "/bidrag/2025/"
    )
    client.logout()
    client.post("/konto/logga-in/", {"username": officer.email, "password": factories.PASSWORD})
    reused = client.post("/konto/tvafaktor/", {"code": codes[0]})
    assert "Koden är fel eller för gammal." in reused.content.decode()
    assert StaticToken.objects.filter(device__user=officer).count() == 9


def test_auditors_need_two_factors_and_region_users_may_choose(
    client, grant_2025, auditor, stockholm
):
    response = client.post(
        "/konto/logga-in/", {"username": auditor.email, "password": factories.PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/konto/tvafaktor/?next=")
    assert "aktiveringslänk" in response.content.decode()
    client.logout()
    region_user = factories.region_user(stockholm, RegionRole.ADMIN)
    response = client.post(
        "/konto/logga-in/",
        {"username": region_user.email, "password": factories.PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/region/01/"
    # The region user enrols from the account page; from then on the code is asked for.
    assert "Aktivera tvåfaktorsinloggning" in client.get("/konto/").content.decode()
    client.get("/konto/tvafaktor/aktivera/")
    page = client.post("/konto/tvafaktor/aktivera/", {"code": new_key_code(client), "next": "/"})
    assert len(re.findall(r"<li>(\d{10})</li>", page.content.decode())) == 10
    assert TOTPDevice.objects.filter(user=region_user, confirmed=True).count() == 1
    assert client.get("/region/01/").status_code == 200  # the session is verified by it
    client.logout()
    response = client.post(
        "/konto/logga-in/",
        {"username": region_user.email, "password": factories.PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith("/konto/tvafaktor/")


def test_repeated_failures_lock_the_address_and_are_logged(client, officer, caplog, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False)
    for _ in range(5):
        response = client.post(
            "/konto/logga-in/", {"username": officer.email, "password": "wrong-password-123"}
        )
        assert "E-postadressen eller lösenordet är fel." in response.content.decode()
    with caplog.at_level(logging.WARNING, logger="statsbidrag.security"):
        response = client.post(
            "/konto/logga-in/", {"username": officer.email, "password": factories.PASSWORD}
        )
    assert response.status_code == 200
    assert (
        "För många misslyckade försök. Inloggning med den här adressen är spärrad i 15 minuter."
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert "is locked" in caplog.text
    assert LoginAttempt.objects.filter(email=officer.email, succeeded=False).count() == 6
    assert LoginAttempt.objects.filter(email=officer.email, locked=True).count() == 1
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, 16, tzinfo=dt.UTC), tick=False)
    response = client.post(
        "/konto/logga-in/", {"username": officer.email, "password": factories.PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/konto/tvafaktor/")


def test_an_idle_session_ends_after_thirty_minutes(client, stockholm, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False)
    client.force_login(factories.region_user(stockholm))
    assert client.get("/region/01/").status_code == 200
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, 25, tzinfo=dt.UTC), tick=False)
    assert client.get("/region/01/").status_code == 200  # activity keeps it alive
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, 56, tzinfo=dt.UTC), tick=False)
    assert client.get("/region/01/")["Location"].startswith("/konto/logga-in/")


def test_releasing_a_payment_needs_a_login_within_fifteen_minutes(client, time_machine):
    import datetime as dt

    from requisitions import services
    from tests.requisitions.conftest import BEFORE_DEADLINE, valid_data

    time_machine.move_to(BEFORE_DEADLINE, tick=False)
    from grants.models import Case
    from regions.models import Region
    from tests.conftest import DIARIENUMMER  # noqa: F401

    grant = _grant()
    case = Case.objects.get(grant=grant, region=Region.objects.get(county_code="01"))
    submitter = factories.region_user(case.region, RegionRole.SUBMITTER)
    decider, releaser = factories.officer(), factories.officer()
    requisition = services.requisition_submit(
        case=case, data=valid_data(), version=0, actor=submitter
    )
    services.requisition_approve(requisition=requisition, actor=decider)
    client.force_login(releaser)
    time_machine.move_to(BEFORE_DEADLINE + dt.timedelta(minutes=16), tick=False)
    client.force_login(releaser)  # same person, but pretend the login was 16 minutes ago:
    session = client.session
    session["statsbidrag_auth_at"] = BEFORE_DEADLINE.isoformat()
    session.save()
    url = f"/handlaggare/rekvisitioner/{requisition.pk}/utbetalning/"
    response = client.post(url, {"payment_date": "2025-11-21"})
    assert response["Location"].startswith("/konto/bekrafta/?next=")
    assert "%2Fhandlaggare%2Frekvisitioner%2F" in response["Location"]
    device = TOTPDevice.objects.get(user=releaser)
    wrong = client.post(
        "/konto/bekrafta/",
        {
            "password": "nope-nope-nope",
            "code": code_for(device),
            "next": f"/handlaggare/rekvisitioner/{requisition.pk}/",
        },
    )
    assert "Lösenordet är fel." in wrong.content.decode()
    ok = client.post(
        "/konto/bekrafta/",
        {
            "password": factories.PASSWORD,
            "code": code_for(device),
            "next": f"/handlaggare/rekvisitioner/{requisition.pk}/",
        },
    )
    assert ok["Location"] == f"/handlaggare/rekvisitioner/{requisition.pk}/"
    assert client.post(url, {"payment_date": "2025-11-21", "confirm": "1"}).status_code == 302
    requisition.refresh_from_db()
    assert requisition.status == "paid"


def _grant():
    from grants.decision_file import DATA_DIR, read_decision_file
    from grants.services import decision_load

    return decision_load(
        data=read_decision_file(DATA_DIR / "decision_2025.toml"),
        diarienummer="S2025/01234",
        decided_on=dt.date(2025, 5, 15),
    )


def test_role_changes_and_recovery_claims_need_a_recent_login(
    client, paid_case, officer, stockholm, time_machine
):
    admin = factories.region_user(stockholm, RegionRole.ADMIN)
    for user, url in (
        (admin, "/region/01/anvandare/"),
        (officer, "/handlaggare/bidrag/2025/region/01/aterkrav/"),
    ):
        client.force_login(user)
        session = client.session
        session["statsbidrag_auth_at"] = (
            dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
        ).isoformat()
        session.save()
        response = client.post(
            url,
            {
                "email": "x@y.test",
                "full_name": "X",
                "role": "admin",
                "amount": "1",
                "ground": "no_report",
                "due_date": "2026-04-01",
                "reason": "x",
            },
        )
        assert response["Location"].startswith("/konto/bekrafta/"), url
    from accounts.models import User
    from repayments.models import Claim

    assert not User.objects.filter(email="x@y.test").exists()
    assert not Claim.objects.exists()


def test_every_page_has_a_strict_content_security_policy(client, grant_2025):
    response = client.get("/konto/logga-in/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_style():
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "email" in path.parts:
            continue
        text = path.read_text()
        if (
            re.search(r"<script(?![^>]*\bsrc=)", text)
            or re.search(r"\sstyle=\"", text)
            or re.search(r"\son[a-z]+=\"", text)
        ):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_deployment_checks_pass_with_production_settings():
    # A production process gets neither the test database nor the browser tests' permission
    # to call the ORM beside Playwright's event loop (tests/browser/conftest.py).
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k3H8-v9Qx_27LmZp!Rt4Wn6Ys1Ub5Ec0Jd8Fg2Ha7Kj9Ls3Mq6Np4Or2Tu5Vx7Wy0Z",
        "AUDIT_KEYS": "2026-1:Vq7Rk2Xw9Lp4Zt8Nm3Hc6Jd1Fs5Gb0Yx7Qe2Wr9Tu4Io8Pa3Sd6",
        "ALLOWED_HOSTS": "statsbidrag.socialstyrelsen.se",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_active_session_is_renewed_once_a_minute_not_on_every_page(
    client, stockholm, time_machine
):
    from django.contrib.sessions.models import Session

    time_machine.move_to(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False)
    client.force_login(factories.region_user(stockholm))
    assert client.get("/region/01/").status_code == 200
    key = client.cookies["sessionid"].value
    first_expiry = Session.objects.get(session_key=key).expire_date
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, 0, 40, tzinfo=dt.UTC), tick=False)
    assert client.get("/region/01/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date == first_expiry  # not written
    time_machine.move_to(dt.datetime(2026, 11, 23, 9, 1, 5, tzinfo=dt.UTC), tick=False)
    assert client.get("/region/01/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed == dt.datetime(2026, 11, 23, 9, 31, 5, tzinfo=dt.UTC)
