"""Counting every row and catching every write: proof that a request changed nothing."""

from django.apps import apps
from django.db import connection, models

# Logging in writes a session row whatever the form says: that is not the form storing.
NOT_COUNTED = {"sessions.session"}


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_COUNTED
    ]


def row_counts() -> dict[str, int]:
    """Rows in every table (the project's, Django's and third parties', sessions aside), read
    in one query."""
    tables = _tables()
    quote = connection.ops.quote_name
    # Table names from the model registry, quoted by the backend: no input reaches this SQL.
    counts = [f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in tables]  # noqa: S608
    sql = "SELECT " + ", ".join(counts)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return {model._meta.label_lower: count for model, count in zip(tables, counts, strict=True)}


def writes(captured: list[dict[str, str]]) -> list[str]:
    """The statements among ``captured`` (CaptureQueriesContext) that change a row, outside
    the session table (a request may renew or end its session)."""
    found = []
    for query in captured:
        sql = query["sql"].lstrip()
        verb = sql.split(None, 1)[0].upper() if sql else ""
        if verb in {"INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE"} and (
            "django_session" not in sql
        ):
            found.append(sql[:200])
    return found
