"""What every request and response passes through: the language, refusing addresses no page
can mean, keeping private pages out of caches, the Content Security Policy.

Swedish unless the user has chosen English: Django's LocaleMiddleware would follow the
browser's Accept-Language header; an agency service in Sweden speaks Swedish first and
switches only when the user asks (the language form sets a cookie).
"""

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control


def chosen_language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class ContentSecurityPolicyMiddleware:
    """A strict Content Security Policy: everything from our own origin, no inline scripts,
    no inline styles, nothing framed."""

    POLICY = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


# The C0 control characters (NUL included) and DEL: no address of this service holds one.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Django's handler turns each byte of the path that is not part of UTF-8 into %XX (always
# 80-FF); no path of the service holds such an escape after decoding either.
_NOT_UTF8 = re.compile(r"%[89a-f][0-9a-f]", re.IGNORECASE)


def _malformed_query(query: str) -> bool:
    """A query string (as sent, percent-encoded) holding a control character or bytes that
    are not UTF-8 once decoded."""
    try:
        raw = query.encode("iso-8859-1")  # PEP 3333 carries the bytes sent as Latin-1
    except UnicodeEncodeError:  # not from a WSGI server: already text
        raw = query.encode()
    try:
        decoded = unquote_to_bytes(raw.replace(b"+", b" ")).decode()
    except UnicodeDecodeError:
        return True
    return bool(_CONTROL.search(decoded))


class RefuseMalformedAddressMiddleware:
    """Answer 400 Bad Request, with a plain page in the user's language, to a request whose
    path or query string holds a control character (NUL included), bytes that are not
    UTF-8, or is longer than ``MAX_ADDRESS_LENGTH``. No page of the service has such an
    address, and such a value reaching a view could end as a server error (PostgreSQL
    refuses NUL in text). A cookie holding a control character is dropped, as if it had not
    been sent (the session cookie is looked up in the database).

    Views still parse their own parameters defensively (over-long values, huge numbers): see
    ``tests/permissions/test_hostile_urls.py``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        query = request.META.get("QUERY_STRING", "")
        if (
            len(path) + len(query) > settings.MAX_ADDRESS_LENGTH
            or _CONTROL.search(path)
            or _NOT_UTF8.search(path)
            or _malformed_query(query)
        ):
            language = chosen_language(request)
            with translation.override(language):
                response = HttpResponseBadRequest(render_to_string("400.html"))
            response["Content-Language"] = language
            return response
        if any(_CONTROL.search(name + value) for name, value in request.COOKIES.items()):
            request.COOKIES = {
                name: value
                for name, value in request.COOKIES.items()
                if not _CONTROL.search(name + value)
            }
        return self.get_response(request)


class PrivateCacheControlMiddleware:
    """``Cache-Control: private, no-store`` on every answer that may carry case or personal
    data, so that neither a shared cache nor the browser's disk keeps it: every answer to a
    logged-in user (pages, kept pages, PDFs, zips, exports, redirects, errors) and every
    answer to anyone else except the public pages in ``PUBLIC_PATHS`` (the accessibility
    statement, open data, the health check, static files), which keep their own headers.

    A Cache-Control a view set is kept and only made stricter: ``private`` replaces
    ``public``, ``no-store`` is added."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logged_in = user is not None and user.is_authenticated
        if logged_in or not request.path_info.startswith(settings.PUBLIC_PATHS):
            patch_cache_control(response, private=True, no_store=True)
        return response
