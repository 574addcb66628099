"""Login throttling and lockout, two-factor requirements, and recent authentication.

- After ``LOGIN_FAILURE_LIMIT`` failed logins for an address within
  ``LOGIN_LOCKOUT_MINUTES``, that address is locked for the same time, whatever password
  is tried; an IP address is throttled after ``LOGIN_IP_FAILURE_LIMIT`` failures. Every
  attempt is kept (``LoginAttempt``) and a lockout is logged.
- Officers, auditors and administrators must log in with a second factor (TOTP); region
  users may enrol, and then must use it. Until a user who needs it has given it, the
  session is *half logged in* (:func:`is_half_logged_in`): it reaches the code page, the
  enrolment link, logging out and the public pages, nothing else
  (``accounts.middleware.TwoFactorMiddleware``), and the page header shows no menu or name.
- The most sensitive acts need a login (password and, where enrolled, code) within the
  last ``REAUTH_MAX_AGE_MINUTES``. That time is set only once every factor the user has is
  given (:func:`mark_authenticated`).
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
# Set on the request's user by accounts.oidc.EidSessionMiddleware when the session's e-ID
# login was at an assurance level that counts as every factor (OIDC_REQUIRED_ACR).
EID_EVERY_FACTOR_ATTRIBUTE = "_eid_counts_as_every_factor"


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


def is_staff_account(user: Any) -> bool:
    """Officers, auditors and administrators: they need a second factor whatever they have."""
    return bool(user.is_superuser or permissions.is_agency_staff(user))


def has_confirmed_device(user: Any) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def requires_two_factor(user: Any) -> bool:
    """Staff and administrators always; region users once they have enrolled."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_staff_account(user):
        return True
    # Read with the user at the start of this request (accounts.backends), when it was.
    known = getattr(user, CONFIRMED_DEVICE_ATTRIBUTE, None)
    return has_confirmed_device(user) if known is None else known


def is_half_logged_in(user: Any) -> bool:
    """The password is given, the second factor the user needs is not (yet)."""
    if not getattr(user, "is_authenticated", False) or not requires_two_factor(user):
        return False
    if getattr(user, EID_EVERY_FACTOR_ATTRIBUTE, False):
        return False  # an e-ID login at the required assurance level is every factor
    # accounts.middleware.OTPMiddleware installs is_verified(); a user without it (one
    # just logged in with the password) has verified nothing.
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())


def is_fully_logged_in(user: Any) -> bool:
    """Logged in with every factor the user needs: what the menu, the name in the header and
    every page but the login steps and the public ones ask for."""
    return bool(getattr(user, "is_authenticated", False)) and not is_half_logged_in(user)


def mark_authenticated(request: HttpRequest) -> None:
    """Note that the user has just proven who they are with every factor they have. A half
    logged-in session is never marked (the sensitive acts would trust it)."""
    if not is_fully_logged_in(request.user):
        return
    request.session[AUTH_AT_SESSION_KEY] = clock.now().isoformat()


def recently_authenticated(request: HttpRequest) -> bool:
    value = request.session.get(AUTH_AT_SESSION_KEY)
    if not value:
        return False
    at = dt.datetime.fromisoformat(value)
    return clock.now() - at <= dt.timedelta(minutes=settings.REAUTH_MAX_AGE_MINUTES)
