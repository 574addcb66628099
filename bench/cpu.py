"""What each benchmarked page costs in CPU, one request at a time, in-process.

    make bench-cpu                     (after `make bench-web` has built its database)
    .venv/bin/python bench/cpu.py --profile "region home"

Under the web benchmark's closed loop (20 clients on 2 cores) a page's latency is roughly
10 × its CPU cost, so this is where to look when a page misses its target. It uses the web
benchmark's database as that left it (the large case) and the same settings gunicorn runs
(config/settings/bench.py), fetches each page REPEAT times with a logged-in session after a
warm-up, and prints the CPU milliseconds per request (process time: this process's own
work, not PostgreSQL's), once served from the user's kept page (core/page_cache.py: what a
page costs while nothing it shows has changed) and once built every time (PAGE_CACHE off:
what the first view after a change costs). With --profile PAGE it prints that page's
cProfile for each, sorted by cumulative time.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import support
from bench.web import DB_NAME, PAGES

REPEAT = int(os.environ.get("BENCH_CPU_REPEAT", "50"))


def setup() -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        DATABASE_URL=support.database_url(DB_NAME),
        DATABASE_CONN_MAX_AGE="60",
        SECRET_KEY=support.BENCH_SECRET_KEY,
        AUDIT_KEYS=support.BENCH_AUDIT_KEYS,
        ALLOWED_HOSTS="127.0.0.1,testserver",
        CELERY_BROKER_URL="",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", metavar="PAGE", help="print this page's cProfile")
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    names = [page.name for page in PAGES]
    if args.profile and args.profile not in names:
        sys.exit(f"No page {args.profile!r}; the pages: {', '.join(names)}")
    print(f"CPU ms per request, in-process, {REPEAT} requests per page after a warm-up")
    print(f"{'page':<18} {'kept page':>10} {'built page':>11} {'bytes':>9}")
    for page in PAGES:
        if args.profile and page.name != args.profile:
            continue
        client = Client(HTTP_ACCEPT_LANGUAGE="sv")
        client.cookies[settings.SESSION_COOKIE_NAME] = support.session_for(
            User.objects.get(email=page.user)
        )
        for _ in range(3):
            response = client.get(page.path)
            if response.status_code != 200:
                sys.exit(f"{page.name}: {page.path} answered {response.status_code}, not 200")
        profiler = cProfile.Profile() if args.profile else None
        figures = []
        for keep in (True, False):  # served from the kept page; built every time
            settings.PAGE_CACHE = keep
            cpu_started = time.process_time()
            if profiler:
                profiler.enable()
            for _ in range(REPEAT):
                client.get(page.path)
            if profiler:
                profiler.disable()
            figures.append((time.process_time() - cpu_started) / REPEAT * 1000)
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
                profiler = cProfile.Profile()
        kept, built = figures
        print(f"{page.name:<18} {kept:>10.1f} {built:>11.1f} {len(response.content):>9}")


if __name__ == "__main__":
    main()
