"""An authenticator code is accepted one 30-second step early or late (the phone's clock may
drift), never twice, and never an older code after a newer one. What the device row says
about tolerance or learnt drift does not widen that window."""

import datetime as dt

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests import factories

pytestmark = pytest.mark.django_db

# 09:00:10 UTC: ten seconds into a 30-second step.
NOW = dt.datetime(2026, 11, 23, 9, 0, 10, tzinfo=dt.UTC)


def code(device: TOTPDevice, steps: int) -> str:
    """The code the authenticator shows ``steps`` 30-second steps from NOW."""
    totp = TOTP(device.bin_key, step=30, t0=0, digits=6, drift=steps)
    totp.time = NOW.timestamp()
    return f"{totp.token():06d}"


def accepted(device: TOTPDevice, token: str) -> bool:
    """Whether the login's check (also the code page's and confirming again's) takes it."""
    return two_factor.device_for_token(device.user, token) == device


@pytest.fixture
def device(officer, time_machine):
    time_machine.move_to(NOW, tick=False)
    return TOTPDevice.objects.create(user=officer, name="app", confirmed=True)


def test_the_settings_pin_the_window():
    assert settings.OTP_TOTP_TOLERANCE == 1
    assert settings.OTP_TOTP_SYNC is False


def test_one_step_early_or_late_is_accepted_two_steps_are_not(officer, time_machine):
    time_machine.move_to(NOW, tick=False)
    for steps, expected in ((-2, False), (2, False), (-1, True), (1, True), (0, True)):
        # A fresh authenticator for each, so no earlier code stands in the way.
        device = TOTPDevice.objects.create(user=factories.officer(), name="app", confirmed=True)
        assert accepted(device, code(device, steps)) is expected, steps


def test_a_code_is_accepted_once_and_an_older_one_never_after_a_newer(device, time_machine):
    assert accepted(device, code(device, -1))
    time_machine.shift(dt.timedelta(seconds=2))  # past the wait a refused code would cost
    assert not accepted(device, code(device, -1))  # the same code twice
    time_machine.shift(dt.timedelta(seconds=2))
    assert accepted(device, code(device, 0))
    time_machine.shift(dt.timedelta(seconds=4))
    assert not accepted(device, code(device, -1))  # older, after a newer one
    time_machine.shift(dt.timedelta(seconds=8))
    assert not accepted(device, code(device, 0))  # the same step again
    time_machine.shift(dt.timedelta(seconds=16))
    assert accepted(device, code(device, 1))


def test_a_late_code_does_not_widen_the_window_for_later_codes(device, time_machine):
    """With drift learnt from a code one step ahead, a code two steps ahead would pass."""
    assert accepted(device, code(device, 1))
    device.refresh_from_db()
    assert device.drift == 0
    time_machine.shift(dt.timedelta(seconds=2))
    assert not accepted(device, code(device, 2))


def test_a_device_row_with_a_wider_tolerance_or_a_drift_is_held_to_the_window(device, time_machine):
    TOTPDevice.objects.filter(pk=device.pk).update(tolerance=5, drift=3)
    device.refresh_from_db()
    assert not accepted(device, code(device, 3))
    time_machine.shift(dt.timedelta(seconds=2))
    assert not accepted(device, code(device, -2))
    time_machine.shift(dt.timedelta(seconds=4))
    assert accepted(device, code(device, 0))
    device.refresh_from_db()
    assert (device.tolerance, device.drift) == (1, 0)


def test_the_code_that_finished_the_login_does_not_confirm_a_sensitive_act(
    client, grant_2025, device, time_machine
):
    officer = device.user
    client.post("/konto/logga-in/", {"username": officer.email, "password": factories.PASSWORD})
    token = code(device, 0)
    assert client.post("/konto/tvafaktor/", {"code": token, "next": "/"})["Location"] == "/"
    time_machine.shift(dt.timedelta(seconds=5))
    again = client.post(
        "/konto/bekrafta/", {"password": factories.PASSWORD, "code": token, "next": "/"}
    )
    assert again.status_code == 200
    assert "Koden är fel eller för gammal." in again.content.decode()
