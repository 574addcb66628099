"""The log shows a refused request as one line and a server error once, with its traceback."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REQUESTS = """
import django; django.setup()
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.test import RequestFactory
response_for_exception(RequestFactory().get("/forbidden/"), PermissionDenied("not yours"))
try:
    raise RuntimeError("something broke")
except RuntimeError as error:
    response_for_exception(RequestFactory().get("/broken/"), error)
"""


def _log(settings: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DJANGO_SETTINGS_MODULE"] = settings
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_runserver_logs_a_403_as_one_line_and_a_500_once_with_its_traceback():
    # config.settings.local is what `make run` serves with (DEBUG on, Django's own handlers).
    log = _log("config.settings.local")
    forbidden = [line for line in log.splitlines() if "/forbidden/" in line or "not yours" in line]
    assert len(forbidden) == 1, log
    assert "WARNING django.request Forbidden (Permission denied): /forbidden/" in forbidden[0]
    assert log.count("Internal Server Error: /broken/") == 1, log
    assert log.count("Traceback (most recent call last)") == 1, log
    assert "RuntimeError: something broke" in log


def test_a_command_that_cannot_reach_its_database_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'no-such-directory' / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "verify_ledger"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "CommandError: The database cannot be used: unable to open database file"
    )
