"""Settings of the test OpenID provider (django-oauth-toolkit), a Django project of its own
that the tests run in a separate process (see __init__.py). Not part of the service."""

import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECRET_KEY = "test-provider-not-secret"  # nosec B105 - a test fixture
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "oidc-dev"]
USE_TZ = True
TIME_ZONE = "UTC"
ROOT_URLCONF = "tests.support.oidc_provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["TEST_PROVIDER_DATABASE"],
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/login/"
SESSION_COOKIE_NAME = "provider_session"  # the service's cookie on the same host is another
CSRF_COOKIE_NAME = "provider_csrftoken"

# username -> {"personnummer", "acr", "name"}: the people this provider vouches for.
IDENTITIES = json.loads(os.environ.get("TEST_PROVIDER_IDENTITIES", "{}"))

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["TEST_PROVIDER_RSA_KEY"],
    "PKCE_REQUIRED": True,
    "SCOPES": {"openid": "OpenID Connect", "profile": "Name and personal identity number"},
    "OAUTH2_VALIDATOR_CLASS": "tests.support.oidc_provider.validator.Validator",
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http"],
    # Fixed where the browser and the service reach the provider at different addresses.
    "OIDC_ISS_ENDPOINT": os.environ.get("TEST_PROVIDER_ISSUER", ""),
}
