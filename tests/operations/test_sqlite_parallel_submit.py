"""`make run` serves from a SQLite file. Two submits of the same requisition at the same moment
(a double click, two tabs) must end there as behind PostgreSQL's row lock: one requisition,
no server error, and the second click told that the requisition is already submitted.

The application runs as `make run` runs it (`manage.py runserver` with the local settings)
on a SQLite file in a temporary directory; in every region the submitter's two tabs post the
filled-in form at the same time, all regions at once."""

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bench import deadline_day, support

pytestmark = pytest.mark.django_db(transaction=True)

# Regions whose submitters double-click at the same moment (SQLite's one lock makes them
# contend with each other too).
REGIONS = 6
ALREADY_SUBMITTED = "Rekvisitionen är redan inskickad. Här är kvittot."


def _environment(var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{var_dir / 'db.sqlite3'}",
        "VAR_DIR": str(var_dir),
        # Sessions made here are signed with the test settings' key.
        "SECRET_KEY": settings.SECRET_KEY,
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }


def _scenario_on_sqlite_file(var_dir: Path) -> tuple[int, dict[str, list[list[str]]]]:
    """The deadline-day data (a grant whose requisition deadline is today, an admin and a
    submitter with a session in each region) in ``var_dir/db.sqlite3``."""
    if connection.vendor == "sqlite":
        # The test database is migrated already: build the data in it and copy the file.
        scenario = deadline_day.prepare(users_per_region=2)
        connection.ensure_connection()
        with sqlite3.connect(var_dir / "db.sqlite3") as target:
            connection.connection.backup(target)
        target.close()
        return scenario.year, {
            code: [list(user) for user in users] for code, users in scenario.region_users.items()
        }
    # On a PostgreSQL run, migrate a new SQLite file (slower: every migration runs).
    script = (
        "import json\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from bench import deadline_day\n"
        "s = deadline_day.prepare(users_per_region=2)\n"
        "print('SCENARIO=' + json.dumps({'year': s.year, 'users': s.region_users}))\n"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=support.ROOT,
        env=_environment(var_dir),
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout
    data = json.loads(out.split("SCENARIO=", 1)[1])
    return data["year"], data["users"]


def _runserver(var_dir: Path) -> support.Server:
    port = support.free_port()
    log = var_dir / "runserver.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--skip-checks",
            ],
            cwd=support.ROOT,
            env=_environment(var_dir),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = support.Server(port=port, process=process, log=log)
    try:
        support._wait_until_up(server)
    except Exception:
        process.kill()
        process.wait(timeout=10)
        raise
    return server


def _double_click(
    server: support.Server, year: int, county_code: str, email: str, session: str, start
) -> list[tuple[int, str, str]]:
    """The submitter opens the form in two tabs and submits both at once. For each tab: the
    answer's status and target, and the page it leads to."""
    form = f"/region/{county_code}/bidrag/{year}/rekvisition/"
    tabs = [support.Browser(server, session), support.Browser(server, session)]
    try:
        page = tabs[0].get(form)
        assert page.status == 200, page.status
        tabs[1].cookies = dict(tabs[0].cookies)  # the same session and CSRF cookie, own messages
        answers: list[support.Response | None] = [None, None]

        def click(index: int) -> None:
            answers[index] = tabs[index].post(form, deadline_day._form_data(email), page)

        clicks = [threading.Thread(target=click, args=(i,)) for i in (0, 1)]
        start.wait(timeout=60)
        for thread in clicks:
            thread.start()
        for thread in clicks:
            thread.join(timeout=60)
        seen = []
        for tab, answer in zip(tabs, answers, strict=True):
            assert answer is not None, "no answer"
            shown = tab.get(answer.location) if answer.status == 302 else answer
            seen.append((answer.status, answer.location, shown.body))
        return seen
    finally:
        for tab in tabs:
            tab.close()


def test_two_submits_at_once_on_sqlite_give_one_requisition_and_a_clear_message(regions, tmp_path):
    year, users = _scenario_on_sqlite_file(tmp_path)
    submitters = {
        code: (email, session)
        for code, region_users in sorted(users.items())[:REGIONS]
        for role, email, session in region_users
        if role == "submitter"
    }
    server = _runserver(tmp_path)
    results: dict[str, list[tuple[int, str, str]]] = {}
    errors: dict[str, str] = {}
    start = threading.Barrier(len(submitters))

    def region(code: str) -> None:
        try:
            results[code] = _double_click(server, year, code, *submitters[code], start)
        except Exception as error:  # reported below, with the server's log
            errors[code] = repr(error)

    try:
        threads = [threading.Thread(target=region, args=(code,)) for code in submitters]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.process.terminate()
        server.process.wait(timeout=15)
    log = server.log.read_text()
    assert not errors, f"{errors}\n{log[-3000:]}"

    problems = []
    for code, seen in sorted(results.items()):
        receipt = f"/region/{code}/bidrag/{year}/rekvisition/kvitto/"
        statuses = [(status, location) for status, location, _ in seen]
        if statuses != [(302, receipt), (302, receipt)]:
            problems.append(f"{code}: {statuses}, expected both sent to the receipt")
            continue
        told = [ALREADY_SUBMITTED in body for _, _, body in seen]
        if sorted(told) != [False, True]:
            problems.append(f"{code}: 'already submitted' shown to {told.count(True)} of 2 tabs")
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        # Per region: (requisitions of any status, of them received).
        stored = {
            code: (count, received)
            for code, count, received in db.execute(
                "SELECT region.county_code, COUNT(requisition.id),"
                " COALESCE(SUM(requisition.status = 'received'), 0)"
                " FROM grants_case AS gcase"
                " JOIN grants_grant AS grant_ ON grant_.id = gcase.grant_id"
                " JOIN regions_region AS region ON region.id = gcase.region_id"
                " LEFT JOIN requisitions_requisition AS requisition"
                "  ON requisition.case_id = gcase.id"
                " WHERE grant_.year = ? GROUP BY region.county_code",
                (year,),
            )
        }
    db.close()
    for code, (count, received) in sorted(stored.items()):
        wanted = (1, 1) if code in submitters else (0, 0)
        if (count, received) != wanted:
            problems.append(f"{code}: {count} requisitions, {received} received; expected {wanted}")
    assert len(results) == REGIONS
    if "database is locked" in log:
        problems.append(f"'database is locked' {log.count('database is locked')} times in the log")
    assert not problems, "\n".join(problems) + "\n" + log[-3000:]
