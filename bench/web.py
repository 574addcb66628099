"""Benchmark: the main pages under 20 concurrent clients, gunicorn and PostgreSQL on loopback.

    make bench-web        (or: .venv/bin/python bench/web.py)

Builds a fresh database `statsbidrag_bench_web` (dropped and created again): the demo data
(the 2025 grant with its whole history, demo users), an open round whose requisition form
is still open and one grant of history with cases in every stage (the small case); counts
each page's SQL queries in-process; then adds 29 more such grants × 21 regions (the large
case: 32 decided grants) and counts again.
gunicorn then serves the large case with the bench settings (config/settings/bench.py:
production less HTTPS) and 20 clients, each with its own keep-alive connection and its own
logged-in session, fetch each page. Prints median and 95th percentile per page, next to a
minimal page through the same middleware (`/halsa/`, the floor), and exits non-zero when a
target is missed: p95 at most 3 × the floor's and at most 100 ms, queries the same in both
cases; with PAGE_CACHE=0 (every page built on every request) p95 at most 5 × the floor's.
See docs/performance.md.
"""

import datetime as dt
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import support

DB_NAME = os.environ.get("BENCH_DATABASE_NAME", "statsbidrag_bench_web")
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))  # measured, per page
WARM_UP = 3  # per client, per page, not measured
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))  # one process per core
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
OPEN_YEAR = 2027  # the open round whose requisition form is measured
KEPT_CHECK_YEAR = 2090  # a round of its own for the check that kept pages survive (below)
# The grants of history (bench/data.py: cases in every stage), in every year the demo and
# the open round leave free. The small case holds the first, the large case all 30: both
# cases show the same kinds of items, so that what the large case adds is more grants of
# the same kind (a page that lists at most ten of a kind shows ten in both), not a kind of
# item the small case lacks.
HISTORY_YEARS = [y for y in range(2000, 2060) if y not in (2025, 2026, OPEN_YEAR)][:30]
SMALL_HISTORY = 1
# Only these pages (comma-separated names), for trying a change; the floor is always measured.
ONLY = {name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()}
P95_LIMIT_MS = 100.0
FLOOR_FACTOR = 3.0
# With kept pages off (PAGE_CACHE=0) every request builds its page: p95 at most 5 × the floor.
BUILT_FLOOR_FACTOR = 5.0


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    user: str  # e-mail of the demo user who opens it


PAGES = [
    Page("floor (/halsa/)", "/halsa/", "ombud-01@regioner.test"),
    Page("region home", "/region/01/", "ombud-01@regioner.test"),
    Page(
        "requisition form", f"/region/01/bidrag/{OPEN_YEAR}/rekvisition/", "ombud-01@regioner.test"
    ),
    Page("report form", "/region/01/bidrag/2025/redovisning/", "ombud-01@regioner.test"),
    Page("officer queue", "/handlaggare/rekvisitioner/", "handlaggare@socialstyrelsen.test"),
    Page("overview", "/bidrag/2025/oversikt/", "handlaggare@socialstyrelsen.test"),
    Page("auditor list", "/admin/requisitions/requisition/", "revisor@socialstyrelsen.test"),
    Page("officer inbox", "/handlaggare/inkorg/", "handlaggare@socialstyrelsen.test"),
]


def build_small_case() -> None:
    from django.core.management import call_command

    from accounts.models import User
    from bench.data import decided_grant
    from core import clock

    call_command("demo", verbosity=0)
    today = clock.today()
    decided_grant(
        year=OPEN_YEAR,
        requisition_due=today + dt.timedelta(days=30),
        report_due=today + dt.timedelta(days=400),
        officer=User.objects.get(email="handlaggare@socialstyrelsen.test"),
    )
    _add_history(HISTORY_YEARS[:SMALL_HISTORY])


def build_large_case() -> None:
    _add_history(HISTORY_YEARS[SMALL_HISTORY:])


def _add_history(years: list[int]) -> None:
    from django.db import connection, transaction

    from accounts.models import User
    from bench.data import build_history

    officers = (
        User.objects.get(email="handlaggare@socialstyrelsen.test"),
        User.objects.get(email="handlaggare2@socialstyrelsen.test"),
    )
    with transaction.atomic():
        build_history(years=years, officers=officers)
    # After the bulk load, the database as it stands in production between loads: the
    # planner's statistics and the tables' visibility maps up to date (what autovacuum would
    # otherwise start on while pages are measured) and the written pages flushed to disk
    # (what the checkpointer would otherwise do then). Measured before this, the pages cost
    # up to a fifth more CPU right after the large case was written than a minute later.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")


def count_queries() -> dict[str, str]:
    """Each page's queries, fetched in-process by its user, as "built / kept": the page built
    (no kept page: the first view after a change) and served from the user's kept page
    (core/page_cache.py). After a first fetch, so one-off work such as the first session
    write is not counted. Every page must answer 200."""
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    counts = {}
    for page in PAGES:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = support.session_for(
            User.objects.get(email=page.user)
        )
        client.get(page.path)
        caches["pages"].clear()
        numbers = []
        for _ in ("built", "kept"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.path)
            if response.status_code != 200:
                sys.exit(f"{page.name}: {page.path} answered {response.status_code}, not 200")
            numbers.append(len(queries))
        counts[page.name] = "{} / {}".format(*numbers)
    return counts


def load(server: support.Server, page: Page, sessions: list[str]) -> tuple[list[float], int]:
    """CLIENTS threads, each with its own session and connection: a warm-up, then together
    REQUESTS requests in all. Returns the latencies (ms) and the number of non-200 answers."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    remaining = [REQUESTS]
    start = threading.Barrier(len(sessions))

    def client(session_key: str) -> None:
        nonlocal failures
        browser = support.Browser(server, session_key)
        try:
            for _ in range(WARM_UP):
                browser.get(page.path)
            start.wait(timeout=120)
            while True:
                with lock:
                    if remaining[0] <= 0:
                        return
                    remaining[0] -= 1
                response = browser.get(page.path)
                with lock:
                    latencies.append(response.seconds * 1000)
                    if response.status != 200:
                        failures += 1
        finally:
            browser.close()

    threads = [threading.Thread(target=client, args=(key,)) for key in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return latencies, failures


PAGES_REDIS_URL = os.environ.get("BENCH_PAGES_REDIS_URL", "redis://127.0.0.1:6379/14")


def redis_for_pages() -> str | None:
    """The Redis the gunicorn workers share their kept pages through (emptied first), or
    None when none answers (each worker then keeps its own)."""
    import redis

    try:
        redis.Redis.from_url(PAGES_REDIS_URL, socket_connect_timeout=1).flushdb()
    except redis.RedisError:
        return None
    return PAGES_REDIS_URL


def kept_after_another_regions_change(server: support.Server) -> tuple[int, int, str]:
    """A round of its own opens (KEPT_CHECK_YEAR, so that the measured pages, which
    `make bench-cpu` fetches again, stay as they were); every region's home page is seen
    once and kept; then region 01 submits its requisition in that round; then each is
    fetched again. Returns how many of the other regions' pages were still served kept, out
    of how many, and how region 01's own page was."""
    from accounts.models import RegionMembership, RegionRole, User
    from bench.data import decided_grant
    from core import clock
    from demo.history import demo_bankgiro, requisition_data
    from grants.models import Case
    from requisitions import services

    today = clock.today()
    decided_grant(
        year=KEPT_CHECK_YEAR,
        requisition_due=today + dt.timedelta(days=30),
        report_due=today + dt.timedelta(days=400),
        officer=User.objects.get(email="handlaggare@socialstyrelsen.test"),
    )

    admins = {
        m.region.county_code: m.user
        for m in RegionMembership.objects.filter(role=RegionRole.ADMIN).select_related(
            "region", "user"
        )
    }
    clients = {
        code: support.Browser(server, support.session_for(user)) for code, user in admins.items()
    }

    def how(code: str) -> str:
        response = clients[code].get(f"/region/{code}/")
        if response.status != 200:
            return f"answered {response.status}"
        return response.headers.get("x-page", "built")

    for code in clients:
        how(code)
        how(code)
    case = Case.objects.select_related("region").get(
        grant__year=KEPT_CHECK_YEAR, region__county_code="01"
    )
    submitter = admins["01"]
    services.requisition_submit(
        case=case,
        data=requisition_data(case, submitter, amount=100_000_00, bankgiro=demo_bankgiro("01")),
        version=0,
        actor=submitter,
    )
    others = [code for code in clients if code != "01"]
    kept = sum(1 for code in others if how(code) == "kept")
    own = how("01")
    for client in clients.values():
        client.close()
    return kept, len(others), own


def main() -> None:
    started = time.monotonic()
    support.bootstrap(DB_NAME)
    build_small_case()
    small = count_queries()
    built = time.monotonic()
    build_large_case()
    print(
        f"Data: demo, open round and {SMALL_HISTORY} grant of history in "
        f"{built - started:.0f} s; {len(HISTORY_YEARS) - SMALL_HISTORY} grants × 21 regions "
        f"added in {time.monotonic() - built:.0f} s"
    )
    large = count_queries()

    from django.conf import settings
    from django.db import connection

    from accounts.models import User

    measured = [p for p in PAGES if p is PAGES[0] or not ONLY or p.name in ONLY]
    sessions = {
        page.name: [support.session_for(User.objects.get(email=page.user)) for _ in range(CLIENTS)]
        for page in measured
    }
    connection.close()
    results: dict[str, tuple[float, float, int]] = {}
    log = support.ROOT / "var" / "bench" / "gunicorn-web.log"
    pages_redis = redis_for_pages() if settings.PAGE_CACHE else None
    with support.gunicorn(
        database=support.database_url(DB_NAME),
        secret_key=settings.SECRET_KEY,
        log=log,
        workers=WORKERS,
        threads=THREADS,
        pages_redis=pages_redis,
    ) as server:
        for page in measured:
            latencies, failures = load(server, page, sessions[page.name])
            results[page.name] = (
                support.percentile(latencies, 50),
                support.percentile(latencies, 95),
                failures,
            )
        survived = kept_after_another_regions_change(server) if settings.PAGE_CACHE else None

    floor_p95 = results[PAGES[0].name][1]
    print(
        f"\n{CLIENTS} concurrent clients, {REQUESTS} requests per page after {WARM_UP} "
        f"warm-up requests per client; gunicorn {WORKERS} workers × {THREADS} threads, "
        f"{os.cpu_count()} CPUs; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    header = f"{'page':<18} {'median ms':>9} {'p95 ms':>7} {'p95/floor':>9} {'q small':>8} {'q large':>8}  result"
    print(header)
    print("-" * len(header))
    failed = []
    for page in measured:
        median, p95, failures = results[page.name]
        ratio = p95 / floor_p95 if floor_p95 else 0.0
        problems = []
        if failures:
            problems.append(f"{failures} non-200")
        if small[page.name] != large[page.name]:
            problems.append("queries grow")
        if page is not PAGES[0] and settings.PAGE_CACHE:
            if p95 > P95_LIMIT_MS:
                problems.append(f"p95 > {P95_LIMIT_MS:.0f} ms")
            if ratio > FLOOR_FACTOR:
                problems.append(f"p95 > {FLOOR_FACTOR:.0f} × floor")
        elif page is not PAGES[0] and ratio > BUILT_FLOOR_FACTOR:
            problems.append(f"p95 > {BUILT_FLOOR_FACTOR:.0f} × floor with every page built")
        verdict = "PASS" if not problems else "FAIL: " + ", ".join(problems)
        if problems:
            failed.append(page.name)
        print(
            f"{page.name:<18} {median:>9.1f} {p95:>7.1f} {ratio:>9.2f} "
            f"{small[page.name]:>8} {large[page.name]:>8}  {verdict}"
        )
    print(
        "(q: SQL queries per page, built / served from the user's kept page. "
        + (
            "Under load every request is served from the kept page: nothing changes.)"
            if settings.PAGE_CACHE
            else "PAGE_CACHE=0: every request builds its page.)"
        )
    )
    if survived is not None:
        kept, others, own = survived
        where = "shared through Redis" if pages_redis else "each worker its own (no Redis)"
        print(
            f"\nAfter region 01 submitted its requisition: {kept} of the other {others} regions' "
            f"home pages still served kept; region 01's own page {own} (kept pages {where})."
        )
        if kept != others or own != "built":
            failed.append("kept pages after another region's change")
    print(f"\nTotal time {time.monotonic() - started:.0f} s.")
    if failed:
        sys.exit(f"Targets missed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
