"""Production settings for the benchmarks on loopback (`make bench`, `make loadtest`).

Everything is as in production — DEBUG off, the same middleware (WhiteNoise included),
the same session and CSRF checks — except what plain HTTP on 127.0.0.1 needs:

- no redirect to HTTPS and no HSTS;
- cookies without the Secure flag, under their plain names (the ``__Host-`` prefix
  requires Secure);
- static files from the plain storage, so no `collectstatic` manifest is needed
  (the benchmarks fetch pages, not static files).
"""

from .production import *  # noqa: F403

HTTPS = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
