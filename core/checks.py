"""Startup checks: settings that would let the service start but keep everyone from logging in."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

# Browsers treat these hosts as secure even over plain HTTP and keep Secure cookies there.
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


def _is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.endswith(".localhost")


@register(Tags.security)
def https_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """HTTPS, SECURE_SSL_REDIRECT, the cookies' Secure flag and SITE_URL must agree."""
    messages: list[CheckMessage] = []
    secure_cookies = settings.SESSION_COOKIE_SECURE or settings.CSRF_COOKIE_SECURE
    if settings.SECURE_SSL_REDIRECT and not secure_cookies:
        messages.append(
            Error(
                "SECURE_SSL_REDIRECT is on but HTTPS=False: the service redirects to HTTPS "
                "and still sends its cookies as if it ran over plain HTTP.",
                hint="Set HTTPS=True (the default) behind TLS, or remove SECURE_SSL_REDIRECT "
                "to run over plain HTTP.",
                id="core.E001",
            )
        )
    site = urlsplit(settings.SITE_URL)
    if secure_cookies and site.scheme == "http" and not _is_loopback(site.hostname or ""):
        messages.append(
            Error(
                f"SITE_URL is {settings.SITE_URL}, plain HTTP, but HTTPS is on (the default in "
                "production): the login cookies are Secure with the __Host- prefix, a browser "
                "drops them over plain HTTP on any host but localhost, and nobody can log in.",
                hint="Serve the service over HTTPS and set SITE_URL=https://…, or set "
                'HTTPS=False to run it over plain HTTP (docs/running.md, "HTTPS").',
                id="core.E002",
            )
        )
    return messages
