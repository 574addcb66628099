"""Two-factor login: a user who needs a second factor reaches nothing but the steps that
give one until the session is verified."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from core import clock

from .security import has_confirmed_device, requires_two_factor

ALLOWED_PREFIXES = (
    "/static/",
    "/i18n/",
    "/tillganglighet/",
    "/halsa/",
    "/konto/logga-ut/",
    "/konto/tvafaktor/",
)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(ALLOWED_PREFIXES)
            and requires_two_factor(user)
        ):
            step = (
                "accounts:two_factor" if has_confirmed_device(user) else "accounts:two_factor_enrol"
            )
            return redirect(f"{reverse(step)}?next={request.get_full_path()}")
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
