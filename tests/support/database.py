"""The test run uses PostgreSQL's two roles as production does (docs/security.md): the test
database is created and migrated by the owning role, and every test runs as the
application's role, which may read and write rows but cannot alter, truncate or drop a
table, nor switch a trigger off.

``DATABASE_URL`` names a superuser (CI's ``postgres``); the connection changes its current
role with ``SET ROLE``. The roles are made with the same script operators run
(``deploy/postgres/roles.sql``).

A test that plays an intruder with more rights than the application switches the guards
off the way a PostgreSQL superuser does, ``SET [LOCAL] session_replication_role =
replica`` (or with :func:`guards_off`, which does just that). Only a superuser may, so the
harness runs the rest of that transaction (or, without LOCAL, the session until the
setting is reset) as the session's superuser; nothing else is given more rights.
"""

import os
import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DatabaseError, connection
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.backends.signals import connection_created

ROOT = Path(__file__).resolve().parents[2]
ROLES_SCRIPT = ROOT / "deploy" / "postgres" / "roles.sql"
OWNER_ROLE = os.environ.get("DATABASE_OWNER_ROLE", "statsbidrag_owner")
APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "statsbidrag_app")
# Trust authentication on the test server: the passwords only satisfy the script.
ROLE_PASSWORD = os.environ.get("DATABASE_ROLE_PASSWORD", "statsbidrag-test-only")

_current = {"role": OWNER_ROLE}
_RACE = re.compile(r"already exists|concurrently updated|deadlock detected")


def current_role() -> str:
    return _current["role"]


def _quoted(role: str) -> str:
    return connection.ops.quote_name(role)


_REPLICATION_ROLE = re.compile(
    r"^\s*SET\s+(LOCAL\s+)?session_replication_role\s*(=|TO)\s*'?(\w+)'?\s*;?\s*$",
    re.IGNORECASE,
)


def _intruder_is_superuser(execute, sql, params, many, context):
    """Switching the guards off is a superuser's act: become the session's superuser for it
    (and the application's role again when the guards are back on)."""
    match = _REPLICATION_ROLE.match(sql) if isinstance(sql, str) else None
    if match is None:
        return execute(sql, params, many, context)
    local = "LOCAL " if match.group(1) else ""
    if match.group(3).lower() == "replica":
        execute(f"SET {local}ROLE NONE", None, False, context)
        return execute(sql, params, many, context)
    result = execute(sql, params, many, context)
    execute(f"SET {local}ROLE {_quoted(_current['role'])}", None, False, context)
    return result


def _set_role_on_connect(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {connection.ops.quote_name(_current['role'])}")
        if _intruder_is_superuser not in connection.execute_wrappers:
            connection.execute_wrappers.append(_intruder_is_superuser)


def server_url(database: str, user: str | None = None) -> str:
    """A URL for ``database`` on the test server, as ``user`` (default: DATABASE_URL's)."""
    s = connection.settings_dict
    who = user or s["USER"]
    return f"postgres://{who}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{database}"


def run_roles_script(database: str) -> None:
    """deploy/postgres/roles.sql against ``database``, as the documentation runs it. (Test
    processes running side by side may change the same role at once: the loser tries again.)"""
    for attempt in range(5):
        done = _roles_script(database)
        if done.returncode == 0 or not _RACE.search(done.stderr):
            break
        time.sleep(0.2 * (attempt + 1))
    if done.returncode != 0:
        raise RuntimeError(f"deploy/postgres/roles.sql failed: {done.stderr.strip()}")


def _roles_script(database: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            "psql",
            "--quiet",
            "-v",
            "ON_ERROR_STOP=1",
            "-v",
            f"owner={OWNER_ROLE}",
            "-v",
            f"app={APP_ROLE}",
            "-v",
            f"owner_password={ROLE_PASSWORD}",
            "-v",
            f"app_password={ROLE_PASSWORD}",
            "-v",
            f"database={database}",
            "-f",
            str(ROLES_SCRIPT),
            server_url("postgres"),
        ],
        capture_output=True,
        text=True,
    )


def prepare_roles() -> None:
    """Before the test database is made: the two roles exist, and the owner may create the
    test database (in production the database is made for it, see roles.sql)."""
    main = connection.settings_dict["NAME"]
    run_roles_script(main)
    _owner_may_create_databases()
    connection_created.connect(_set_role_on_connect, dispatch_uid="statsbidrag-test-roles")
    _use(OWNER_ROLE)


def _owner_may_create_databases() -> None:
    """The owner may create the test database. Test processes start side by side and change
    the same role at once ("tuple concurrently updated"): the loser tries again, and once the
    role may, nobody changes it."""
    for attempt in range(5):
        try:
            with connection._nodb_cursor() as cursor:
                cursor.execute("SET ROLE NONE")
                cursor.execute("SELECT rolcreatedb FROM pg_roles WHERE rolname = %s", [OWNER_ROLE])
                row = cursor.fetchone()
                if row is None or not row[0]:
                    cursor.execute(f"ALTER ROLE {_quoted(OWNER_ROLE)} CREATEDB")
            return
        except DatabaseError as error:
            if attempt == 4 or not _RACE.search(str(error)):
                raise
            time.sleep(0.2 * (attempt + 1))


def run_as_application() -> None:
    """After the owner migrated the test database: grant the application its rows (the same
    script) and run every test as the application's role."""
    run_roles_script(connection.settings_dict["NAME"])
    _use(APP_ROLE)


def run_as_owner() -> None:
    """At the end of the run, before pytest-django drops the test database: end every other
    session on it (a connection a thread or a process started by a test left open), so the
    drop never fails on "being accessed by other users" and leaves the database behind."""
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET ROLE NONE")
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
    _use(OWNER_ROLE)


def _use(role: str) -> None:
    _current["role"] = role
    if connection.connection is not None and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {_quoted(role)}")


def guards_off() -> None:
    """For the rest of the current transaction, act as a superuser with triggers off: what
    only someone with more rights than the application could do."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")


@contextmanager
def as_superuser() -> Iterator[None]:
    """The block runs as the session's superuser (triggers still on); then back."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET ROLE NONE")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SET ROLE {_quoted(current_role())}")
        except DatabaseError:  # an aborted transaction: its rollback restores the role
            pass


_original_flush = BaseDatabaseOperations.execute_sql_flush


def _flush(self, sql_list):
    """Empty the tables between transactional tests, then load the reference data the
    migrations load (the regions, the default reminder rules), so that no test depends on
    whether a transactional test ran before it (in parallel runs they come in any order).

    On PostgreSQL the application's role may not TRUNCATE, and the tables' TRUNCATE
    triggers refuse anyone, so the harness empties them as the superuser with triggers off,
    as an operator restoring a database would. It also restarts the tables' ids, so that
    every transactional test starts from the very same rows, ids included (which lets the
    demo be copied back instead of loaded again, tests/support/demo.py)."""
    postgres = self.connection.vendor == "postgresql"
    if postgres:
        sql_list = [
            re.sub(r"^TRUNCATE (.*?)( CASCADE)?;$", r"TRUNCATE \1 RESTART IDENTITY\2;", sql)
            if sql.startswith("TRUNCATE ") and " RESTART IDENTITY" not in sql
            else sql
            for sql in sql_list
        ]
        with self.connection.cursor() as cursor:
            cursor.execute("SET ROLE NONE")
            cursor.execute("SET session_replication_role = replica")
    try:
        _original_flush(self, sql_list)
    finally:
        if postgres:
            with self.connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
                cursor.execute(f"SET ROLE {self.quote_name(current_role())}")
    _load_reference_data(self.connection.alias)


def _load_reference_data(alias: str) -> None:
    from django.apps import apps

    from regions.reference import load_regions
    from reminders.defaults import create_default_rules

    load_regions(apps.get_model("regions", "Region"), using=alias)
    create_default_rules(apps.get_model("reminders", "ReminderRule"), using=alias)


def install_flush() -> None:
    BaseDatabaseOperations.execute_sql_flush = _flush  # type: ignore[method-assign]
