"""The two database roles work exactly as docs/security.md and docs/running.md say: the
script makes them, the owner migrates, and the application, connecting as its own role,
works with rows but cannot alter, truncate or switch a guard off."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.support.database import APP_ROLE, OWNER_ROLE, ROLES_SCRIPT, run_roles_script, server_url

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres


def _admin() -> psycopg.Connection:
    return psycopg.connect(server_url("postgres"), autocommit=True)


def _manage(*args: str, database: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": server_url(database, user=APP_ROLE),
        "DATABASE_OWNER_URL": server_url(database, user=OWNER_ROLE),
        "AUDIT_ANCHOR_LOG": str(tmp_path / "audit-anchors.log"),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db
def test_the_owner_migrates_and_the_application_works_with_rows_only(tmp_path):
    database = f"{connection.settings_dict['NAME']}_roles"
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    try:
        run_roles_script(database)  # the documented first step: roles and database
        migrated = _manage(
            "migrate", "--database", "owner", "--noinput", database=database, tmp_path=tmp_path
        )
        assert migrated.returncode == 0, migrated.stderr
        # As the application: register the decision, then the checks an operator runs.
        loaded = _manage(
            "load_decision",
            "--diarienummer",
            "S2025/01234",
            "--decided-on",
            "2025-05-15",
            database=database,
            tmp_path=tmp_path,
        )
        assert loaded.returncode == 0, loaded.stderr
        for check in ("verify_audit_chain", "verify_records", "verify_ledger"):
            result = _manage(check, database=database, tmp_path=tmp_path)
            assert result.returncode == 0, result.stdout + result.stderr
        with psycopg.connect(server_url(database, user=APP_ROLE), autocommit=True) as app:
            owners = app.execute(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            assert owners == [(OWNER_ROLE,)]
            assert app.execute("SELECT count(*) FROM grants_allocation").fetchone()[0] == 21
            for statement in (
                "TRUNCATE records_auditevent",
                "ALTER TABLE records_auditevent DISABLE TRIGGER ALL",
                "CREATE TABLE shadow (id integer)",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(statement)
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_the_compose_init_script_makes_the_roles_named_in_env(tmp_path):
    """deploy/postgres/initdb.sh, as the postgres image runs it on a new volume, reading the
    names and passwords from the two URLs of .env."""
    owner, app, database = "sbt_compose_owner", "sbt_compose_app", "sbt_compose"
    s = connection.settings_dict
    env = {
        **os.environ,
        "POSTGRES_USER": s["USER"],
        "PGHOST": s["HOST"] or "127.0.0.1",
        "PGPORT": str(s["PORT"] or 5432),
        "ROLES_SQL": str(ROLES_SCRIPT),
        "DATABASE_URL": f"postgres://{app}:app-secret-1@postgres:5432/{database}",
        "DATABASE_OWNER_URL": f"postgres://{owner}:owner-secret-2@postgres:5432/{database}",
    }
    try:
        done = subprocess.run(
            ["sh", str(ROOT / "deploy" / "postgres" / "initdb.sh")],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        with _admin() as admin:
            roles = dict(
                admin.execute(
                    "SELECT rolname, rolcanlogin AND NOT rolsuper AND NOT rolcreatedb"
                    " FROM pg_roles WHERE rolname IN (%s, %s)",
                    [owner, app],
                ).fetchall()
            )
            assert roles == {owner: True, app: True}
            assert admin.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [database]
            ).fetchone() == (owner,)
        with (
            psycopg.connect(server_url(database, user=app), autocommit=True) as as_app,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            as_app.execute("CREATE TABLE shadow (id integer)")
        # A URL without a password is refused before anything is made.
        refused = subprocess.run(
            ["sh", str(ROOT / "deploy" / "postgres" / "initdb.sh")],
            env={**env, "DATABASE_URL": "postgres://nobody@postgres:5432/x"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert refused.returncode != 0
        assert "DATABASE_URL must be postgres://role:password@" in refused.stderr
    finally:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for role in (app, owner):
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')
