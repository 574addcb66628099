"""Settings for the test suite. DATABASE_URL chooses PostgreSQL (CI) or SQLite."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY
from .env import env_str

SECRET_KEY = _SECRET_KEY or "django-insecure-tests-only"
DEBUG = False
DEMO_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A test that runs a real Celery worker process tells it where to write e-mail.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# A fixed audit key for the tests only; production requires its own (AUDIT_KEYS).
AUDIT_KEYS = AUDIT_KEYS or {"dev": b"statsbidrag-development-audit-key-not-secret"}  # noqa: F405
if not env_str("DATABASE_URL"):
    # Without PostgreSQL the suite makes its own SQLite database in memory, and `manage.py
    # makemigrations --check` needs none: nothing run with these settings opens
    # var/db.sqlite3, which a fresh clone does not have (no warning about it).
    DATABASES["default"]["NAME"] = ":memory:"  # noqa: F405
