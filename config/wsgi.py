"""WSGI entry point (gunicorn config.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# What a worker loads once and keeps while it lives (the apps, the URL configuration and
# every view it imports), loaded now rather than on the first request, and then taken out
# of the garbage collector's sight: a full collection otherwise walks these ~190 000
# objects, 50–60 ms during which none of the worker's threads answers, and that pause was
# most of the slowest twentieth of every page's answers (docs/performance.md). What is
# already garbage is collected first, so that nothing unreachable is kept for good.
get_resolver().url_patterns  # noqa: B018 - imported for its side effect: every view loaded
gc.collect()
gc.freeze()
