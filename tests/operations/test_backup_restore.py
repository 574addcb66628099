"""The documented backup and restore (docs/operations.md) works: a dump of a database with
the whole demo history restores into a new database where verify_ledger and
verify_audit_chain pass and the figures are the same."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _manage(*args: str, database: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": _url(database),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_into_a_new_database_that_verifies(tmp_path, regions):
    for tool in ("pg_dump", "pg_restore"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is needed for this test")
    call_command("demo", verbosity=0)
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "statsbidrag.dump"
    # The commands in docs/operations.md.
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", _url(source)], check=True
    )
    restored = f"{source}_restored"
    admin = _url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={_url(restored)}",
                str(dump),
            ],
            check=True,
        )
        ledger = _manage("verify_ledger", database=restored)
        assert ledger.returncode == 0, ledger.stdout + ledger.stderr
        assert "All 21 ledgers reconcile." in ledger.stdout or "ledgers reconcile" in ledger.stdout
        chain = _manage("verify_audit_chain", database=restored)
        assert chain.returncode == 0, chain.stdout + chain.stderr
        assert "The audit chain holds" in chain.stdout
        # The same records, and the guards came along: the restored audit trail refuses edits.
        with psycopg.connect(_url(restored)) as conn:
            counts = conn.execute(
                "SELECT (SELECT count(*) FROM records_auditevent), (SELECT count(*) FROM records_document),"
                " (SELECT sum(amount) FROM requisitions_disbursement)"
            ).fetchone()
            with pytest.raises(psycopg.errors.IntegrityConstraintViolation):
                conn.execute("UPDATE records_auditevent SET reason = 'x'")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM records_auditevent), (SELECT count(*) FROM records_document),"
                " (SELECT sum(amount) FROM requisitions_disbursement)"
            )
            assert cursor.fetchone() == counts
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
