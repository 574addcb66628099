"""Helpers for the few statements written out by hand (where building them through the ORM
costs more than reading the rows: the start pages, the inbox, the overview), so that each
statement is one text that PostgreSQL and SQLite (`make run`) both run.

PostgreSQL gives dates and moments back as Python values; SQLite, asked by hand rather than
through the ORM, gives the text it stores (moments in UTC). ``as_day`` and ``as_moment`` turn
either into the same values. ``in_list`` writes ``column IN (…)`` with a parameter per
value, which both understand (``= ANY(%s)`` with a list is PostgreSQL's alone);
``json_list`` gathers a subquery's rows into one value, read back by ``as_list``. ``column``
and ``table`` name a model's column and table, quoted; ``rows`` runs a statement,
``rows_together`` several in one round trip."""

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import Field, Model
from django.db.models.query import RawQuerySet
from django.db.models.sql.query import RawQuery
from django.utils.dateparse import parse_date, parse_datetime

M = TypeVar("M", bound=Model)


def column(meta: Any, name: str) -> str:
    """A field's column, quoted for a statement written out by hand."""
    field = meta.get_field(name)
    assert isinstance(field, Field)  # noqa: S101 - a concrete field, not a relation's far side
    return connection.ops.quote_name(str(field.column))


def table(meta: Any) -> str:
    return connection.ops.quote_name(meta.db_table)


def rows(statement: str, parameters: Any = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        return cursor.fetchall()


class _StatementLoggingCursor(CursorDebugWrapper):
    """Django's logging cursor, logging a prepared statement as written (its values are in
    the log's parameters): Django takes the text it logs from psycopg's last query, which
    psycopg does not keep when it runs a prepared statement by name."""

    @contextmanager
    def debug_sql(
        self,
        sql: str | None = None,
        params: Any = None,
        use_last_executed_query: bool = False,
        many: bool = False,
    ) -> Iterator[None]:
        with super().debug_sql(sql, params, use_last_executed_query=False, many=many):
            yield


@contextmanager
def prepared_cursor() -> Iterator[Any]:
    """A cursor for a statement that a page runs on every request and that costs PostgreSQL
    more to plan than to run (the inbox's eleven parts, the region home's grants, the user
    every request loads). Its values are bound on the server (Django's own queries bind
    them on the client, and so are never prepared): psycopg prepares the statement on its
    first run on a connection (``prepare_threshold`` 0), and PostgreSQL plans it once per
    connection for all values (``plan_cache_mode``; settings: DATABASES) instead of on every
    run. On SQLite, Django's cursor."""
    with _prepared(connection) as cursor:
        yield cursor


def _prepared(database: Any) -> Any:
    """``prepared_cursor``'s cursor on ``database`` (a connection), for the caller to close."""
    if database.vendor != "postgresql":
        return database.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    database.ensure_connection()
    # psycopg's Cursor with Django's additions (the stubs know it without psycopg's
    # constructor).
    bound_on_server: Any = ServerBindingCursor(database.connection)  # type: ignore[call-arg]
    # Wrapped as Django wraps its own cursors: its errors, its query log and its execute
    # wrappers apply alike.
    if database.queries_logged:
        return _StatementLoggingCursor(bound_on_server, database)
    return database.make_cursor(bound_on_server)


class _PreparedRawQuery(RawQuery):
    """Django's raw query, its statement run through ``prepared_cursor``'s cursor."""

    def clone(self, using: str) -> "_PreparedRawQuery":
        return _PreparedRawQuery(self.sql, using, params=self.params)

    def _execute_query(self) -> None:
        # As Django's, less its adapting of values of unknown type: the values are plain
        # (ids, text), which need none.
        self.cursor = _prepared(connections[self.using])
        self.cursor.execute(self.sql, self.params)


def prepared_raw(model: type[M], statement: str, parameters: Sequence[Any]) -> "RawQuerySet[M]":
    """``model.objects.raw(statement, parameters)``, the statement prepared as
    ``prepared_cursor``'s are: for a statement written out by hand that every request runs
    (the user it loads, the region a region's page names). The values must be plain (ids,
    text)."""
    values = tuple(parameters)
    # The stubs expect a Query; Django's own raw() passes a RawQuery here too.
    query: Any = _PreparedRawQuery(statement, DEFAULT_DB_ALIAS, params=values)
    return RawQuerySet(statement, model=model, query=query, params=values)


@contextmanager
def cursor_reading_moments(*, prepared: bool = False) -> Iterator[Any]:
    """A cursor whose moments (``timestamptz``) psycopg reads itself (compiled, with
    psycopg[binary]) instead of through the reader Django registers, which parses each in
    Python (about 6 µs a value) to give it the connection's time zone: the session's time
    zone is already that zone (Django sets it so), and a moment is the same moment in any
    zone. On SQLite, a plain cursor (``as_moment`` reads its text). With ``prepared``, a
    ``prepared_cursor``."""
    with prepared_cursor() if prepared else connection.cursor() as cursor:
        if connection.vendor == "postgresql" and settings.USE_TZ:
            import psycopg
            from psycopg.pq import Format

            oid = psycopg.adapters.types["timestamptz"].oid
            cursor.cursor.adapters.register_loader(
                oid, psycopg.adapters.get_loader(oid, Format.TEXT)
            )
        yield cursor


def rows_together(statements: Sequence[str], parameters: Mapping[str, Any]) -> list[list[Any]]:
    """Each statement's rows (each takes what it names of ``parameters``), read as
    ``cursor_reading_moments`` reads them, the statements sent together in one round trip
    (psycopg's pipeline), each a prepared statement (``prepared_cursor``): planned once per
    connection, where statements sent together as one text are planned on every run (the
    overview's nine cost PostgreSQL 11 ms to plan and 8 to run). PostgreSQL only: elsewhere
    (SQLite under `make run`) the overview reads through the ORM."""
    with ExitStack() as cursors_open:
        cursors = [
            cursors_open.enter_context(cursor_reading_moments(prepared=True)) for _ in statements
        ]
        with connection.wrap_database_errors, connection.connection.pipeline():
            for cursor, statement in zip(cursors, statements, strict=True):
                cursor.execute(statement, parameters)
        return [cursor.fetchall() for cursor in cursors]


def as_day(value: Any) -> dt.date | None:
    """A date column's value as a date."""
    if isinstance(value, str):
        return parse_date(value[:10])
    return value


def as_moment(value: Any) -> dt.datetime | None:
    """A timestamp column's value as an aware moment (SQLite keeps UTC without a zone)."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None and parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed
    return value


def in_list(column: str, name: str, values: Iterable[Any]) -> tuple[str, dict[str, Any]]:
    """``column IN (%(name_0)s, …)`` and its parameters; never empty (``IN (NULL)`` matches
    nothing)."""
    parameters = {f"{name}_{index}": value for index, value in enumerate(values)}
    placeholders = ", ".join(f"%({key})s" for key in parameters) or "NULL"
    return f"{column} IN ({placeholders})", parameters


def json_list(*expressions: str) -> str:
    """An aggregate of the rows' ``expressions`` as a JSON list of lists (in no particular
    order: SQLite before 3.44 cannot order inside an aggregate)."""
    if connection.vendor == "postgresql":
        return f"json_agg(json_build_array({', '.join(expressions)}))"
    return f"json_group_array(json_array({', '.join(expressions)}))"


def as_list(value: Any) -> list[Any]:
    """``json_list``'s value as a list (PostgreSQL gives it parsed, SQLite as text; no rows
    give NULL on PostgreSQL and an empty list on SQLite)."""
    if isinstance(value, str):
        value = json.loads(value)
    return value or []
