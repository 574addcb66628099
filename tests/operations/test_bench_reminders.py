"""`make bench-reminders` (bench/reminders.py) still builds its case against the models as
they are now and meets its targets: run as `make bench` runs it, with fewer grants."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres]


def test_the_reminder_benchmark_builds_its_case_sweeps_and_meets_its_targets():
    s = connection.settings_dict
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    env = {
        **os.environ,
        "BENCH_DATABASE_ADMIN_URL": (
            f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/postgres"
        ),
        "BENCH_DATABASE_NAME": f"statsbidrag_bench_reminders_{worker}",
        "BENCH_REMINDER_GRANTS": "12",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "bench/reminders.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        assert done.returncode == 0, done.stdout + done.stderr[-3000:]
        assert "12 grants x 21 regions:" in done.stdout
        assert "nothing new recorded" in done.stdout
    finally:
        import psycopg

        with psycopg.connect(env["BENCH_DATABASE_ADMIN_URL"], autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{env["BENCH_DATABASE_NAME"]}" WITH (FORCE)')
