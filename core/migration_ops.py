"""Migration operations that make PostgreSQL itself refuse what must never happen.

Public records (decisions, allocations, submissions, the audit trail) are never
hard-deleted, and some rows are never changed once written. The application never
tries; these triggers make sure nobody else does either. SQLite (local development
only) relies on the application alone.
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


def refuse_changes(
    table: str, *, operations: tuple[str, ...] = ("DELETE",)
) -> migrations.RunPython:
    """A migration operation: PostgreSQL raises on any of ``operations`` on ``table``."""
    name = _trigger_name(table, operations)

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(_FUNCTION, params=None)
        schema_editor.execute(
            f'CREATE TRIGGER "{name}" BEFORE {" OR ".join(operations)} ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION statsbidrag_refuse_change();"
        )

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}";')

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
