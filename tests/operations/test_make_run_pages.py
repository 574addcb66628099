"""`make run` serves the demo from a SQLite file: every main page of every kind of user
answers there as it does behind PostgreSQL. (The pages read through statements of their own
on PostgreSQL where the ORM costs too much; this walk keeps the SQLite path honest.)

The file is migrated and the demo loaded as `make run` does, in a process with the local
settings; the pages are fetched in that process with a logged-in session per user."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from bench import support

# (user, path, what the answer must be: 200 or the path it redirects to)
PAGES = [
    ("ombud-01@regioner.test", "/region/01/", 200),
    ("ombud-01@regioner.test", "/region/01/bidrag/", 200),
    ("ombud-01@regioner.test", "/region/01/bidrag/2025/", 200),
    ("ombud-01@regioner.test", "/region/01/bidrag/2025/redovisning/", 200),
    ("ombud-01@regioner.test", "/region/01/bidrag/2025/rekvisition/kvitto/", 200),
    ("ombud-01@regioner.test", "/region/01/bidrag/2025/meddelanden/", 200),
    ("handlaggare@socialstyrelsen.test", "/handlaggare/inkorg/", 200),
    ("handlaggare@socialstyrelsen.test", "/handlaggare/inkorg/mina/", 200),
    ("handlaggare@socialstyrelsen.test", "/handlaggare/rekvisitioner/", 200),
    ("handlaggare@socialstyrelsen.test", "/bidrag/2025/oversikt/", 200),
    ("handlaggare@socialstyrelsen.test", "/bidrag/2025/oversikt/?per=2025-12-01", 200),
    (
        "handlaggare@socialstyrelsen.test",
        "/handlaggare/redovisningar/",
        "/handlaggare/bidrag/2025/redovisningar/",
    ),
    ("handlaggare@socialstyrelsen.test", "/handlaggare/bidrag/2025/redovisningar/", 200),
    ("handlaggare@socialstyrelsen.test", "/handlaggare/aterbetalningar/", 200),
    ("revisor@socialstyrelsen.test", "/granskning/", 200),
    ("revisor@socialstyrelsen.test", "/handlaggare/inkorg/", 200),
    ("revisor@socialstyrelsen.test", "/admin/", 200),
    ("revisor@socialstyrelsen.test", "/admin/requisitions/requisition/", 200),
]

SCRIPT = """
import json, os
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from accounts.models import User
from bench import support
call_command("migrate", verbosity=0)
call_command("demo", verbosity=0)
answers = []
for email, path, _expected in json.loads(os.environ["WALK_PAGES"]):
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    client.cookies[settings.SESSION_COOKIE_NAME] = support.session_for(
        User.objects.get(email=email)
    )
    try:
        response = client.get(path)
        answers.append([response.status_code, response.get("Location", "")])
    except Exception as error:  # the walk reports every page, not only the first failure
        answers.append([500, repr(error)[:300]])
print("ANSWERS=" + json.dumps(answers))
"""


def test_every_main_page_answers_on_the_make_run_database(tmp_path: Path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "testserver",
        "CELERY_BROKER_URL": "",
        "REDIS_URL": "",
        "LOG_LEVEL": "ERROR",
        "WALK_PAGES": json.dumps(PAGES),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCRIPT],
        cwd=support.ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )
    assert "ANSWERS=" in done.stdout, done.stderr[-3000:]
    answers = json.loads(done.stdout.split("ANSWERS=", 1)[1])
    wrong = [
        (email, path, answer)
        for (email, path, expected), answer in zip(PAGES, answers, strict=True)
        if answer != ([200, ""] if expected == 200 else [302, expected])
    ]
    assert not wrong, wrong
