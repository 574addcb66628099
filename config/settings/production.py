"""Production settings: secrets required, HTTPS enforced, static files served by WhiteNoise."""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_keys, env_list, env_required

SECRET_KEY = env_required("SECRET_KEY")
env_required("AUDIT_KEYS")
AUDIT_KEYS = env_keys("AUDIT_KEYS")
DEBUG = False
DEMO_ALLOWED = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS=False runs the service over plain HTTP (the local compose stack, a closed test
# network): no redirect, no HSTS, and cookies without Secure and without the __Host- prefix,
# which a browser drops over plain HTTP on any host but localhost. A real deployment keeps the
# default. core/checks.py refuses a mix that would make login fail (docs/running.md).
HTTPS = env_bool("HTTPS", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# The __Host- prefix: the browser only accepts the cookie over HTTPS, for this host, path /.
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"

# WhiteNoise serves the collected static files right after the security middleware.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405

STORAGES = {
    "default": DEFAULT_STORAGE,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
