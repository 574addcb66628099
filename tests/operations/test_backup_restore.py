"""The documented backup and restore (docs/operations.md) works with the two database roles:
a dump of a database with the whole demo history, taken right after an anchor, restores into
a new database owned by the owning role, where the application's role can work and
verify_ledger, verify_records and verify_audit_chain (against the anchors written up to the
backup) pass, with the same figures and the guards in place."""

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from core import clock
from records.anchors import anchor_write
from records.models import AuditAction
from records.services import audit_record
from tests.support.database import APP_ROLE, OWNER_ROLE, run_roles_script, server_url

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _manage(*args: str, database: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        # As the application, with the production key and the anchors outside the database.
        "DATABASE_URL": server_url(database, user=APP_ROLE),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "AUDIT_ANCHOR_LOG": str(settings.AUDIT_ANCHOR_LOG),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _counts(conn) -> tuple:
    return conn.execute(
        "SELECT (SELECT count(*) FROM records_auditevent), (SELECT count(*) FROM records_document),"
        " (SELECT sum(amount) FROM requisitions_disbursement)"
    ).fetchone()


def test_a_backup_restores_into_a_new_database_that_verifies(tmp_path, regions, time_machine):
    for tool in ("pg_dump", "pg_restore", "createdb"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is needed for this test")
    call_command("demo", verbosity=0)
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "statsbidrag.dump"
    s = connection.settings_dict
    server = ["--host", s["HOST"] or "127.0.0.1", "--port", str(s["PORT"] or 5432)]
    # The commands in docs/operations.md: anchor the head, then dump as the owner.
    call_command("anchor_audit_chain", stdout=io.StringIO())
    taken_at = clock.now()
    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", server_url(source, user=OWNER_ROLE)],
        check=True,
    )
    with psycopg.connect(server_url(source, user=APP_ROLE)) as conn:
        counts = _counts(conn)
    # Work goes on after the backup: events the restored copy cannot have, anchored too.
    from grants.models import Grant

    time_machine.move_to(taken_at + dt.timedelta(minutes=5))
    with transaction.atomic():
        audit_record(actor=None, action=AuditAction.DEADLINE_SET, target=Grant.objects.first())
    anchor_write(reason="daily")
    restored = f"{source}_restored"
    with psycopg.connect(server_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    try:
        subprocess.run(
            ["createdb", *server, "--username", s["USER"], "--owner", OWNER_ROLE, restored],
            check=True,
        )
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                f"--role={OWNER_ROLE}",
                "--exit-on-error",
                f"--dbname={server_url(restored)}",
                str(dump),
            ],
            check=True,
        )
        # Then the roles script on the restored database, as docs/operations.md says.
        run_roles_script(restored)
        ledger = _manage("verify_ledger", database=restored)
        assert ledger.returncode == 0, ledger.stdout + ledger.stderr
        assert "All 21 ledgers reconcile." in ledger.stdout
        records = _manage("verify_records", database=restored)
        assert records.returncode == 0, records.stdout + records.stderr
        # Against every anchor, the copy lacks what came after the backup, and says which.
        everything = _manage("verify_audit_chain", database=restored)
        assert everything.returncode == 1
        assert "are missing" in everything.stderr
        # Against the anchors up to the backup, it holds.
        chain = _manage("verify_audit_chain", "--as-of", taken_at.isoformat(), database=restored)
        assert chain.returncode == 0, chain.stdout + chain.stderr
        assert "The audit chain holds" in chain.stdout
        assert "1 anchor(s) written after" in chain.stdout
        # The same records, owned by the owner, and the guards came along.
        with psycopg.connect(server_url(restored, user=APP_ROLE)) as conn:
            assert _counts(conn) == counts
            owners = conn.execute(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            assert owners == [(OWNER_ROLE,)]
            with pytest.raises(psycopg.errors.IntegrityConstraintViolation):
                conn.execute("UPDATE records_auditevent SET reason = 'x'")
        with (
            psycopg.connect(server_url(restored, user=APP_ROLE), autocommit=True) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute("TRUNCATE records_auditevent")
    finally:
        with psycopg.connect(server_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
