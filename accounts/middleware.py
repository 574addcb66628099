"""Two-factor login: a half logged-in session (the password given, the second factor the
user needs not yet) reaches only the pages named in ``HALF_LOGGED_IN_MAY_OPEN``; every
other request is sent to the code page. The pages are named, not matched by path, so a
page added later is closed to it until it is named here."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.models import Device

from core import clock

from .backends import CONFIRMED_DEVICES_ATTRIBUTE
from .security import is_half_logged_in

# The second step itself, and what an anonymous visitor may open as well.
HALF_LOGGED_IN_MAY_OPEN = frozenset(
    {
        # The code page (for a staff member without an authenticator: how to get a link).
        "accounts:two_factor",
        # An administrator's enrolment link; the view accepts only the user's own, usable link.
        "accounts:two_factor_enrol_link",
        "accounts:logout",
        # Public pages.
        "accounts:password_reset",
        "accounts:activate",  # an invitation or reset link is its own credential
        "core:accessibility",
        "core:health",
        "reporting:open_allocation_json",
        "reporting:open_allocation_csv",
        "set_language",
    }
)


def url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


class OTPMiddleware(DjangoOTPMiddleware):
    """django_otp's: ``request.user.otp_device`` is the device the session was verified with
    (None if none), ``request.user.is_verified()`` says whether there is one. django_otp
    loads that device on every request to check that it still exists, is confirmed and is
    the user's; the user's confirmed devices come with the user (accounts/backends.py), so
    here the check is against those, and the device itself is read only if something asks
    for it."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        self._init_user_fields(user)  # loads the user
        confirmed = getattr(user, CONFIRMED_DEVICES_ATTRIBUTE, None)
        if confirmed is None or not user.is_authenticated:  # loaded some other way
            return super()._verify_user_sync(request, user)
        named = request.session.get(DEVICE_ID_SESSION_KEY)
        persistent_id = self._normalize_persistent_id(named) if named else None
        if persistent_id in confirmed:
            user.otp_device = SimpleLazyObject(lambda: Device.from_persistent_id(persistent_id))
        elif named is not None:
            del request.session[DEVICE_ID_SESSION_KEY]  # as django_otp forgets a device gone
        return user


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and is_half_logged_in(user)
            and url_name(request) not in HALF_LOGGED_IN_MAY_OPEN
        ):
            return redirect(
                f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)


RENEWED_AT_SESSION_KEY = "statsbidrag_renewed_at"


class IdleSessionMiddleware:
    """Keep an active session alive without writing it on every request.

    The session ends SESSION_COOKIE_AGE after it was last saved. Saving it on every page view
    (Django's SESSION_SAVE_EVERY_REQUEST) costs a database write per request; renewing it
    when the last renewal is more than SESSION_RENEW_SECONDS old keeps the idle timeout
    within that margin (29–30 minutes of inactivity rather than exactly 30)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(clock.now().timestamp())
            renewed_at = session.get(RENEWED_AT_SESSION_KEY, 0)
            if (
                not isinstance(renewed_at, int)
                or now - renewed_at >= settings.SESSION_RENEW_SECONDS
            ):
                session[RENEWED_AT_SESSION_KEY] = now  # marks it modified: saved with a new expiry
        return response
