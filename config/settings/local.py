"""Settings for a developer's machine and `make run`: SQLite, inline tasks, e-mail to files."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY

DEBUG = True
SECRET_KEY = _SECRET_KEY or "django-insecure-local-development-only"
DEMO_ALLOWED = True
