"""Settings for a developer's machine and `make run`: SQLite, inline tasks, e-mail to files."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY

DEBUG = True
SECRET_KEY = _SECRET_KEY or "django-insecure-local-development-only"
DEMO_ALLOWED = True
# A fixed audit key for local development only; production requires its own (AUDIT_KEYS).
AUDIT_KEYS = AUDIT_KEYS or {"dev": b"statsbidrag-development-audit-key-not-secret"}  # noqa: F405
