"""Load test: the requisition deadline day, gunicorn and PostgreSQL on loopback.

    make loadtest        (or: .venv/bin/python bench/deadline_day.py)

A decided grant whose requisition deadline is today (Stockholm). In each of the 21
regions, at the same moment: the region admin and the submitter open the region's home
page and the requisition form and both submit (the submitter double-clicks: two posts at
once), while a preparer opens the same pages and then the receipt. Two officers meanwhile
open the queue, open each received requisition and decide it (two officers may try the same
one). Checked afterwards: no answer ≥ 500 and no 4xx at all, exactly one requisition per
region (21), every user who got a receipt saw the same receipt, every receipt stored
(received time, one "received" audit event, the receipt e-mail in the outbox).

`tests/operations/test_deadline_day_load.py` runs the same functions on the test database.
"""

import datetime as dt
import os
import random
import re
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import support

DB_NAME = os.environ.get("BENCH_DATABASE_NAME", "statsbidrag_bench_deadline")
YEAR = 2026  # the grant's year; its requisition deadline is today
ALLOCATION_KRONOR = "1 000 000"  # bench.data.REGION_AMOUNT
# The received time as the receipt states it (core.formats.moment, in Swedish).
RECEIVED_AT = re.compile(r"\d{1,2} [a-zåäö]+ \d{4} kl\. \d{2}:\d{2}")
REVIEW_LINK = re.compile(r'href="/handlaggare/rekvisitioner/(\d+)/"')


@dataclass
class Scenario:
    year: int
    grant_id: int
    # county code -> [(role, e-mail, session key)]
    region_users: dict[str, list[tuple[str, str, str]]]
    officer_sessions: list[str]


@dataclass
class Results:
    requests: list[tuple[str, int, float]] = field(default_factory=list)  # (step, status, s)
    unexpected: list[str] = field(default_factory=list)
    receipts: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    approvals: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, step: str, response: support.Response, expected: tuple[int, ...]) -> None:
        with self.lock:
            self.requests.append((step, response.status, response.seconds))
            if response.status not in expected:
                self.unexpected.append(f"{step}: {response.status} (expected {expected})")


def prepare(*, users_per_region: int = 3) -> Scenario:
    """The grant (requisition deadline today), 2 officers and `users_per_region` users in each
    region (admin and submitter, and with 3 a preparer), each with a logged-in session."""
    from accounts.models import RegionMembership, RegionRole, User
    from accounts.roles import StaffRole
    from accounts.services import staff_role_grant
    from bench.data import decided_grant
    from core import clock
    from regions.models import PopulationDataset, PopulationFigure, Region

    regions = list(Region.objects.order_by("county_code"))
    if not PopulationDataset.objects.exists():
        dataset = PopulationDataset.objects.create(
            name="Folkmängd (belastningstest)", source="bench", reference_date=dt.date(2025, 11, 1)
        )
        PopulationFigure.objects.bulk_create(
            PopulationFigure(dataset=dataset, region=r, population=100_000) for r in regions
        )
    officers = []
    for n in (1, 2):
        officer = User.objects.create_user(
            email=f"handlaggare{n}@belastning.test", password=None, full_name=f"Handläggare {n}"
        )
        staff_role_grant(user=officer, role=StaffRole.OFFICER)
        officers.append(officer)
    today = clock.today()
    grant = decided_grant(
        year=YEAR,
        requisition_due=today,
        report_due=today + dt.timedelta(days=365),
        officer=officers[0],
        diarienummer=f"S{YEAR}/07777",
    )
    roles = [RegionRole.ADMIN, RegionRole.SUBMITTER, RegionRole.PREPARER][:users_per_region]
    region_users: dict[str, list[tuple[str, str, str]]] = {}
    for region in regions:
        users = []
        for role in roles:
            user = User.objects.create_user(
                email=f"{role}-{region.county_code}@belastning.test",
                password=None,
                full_name=f"{role.label} {region.short_name}",
            )
            RegionMembership.objects.create(user=user, region=region, role=role)
            users.append((str(role), user.email, support.session_for(user)))
        region_users[region.county_code] = users
    return Scenario(
        year=grant.year,
        grant_id=grant.pk,
        region_users=region_users,
        officer_sessions=[support.session_for(o) for o in officers],
    )


def _form_data(email: str) -> dict[str, str]:
    return {
        "amount": ALLOCATION_KRONOR,
        "account_type": "bankgiro",
        "account_number": "5050-1055",
        "organisation_number_confirmed": "on",
        "region_reference": "Belastningstest",
        "contact_name": email.split("@")[0],
        "contact_email": email,
        "contact_phone": "08-123 456 78",
        "signatory_name": "Eva Ekonom",
        "signatory_title": "Ekonomidirektör",
        "attested": "on",
        "version": "0",
        "action": "submit",
    }


def _region_user(
    server: support.Server,
    scenario: Scenario,
    county_code: str,
    role: str,
    email: str,
    session: str,
    start: threading.Barrier,
    together: threading.Barrier,
    results: Results,
) -> None:
    home = f"/region/{county_code}/"
    form = f"/region/{county_code}/bidrag/{scenario.year}/rekvisition/"
    receipt = form + "kvitto/"
    browser = support.Browser(server, session)
    twin = support.Browser(server, session)  # the second tab of a double click
    try:
        start.wait(timeout=120)
        results.record("region home", browser.get(home), (200,))
        page = browser.get(form)
        results.record("requisition form", page, (200, 302))
        if role != "preparer":
            # Both of the region's submitting users have the form open before either posts.
            try:
                together.wait(timeout=120)
            except threading.BrokenBarrierError:
                results.unexpected.append(f"{county_code}: the region's users lost each other")
        if role != "preparer" and page.status == 200:
            twin.cookies = browser.cookies  # same session, same CSRF cookie
            posts = [browser]
            if role == "submitter":
                posts.append(twin)
            answers: list[support.Response] = []

            def post(b: support.Browser) -> None:
                answers.append(b.post(form, _form_data(email), page))

            clicks = [threading.Thread(target=post, args=(b,)) for b in posts]
            for click in clicks:
                click.start()
            for click in clicks:
                click.join(timeout=120)
            for answer in answers:
                results.record("submit", answer, (302,))
                if answer.status == 302 and not answer.location.endswith(receipt):
                    with results.lock:
                        results.unexpected.append(f"submit {county_code}: to {answer.location}")
        if role == "preparer":
            time.sleep(random.uniform(0.5, 2.0))  # noqa: S311 - jitter, not security
        shown = browser.get(receipt)
        if shown.status == 200:
            found = RECEIVED_AT.search(shown.body.split("<h1", 1)[-1])
            with results.lock:
                results.receipts[county_code].append((email, found.group(0) if found else ""))
            results.record("receipt", shown, (200,))
        else:
            # Only a preparer who looked before anyone submitted is sent back to the form.
            results.record("receipt", shown, (302,) if role == "preparer" else (200,))
    finally:
        browser.close()
        twin.close()


def _officer(
    server: support.Server,
    scenario: Scenario,
    session: str,
    start: threading.Barrier,
    results: Results,
    regions_done: threading.Event,
    time_limit: float,
) -> None:
    browser = support.Browser(server, session)
    queue = f"/handlaggare/rekvisitioner/?status=received&grant={scenario.grant_id}"
    try:
        start.wait(timeout=120)
        stop_at = time.monotonic() + time_limit
        while time.monotonic() < stop_at:
            page = browser.get(queue)
            results.record("officer queue", page, (200,))
            waiting = REVIEW_LINK.findall(page.body)
            if not waiting:
                if regions_done.is_set():
                    return
                time.sleep(0.2)
                continue
            random.shuffle(waiting)
            for pk in waiting[:3]:
                review = browser.get(f"/handlaggare/rekvisitioner/{pk}/")
                results.record("officer review", review, (200,))
                answer = browser.post(f"/handlaggare/rekvisitioner/{pk}/beslut/", {}, review)
                # 302: decided; 200: the other officer decided it first (the page says so).
                results.record("officer decides", answer, (302, 200))
                if answer.status == 302:
                    with results.lock:
                        results.approvals += 1
    finally:
        browser.close()


def run(server: support.Server, scenario: Scenario, *, time_limit: float = 120) -> Results:
    """Everyone at once; returns what they saw. Bounded: each region user makes at most six
    requests, officers stop when every region is done and the queue is empty, or at the limit."""
    results = Results()
    people = [
        (code, role, email, session)
        for code, users in scenario.region_users.items()
        for role, email, session in users
    ]
    start = threading.Barrier(len(people) + len(scenario.officer_sessions))
    regions_done = threading.Event()
    together = {
        code: threading.Barrier(sum(1 for role, *_ in users if role != "preparer"))
        for code, users in scenario.region_users.items()
    }
    region_threads = [
        threading.Thread(
            target=_region_user,
            args=(server, scenario, *person, start, together[person[0]], results),
            daemon=True,
        )
        for person in people
    ]
    officer_threads = [
        threading.Thread(
            target=_officer,
            args=(server, scenario, session, start, results, regions_done, time_limit),
            daemon=True,
        )
        for session in scenario.officer_sessions
    ]
    started = time.monotonic()
    for thread in region_threads + officer_threads:
        thread.start()
    for thread in region_threads:
        thread.join(timeout=time_limit)
    regions_done.set()
    for thread in officer_threads:
        thread.join(timeout=time_limit)
    results.seconds = time.monotonic() - started
    if any(t.is_alive() for t in region_threads + officer_threads):
        results.unexpected.append(f"some users were still waiting after {time_limit} s")
    return results


def verify(scenario: Scenario, results: Results) -> list[str]:
    """What must hold afterwards; returns the problems found (none when all is well)."""
    from django.utils import translation

    from core import formats
    from grants.models import Case
    from notifications.models import Email
    from records.models import AuditAction, AuditEvent
    from requisitions.models import Requisition, RequisitionStatus

    problems = [f"unexpected answer: {u}" for u in results.unexpected]
    errors = [r for r in results.requests if r[1] >= 500]
    if errors:
        problems.append(f"{len(errors)} answers ≥ 500")
    cases = Case.objects.filter(grant_id=scenario.grant_id).select_related("region")
    if cases.count() != 21:
        problems.append(f"{cases.count()} cases, not 21")
    for case in cases:
        code = case.region.county_code
        requisitions = list(Requisition.objects.filter(case=case))
        if len(requisitions) != 1:
            problems.append(f"{code}: {len(requisitions)} requisitions, not exactly one")
            continue
        requisition = requisitions[0]
        if requisition.status not in (RequisitionStatus.RECEIVED, RequisitionStatus.APPROVED):
            problems.append(f"{code}: the requisition is {requisition.status}")
        if requisition.submitted_at is None:
            problems.append(f"{code}: no received time stored")
            continue
        with translation.override("sv"):
            stored = formats.moment(requisition.submitted_at)
        seen = results.receipts.get(code, [])
        submitters = sum(1 for role, *_ in scenario.region_users[code] if role != "preparer")
        if len([email for email, _ in seen]) < submitters:
            problems.append(f"{code}: only {len(seen)} of the users got a receipt")
        if {shown for _, shown in seen} != {stored}:
            problems.append(
                f"{code}: receipts show {sorted({s for _, s in seen})}, stored {stored}"
            )
        submitted_events = AuditEvent.objects.filter(
            action=AuditAction.REQUISITION_SUBMITTED,
            target_type="requisitions.requisition",
            target_id=str(requisition.pk),
        ).count()
        if submitted_events != 1:
            problems.append(f"{code}: {submitted_events} 'submitted' audit events, not one")
        address = requisition.contact_email.lower()
        if not Email.objects.filter(
            key=f"requisition-received:{requisition.pk}:{address}", to=address
        ).exists():
            problems.append(f"{code}: no receipt e-mail in the outbox")
    return problems


def summary(results: Results) -> str:
    by_step: dict[str, list[float]] = defaultdict(list)
    for step, _status, seconds in results.requests:
        by_step[step].append(seconds * 1000)
    every = [s * 1000 for _, _, s in results.requests]
    errors = sum(1 for _, status, _ in results.requests if status >= 500)
    lines = [
        f"{len(results.requests)} requests in {results.seconds:.1f} s, {errors} errors (≥ 500), "
        f"{len(results.unexpected)} unexpected answers; {results.approvals} requisitions decided "
        f"by the officers; p95 of all requests {support.percentile(every, 95):.0f} ms",
        f"{'step':<18} {'requests':>8} {'median ms':>9} {'p95 ms':>7} {'max ms':>7}",
    ]
    for step, values in by_step.items():
        lines.append(
            f"{step:<18} {len(values):>8} {support.percentile(values, 50):>9.0f} "
            f"{support.percentile(values, 95):>7.0f} {max(values):>7.0f}"
        )
    return "\n".join(lines)


def main() -> None:
    support.bootstrap(DB_NAME)
    from django.conf import settings
    from django.db import connection

    scenario = prepare(users_per_region=3)
    connection.close()
    with support.gunicorn(
        database=support.database_url(DB_NAME),
        secret_key=settings.SECRET_KEY,
        log=support.ROOT / "var" / "bench" / "gunicorn-deadline-day.log",
    ) as server:
        results = run(server, scenario)
    problems = verify(scenario, results)
    from core import clock

    print(f"Deadline day, {clock.today():%Y-%m-%d}: 21 regions × 3 users, 2 officers")
    print(summary(results))
    if problems:
        print("\n".join(problems))
        sys.exit(f"{len(problems)} problems")
    print(
        "One requisition per region (21), every receipt the same as stored, every receipt e-mail queued."
    )


if __name__ == "__main__":
    main()
