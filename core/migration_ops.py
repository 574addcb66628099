"""Migration operations that make PostgreSQL itself refuse what must never happen.

Public records (decisions, allocations, submissions, the audit trail) are never
hard-deleted or emptied, and some rows are never changed once written, or change only
along the transitions the services make. The application never tries; these triggers make
sure nobody else does either, whatever they connect as: the application's own database
role cannot switch a trigger off (docs/security.md), and a superuser who does leaves rows
that ``verify_records`` names. SQLite (local development only) relies on the application
alone.
"""

from django.db import migrations

_FUNCTION = """
CREATE OR REPLACE FUNCTION statsbidrag_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'statsbidrag: % on % is not allowed (public record)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def _trigger_name(table: str, operations: tuple[str, ...]) -> str:
    return f"{table}_refuse_{'_'.join(op.lower() for op in operations)}"


def _truncate_trigger(table: str) -> str:
    # TRUNCATE fires no row triggers: a statement trigger of its own refuses it.
    return (
        f'CREATE OR REPLACE TRIGGER "{table}_refuse_truncate" BEFORE TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION statsbidrag_refuse_change();"
    )


def refuse_changes(
    table: str, *, operations: tuple[str, ...] = ("DELETE",)
) -> migrations.RunPython:
    """A migration operation: PostgreSQL raises on any of ``operations`` on ``table``, and on
    TRUNCATE wherever DELETE is refused."""
    name = _trigger_name(table, operations)

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(_FUNCTION, params=None)
        schema_editor.execute(
            f'CREATE TRIGGER "{name}" BEFORE {" OR ".join(operations)} ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION statsbidrag_refuse_change();"
        )
        if "DELETE" in operations:
            schema_editor.execute(_truncate_trigger(table))

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}";')
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_refuse_truncate" ON "{table}";')

    return migrations.RunPython(forward, backward, elidable=False)


def refuse_truncate(*tables: str) -> migrations.RunPython:
    """A migration operation: PostgreSQL refuses TRUNCATE on each of ``tables`` (which empties
    a table without firing the row triggers that refuse DELETE)."""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(_FUNCTION, params=None)
        for table in tables:
            schema_editor.execute(_truncate_trigger(table))

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_refuse_truncate" ON "{table}";')

    return migrations.RunPython(forward, backward, elidable=False)


def changed(columns: tuple[str, ...]) -> str:
    """SQL that is true when an UPDATE changes any of ``columns``."""
    return " OR ".join(f'NEW."{column}" IS DISTINCT FROM OLD."{column}"' for column in columns)


def refuse(message: str) -> str:
    """A PL/pgSQL statement that refuses the change with ``message`` (no quotes in it)."""
    if "'" in message:
        raise ValueError("the message is written into SQL: no quotes")
    return (
        f"RAISE EXCEPTION 'statsbidrag: % on %: {message}', TG_OP, TG_TABLE_NAME "
        "USING ERRCODE = 'integrity_constraint_violation';"
    )


def guard_rows(
    table: str, *, name: str, events: tuple[str, ...], body: str, deferred: bool = False
) -> migrations.RunPython:
    """A migration operation: a trigger on each row of ``table`` for ``events`` that runs the
    PL/pgSQL ``body``, which refuses what it must with :func:`refuse` and ends in
    ``RETURN NEW``. ``deferred`` makes it a constraint trigger checked at commit (AFTER the
    events), for a rule that holds across several statements of one transaction."""
    function = f"statsbidrag_{table}_{name}"
    trigger = f"{table}_{name}"

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$\n"
            f"BEGIN\n{body}\nEND;\n$$ LANGUAGE plpgsql;",
            params=None,
        )
        when = " OR ".join(events)
        if deferred:
            schema_editor.execute(
                f'CREATE CONSTRAINT TRIGGER "{trigger}" AFTER {when} ON "{table}" '
                "DEFERRABLE INITIALLY DEFERRED "
                f"FOR EACH ROW EXECUTE FUNCTION {function}();"
            )
        else:
            schema_editor.execute(
                f'CREATE TRIGGER "{trigger}" BEFORE {when} ON "{table}" '
                f"FOR EACH ROW EXECUTE FUNCTION {function}();"
            )

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{trigger}" ON "{table}";')
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}();")

    return migrations.RunPython(forward, backward, elidable=False)


def refuse_updates(
    table: str,
    *,
    columns: tuple[str, ...],
    transition: tuple[str, str, str] | None = None,
) -> migrations.RunPython:
    """A migration operation: PostgreSQL raises on an UPDATE of ``table`` that changes any of
    ``columns``. With ``transition=(column, old, new)`` that column may change only from
    ``old`` to ``new`` (an adopted allocation may become superseded, nothing else)."""
    name = f"{table}_refuse_update_frozen"
    function = f"statsbidrag_{table}_frozen"
    changed = [f'NEW."{column}" IS DISTINCT FROM OLD."{column}"' for column in columns]
    if transition is not None:
        column, old, new = transition
        changed.append(
            f'(NEW."{column}" IS DISTINCT FROM OLD."{column}" AND NOT '
            f"(OLD.\"{column}\" = '{old}' AND NEW.\"{column}\" = '{new}'))"
        )
    condition = "\n        OR ".join(changed)
    body = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    IF {condition} THEN
        RAISE EXCEPTION 'statsbidrag: this change of % is not allowed (frozen record)', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(body, params=None)
        schema_editor.execute(
            f'CREATE TRIGGER "{name}" BEFORE UPDATE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {function}();"
        )

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}";')
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}();")

    return migrations.RunPython(forward, backward, elidable=False)
