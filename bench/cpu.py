"""What each main page costs in CPU, one request at a time, in-process, against the targets.

    make bench-cpu                                   (or: .venv/bin/python bench/cpu.py)
    .venv/bin/python bench/cpu.py --profile "region home"
    BENCH_PAGES="region home,overview" .venv/bin/python bench/cpu.py   (only those and the floor)

Builds a fresh database `statsbidrag_bench_cpu` (`BENCH_CPU_DATABASE_NAME`) with the web
benchmark's small case (the demo, an open round and one grant of history: 3 decided
grants), measures, adds the large case (29 more grants of history × 21 regions: 32) and
measures again. Each measurement
runs in a process of its own with the settings gunicorn runs (config/settings/bench.py),
starts as a gunicorn worker does (config/wsgi.py: every view loaded, the heap frozen),
fetches each page in BATCHES batches of REPEAT requests with a logged-in session after a
warm-up and takes the median batch's CPU time of this process per request (process time: its
own work, not PostgreSQL's), once served from the user's kept page (core/page_cache.py) and
once built every time (PAGE_CACHE off: what the first view after a change costs).

Prints, per page and case, the CPU milliseconds per request; the built page as a multiple
of the floor's (`/halsa/` through the same middleware): a batch of the floor is measured
before each batch of the page, and the multiple is the median of the batches' ratios, so
that both are measured over the same seconds; the large case's multiple of the floor as a
multiple of the small case's (the growth with the grants, the floor's own cost being the
same in both); and the page's size in kB in each case. Targets (issue 16): every built
page at most 6 × the floor in both cases, and at most 10 % dearer with 32 grants than with
3. Exits non-zero when one is missed. With --profile PAGE it prints that page's cProfile
(kept and built) on the database as it is, sorted by cumulative time.
"""

import argparse
import cProfile
import gc
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import support
from bench.web import ONLY, PAGES, build_large_case, build_small_case

DB_NAME = os.environ.get("BENCH_CPU_DATABASE_NAME", "statsbidrag_bench_cpu")
REPEAT = int(os.environ.get("BENCH_CPU_REPEAT", "15"))  # requests per batch
BATCHES = int(os.environ.get("BENCH_CPU_BATCHES", "15"))  # batches per page and mode
FLOOR_FACTOR = 6.0  # a built page at most this many times the floor's CPU
FLAT_FACTOR = 1.10  # the large case's built page at most this many times the small case's


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


def measure(profile: str | None = None) -> dict[str, tuple[float, float, int, float]]:
    """page -> (kept ms, built ms, bytes, built as a multiple of the floor measured
    alongside), CPU per request."""
    setup()
    from django.conf import settings
    from django.test import Client

    # As a gunicorn worker starts (config/wsgi.py): every view loaded, then the heap taken out
    # of the collector's full collections, which would otherwise walk it now and then within
    # a measured batch.
    import config.wsgi  # noqa: F401
    from accounts.models import User

    def client_for(page: Any) -> Any:
        client = Client(HTTP_ACCEPT_LANGUAGE="sv")
        client.cookies[settings.SESSION_COOKIE_NAME] = support.session_for(
            User.objects.get(email=page.user)
        )
        for _ in range(3):
            response = client.get(page.path)
            if response.status_code != 200:
                sys.exit(f"{page.name}: {page.path} answered {response.status_code}, not 200")
        return client

    def batch(client: Any, path: str) -> float:
        cpu_started = time.process_time()
        for _ in range(REPEAT):
            client.get(path)
        return (time.process_time() - cpu_started) / REPEAT * 1000

    floor = PAGES[0]
    floor_client = client_for(floor)
    figures: dict[str, tuple[float, float, int, float]] = {}
    for page in PAGES:
        if profile and page.name != profile:
            continue
        if ONLY and page is not floor and page.name not in ONLY:
            continue
        client = client_for(page)
        size = len(client.get(page.path).content)
        costs = []
        for keep in (True, False):  # served from the kept page; built every time
            settings.PAGE_CACHE = keep
            profiler = cProfile.Profile() if profile else None
            # The garbage of the pages measured before is collected first, so that each
            # page pays for its own collections only (without this, the floor's figure
            # varied between 1.4 and 2.8 ms from one run to the next).
            gc.collect()
            batches, floor_batches = [], []
            for _ in range(BATCHES):
                # A batch of the floor before each batch of the page: the ratio compares
                # the two over the same seconds, whatever the machine's speed does between
                # the first page measured and the last.
                if page is not floor and not profiler:
                    floor_batches.append(batch(floor_client, floor.path))
                if profiler:
                    profiler.enable()
                batches.append(batch(client, page.path))
                if profiler:
                    profiler.disable()
            # The median batch: one batch that a collection of the whole heap or a burst of
            # the machine landed in moves the figure no more than any other batch does.
            costs.append(statistics.median(batches))
            if floor_batches:
                # Each batch of the page against the batch of the floor just before it (the
                # machine's speed drifts by a fifth within a minute here), the median of
                # those ratios.
                ratio = statistics.median(
                    page_ms / floor_ms
                    for page_ms, floor_ms in zip(batches, floor_batches, strict=True)
                )
            if profiler:
                print(f"== {page.name}, {'kept' if keep else 'built'} ==")
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        if page is floor or profile:
            ratio = 1.0
        figures[page.name] = (costs[0], costs[1], size, ratio)
    return figures


def build(case: str) -> None:
    if case == "small":
        support.bootstrap(DB_NAME)
        build_small_case()
    else:
        support.attach(DB_NAME)
        build_large_case()


def _child(*args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and script, fixed arguments
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(
            f"bench/cpu.py {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}"
        )
    return done.stdout


def report(small: dict, large: dict) -> list[str]:
    floor_name = PAGES[0].name
    print(
        f"CPU ms per request, in-process, the median of {BATCHES} batches of {REPEAT} "
        f"requests per page after a warm-up; small case 3 decided grants, large case 32"
    )
    header = (
        f"{'page':<18} {'kept':>6} {'built':>7} {'× floor':>8} {'kept':>6} {'built':>7} "
        f"{'× floor':>8} {'32/3':>6} {'kB':>9}  result"
    )
    print(f"{'':<18} {'—— small case ——':^23} {'—— large case ——':^23}")
    print(header)
    print("-" * len(header))
    missed = []
    for page in PAGES:
        if page.name not in small:
            continue
        s_kept, s_built, s_bytes, s_ratio = small[page.name]
        l_kept, l_built, l_bytes, l_ratio = large[page.name]
        # Against the floor measured alongside in each case, so that a change in the
        # machine's speed between the two cases' measurements is not taken for growth.
        growth = l_ratio / s_ratio
        problems = []
        if page.name != floor_name:
            if max(s_ratio, l_ratio) > FLOOR_FACTOR:
                problems.append(f"built > {FLOOR_FACTOR:g} × floor")
            if growth > FLAT_FACTOR:
                problems.append(f"grows {100 * (growth - 1):.0f} % with grants")
        result = "FAIL: " + "; ".join(problems) if problems else "PASS"
        if problems:
            missed.append(page.name)
        print(
            f"{page.name:<18} {s_kept:>6.1f} {s_built:>7.1f} {s_ratio:>8.1f} {l_kept:>6.1f} "
            f"{l_built:>7.1f} {l_ratio:>8.1f} {growth:>6.2f} {s_bytes / 1000:>4.0f}/{l_bytes / 1000:<4.0f}"
            f"  {result}"
        )
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", metavar="PAGE", help="print this page's cProfile")
    parser.add_argument("--build", choices=("small", "large"), help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    names = [page.name for page in PAGES]
    if args.profile:
        if args.profile not in names:
            sys.exit(f"No page {args.profile!r}; the pages: {', '.join(names)}")
        measure(args.profile)
        return
    if args.build:
        build(args.build)
        return
    if args.measure:
        print(json.dumps(measure()))
        return
    started = time.monotonic()
    _child("--build", "small")
    small = json.loads(_child("--measure").splitlines()[-1])
    _child("--build", "large")
    large = json.loads(_child("--measure").splitlines()[-1])
    missed = report(small, large)
    print(f"\nTotal time {time.monotonic() - started:.0f} s.")
    if missed:
        sys.exit("Targets missed: " + ", ".join(missed))


if __name__ == "__main__":
    main()
