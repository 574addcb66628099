"""Two-factor login: a user who needs a second factor reaches nothing but the steps that
give one until the session is verified."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

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
