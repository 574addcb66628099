"""Login throttling and lockout, two-factor requirements, and recent authentication.

- After ``LOGIN_FAILURE_LIMIT`` failed logins for an address within
  ``LOGIN_LOCKOUT_MINUTES``, that address is locked for the same time, whatever password
  is tried; an IP address is throttled after ``LOGIN_IP_FAILURE_LIMIT`` failures. Every
  attempt is kept (``LoginAttempt``) and a lockout is logged.
- Officers, auditors and administrators must log in with a second factor (TOTP); region
  users may enrol, and then must use it.
- The most sensitive acts need a login (password and, where enrolled, code) within the
  last ``REAUTH_MAX_AGE_MINUTES``.
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_otp import devices_for_user

from core import clock

from . import permissions
from .backends import CONFIRMED_DEVICE_ATTRIBUTE
from .models import LoginAttempt

logger = logging.getLogger("statsbidrag.security")
AUTH_AT_SESSION_KEY = "statsbidrag_auth_at"


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _window() -> dt.datetime:
    return clock.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def is_locked(email: str, ip: str | None) -> bool:
    since = _window()
    email = (email or "").strip().lower()
    failures = LoginAttempt.objects.filter(email=email, succeeded=False, at__gte=since)
    last_success = (
        LoginAttempt.objects.filter(email=email, succeeded=True, at__gte=since)
        .order_by("-at")
        .first()
    )
    if last_success:
        failures = failures.filter(at__gt=last_success.at)
    if failures.count() >= settings.LOGIN_FAILURE_LIMIT:
        return True
    return bool(
        ip
        and LoginAttempt.objects.filter(ip_address=ip, succeeded=False, at__gte=since).count()
        >= settings.LOGIN_IP_FAILURE_LIMIT
    )


def record_attempt(*, email: str, ip: str | None, succeeded: bool, locked: bool = False) -> None:
    email = (email or "").strip().lower()[:254]
    LoginAttempt.objects.create(email=email, ip_address=ip, succeeded=succeeded, locked=locked)
    if locked:
        logger.warning("Login refused: %s is locked after repeated failures (from %s)", email, ip)
    elif not succeeded and is_locked(email, ip):
        logger.warning(
            "Login locked for %s after %d failures (from %s)",
            email,
            settings.LOGIN_FAILURE_LIMIT,
            ip,
        )


def has_confirmed_device(user: Any) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def requires_two_factor(user: Any) -> bool:
    """Staff and administrators always; region users once they have enrolled."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or permissions.is_agency_staff(user):
        return True
    # Read with the user at the start of this request (accounts.backends), when it was.
    known = getattr(user, CONFIRMED_DEVICE_ATTRIBUTE, None)
    return has_confirmed_device(user) if known is None else known


def mark_authenticated(request: HttpRequest) -> None:
    request.session[AUTH_AT_SESSION_KEY] = clock.now().isoformat()


def recently_authenticated(request: HttpRequest) -> bool:
    value = request.session.get(AUTH_AT_SESSION_KEY)
    if not value:
        return False
    at = dt.datetime.fromisoformat(value)
    return clock.now() - at <= dt.timedelta(minutes=settings.REAUTH_MAX_AGE_MINUTES)
