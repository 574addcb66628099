"""The demo's 2025 history for the tests: loaded once for a package of read-mostly tests and
rolled back, or committed for a live server's browser tests.

Loading it through the services (``manage.py demo``) takes 10–30 s; many packages need it.
So the first load in a test process also copies the rows it wrote (PostgreSQL's COPY), and
a later load that starts from exactly the same rows copies them back in well under a second
(:func:`load_demo`). "Exactly the same" is checked, not assumed: every table's row count and
a hash of its rows. Anything else, a table the demo changed rather than only added to
included, loads through the services again."""

import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection, transaction

from regions.models import Region
from regions.reference import load_regions


@dataclass(frozen=True)
class _Copy:
    tables: dict[str, bytes]  # table -> its rows after the demo (COPY, binary)
    sequences: dict[str, int]  # sequence -> its last value after the demo


# Starting state (its fingerprint) -> what the demo added to it, or None when the demo also
# changed rows that were there before (then only the services can repeat it).
_copies: dict[str, _Copy | None] = {}


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def _fingerprints(tables: list[str]) -> dict[str, tuple[int, str]]:
    """Each table's row count and an MD5 of its rows in a fixed order, in one statement."""
    quote = connection.ops.quote_name
    # Table names from the database's own catalogue, quoted.
    rows = "md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), ''))"
    parts = [f"SELECT %s, count(*), {rows} FROM {quote(table)} t" for table in tables]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), tables)
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}


def _key(fingerprints: dict[str, tuple[int, str]]) -> str:
    return hashlib.sha256(repr(sorted(fingerprints.items())).encode()).hexdigest()


def _sequences() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(sequencename), last_value FROM pg_sequences "
            "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
        return dict(cursor.fetchall())


def _take(tables: list[str], before: dict[str, tuple[int, str]]) -> _Copy | None:
    after = _fingerprints(tables)
    if any(before[t][0] and after[t] != before[t] for t in tables):
        return None
    quote = connection.ops.quote_name
    copied: dict[str, bytes] = {}
    with connection.cursor() as cursor:
        for table in tables:
            if before[table][0] == 0 and after[table][0] > 0:
                sql = f"COPY {quote(table)} TO STDOUT (FORMAT BINARY)"
                with cursor.cursor.copy(sql) as copy:
                    copied[table] = b"".join(bytes(block) for block in copy)
    return _Copy(tables=copied, sequences=_sequences())


def _restore(copy: _Copy) -> None:
    """Write the rows back as they were, with the guards off the way pg_restore's
    --disable-triggers does (the rows were valid when the services wrote them; a row guard
    that looks at another table would see it half copied), and move each sequence past them."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # tests/support/database.py runs this as the session's superuser until the reset.
        # (If anything fails, the rollback of this block puts both settings back.)
        cursor.execute("SET session_replication_role = replica")
        for table, rows in copy.tables.items():
            with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as c:
                c.write(rows)
        for sequence, value in copy.sequences.items():
            last = f"SELECT last_value FROM {sequence}"  # noqa: S608 (quote_ident'ed by the catalogue)
            cursor.execute(f"SELECT setval(%s, GREATEST(%s, ({last})))", [sequence, value])
        cursor.execute("SET session_replication_role = DEFAULT")


def load_demo() -> None:
    """What ``manage.py demo`` writes, through the services the first time from a given
    starting state in this process, copied back after that."""
    if connection.vendor != "postgresql":
        call_command("demo", stdout=io.StringIO())
        return
    tables = _tables()
    before = _fingerprints(tables)
    key = _key(before)
    if key not in _copies:
        call_command("demo", stdout=io.StringIO())
        _copies[key] = _take(tables, before)
        return
    copy = _copies[key]
    if copy is None:
        call_command("demo", stdout=io.StringIO())
    else:
        _restore(copy)


@contextmanager
def demo_history_rolled_back() -> Iterator[None]:
    """Inside one outer transaction, rolled back at the end, so the tests' own savepoints and
    transactions see the demo data and nothing outlives the package. Call it with the
    database unblocked (pytest-django's django_db_blocker)."""
    outer = transaction.atomic()
    outer.__enter__()
    try:
        if not Region.objects.exists():  # a transactional test's flush empties the table
            load_regions(Region)
        load_demo()
        yield
    finally:
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
