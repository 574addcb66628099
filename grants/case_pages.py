"""The region's case pages (the requisition form, the report form) read their case, its
grant, the grant's decision and the page's deadline, with what each page adds, in one
statement. The statement is written out once per page from the models' metadata: building
it through the ORM on every request costs more CPU than running it.

    reads = CasePageRead(
        deadline_kind=DeadlineKind.REQUISITION,
        parts=(Part(Requisition, "r", "LEFT JOIN ... r ON r.case_id = c.id AND ..."),),
        values=("(SELECT ...) AS allocation_amount",),
    )
    row = reads.fetch(year, region_id, {"status": ...})  # None: no decided grant that year

``row.case`` has its ``grant`` (with its ``decision``) set, ``row.deadline`` is the grant's
deadline of that kind or None, ``row.parts[alias]`` each added model (None when its LEFT
JOIN found no row) and ``row.values[name]`` each added value.
"""

import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model

from .models import Case, Deadline, DecisionStatus, Grant


@dataclass(frozen=True)
class Part:
    """A model read in the same row: its alias, the join that brings it, and (optionally)
    only these fields (the others are deferred, read on access as with ``.only()``)."""

    model: type[Model]
    alias: str
    join: str
    only: tuple[str, ...] | None = None


@dataclass
class CasePageRow:
    case: Case
    deadline: Deadline | None
    parts: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


def _columns(model: type[Model], alias: str, only: tuple[str, ...] | None) -> tuple[str, list]:
    quote = connection.ops.quote_name
    fields = [
        f
        for f in model._meta.concrete_fields
        if only is None or f.name in only or f.attname in only or f.primary_key
    ]
    return ", ".join(f"{alias}.{quote(str(f.column))}" for f in fields), [f.attname for f in fields]


@functools.cache
def _converters(model: type[Model], names: tuple[str, ...], vendor: str) -> list[tuple[int, Any]]:
    """For each column read, the database's and the field's converters, as the ORM applies
    them (SQLite, under `make run`, gives moments and dates back as text)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    found = []
    for index, name in enumerate(names):
        column = fields[name].get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            found.append((index, (column, functions)))
    return found


def _instance(model: type[Model], names: list[str], values: tuple) -> Any:
    converted = list(values)
    for index, (column, functions) in _converters(model, tuple(names), connection.vendor):
        for convert in functions:
            converted[index] = convert(converted[index], column, connection)
    return model.from_db(connection.alias, names, converted)


@dataclass(frozen=True)
class CasePageRead:
    deadline_kind: str
    parts: tuple[Part, ...] = ()
    values: tuple[str, ...] = ()  # "SQL AS name", named parameters as %(name)s

    @functools.cached_property
    def _statement(self) -> tuple[str, list[tuple[type[Model], str, list[str]]], list[str]]:
        quote = connection.ops.quote_name
        models: list[tuple[type[Model], str, tuple[str, ...] | None]] = [
            (Case, "c", None),
            (Grant, "g", None),
            (Grant._meta.get_field("decision").related_model, "d", None),  # type: ignore[list-item]
            (Deadline, "dl", None),
            *((part.model, part.alias, part.only) for part in self.parts),
        ]
        selects, layout = [], []
        for model, alias, only in models:
            columns, names = _columns(model, alias, only)
            selects.append(columns)
            layout.append((model, alias, names))
        selects.extend(self.values)
        names = [value.rsplit(" AS ", 1)[1].strip() for value in self.values]
        decision = models[2][0]._meta
        statement = (
            f"SELECT {', '.join(selects)}"  # noqa: S608 - our own metadata  # nosec B608
            f" FROM {quote(Case._meta.db_table)} c"
            f" JOIN {quote(Grant._meta.db_table)} g ON g.id = c.grant_id"
            f" JOIN {quote(decision.db_table)} d ON d.id = g.decision_id"
            f" LEFT JOIN {quote(Deadline._meta.db_table)} dl"
            f" ON dl.grant_id = g.id AND dl.kind = %(deadline_kind)s"
            f" {' '.join(part.join for part in self.parts)}"
            f" WHERE g.year = %(year)s AND d.status = %(decided)s AND c.region_id = %(region)s"
            " ORDER BY c.id LIMIT 1"
        )
        return statement, layout, names

    def fetch(self, year: int, region_id: int, params: dict[str, Any] | None = None) -> Any:
        statement, layout, names = self._statement
        with connection.cursor() as cursor:
            cursor.execute(
                statement,
                {
                    "deadline_kind": self.deadline_kind,
                    "year": year,
                    "decided": DecisionStatus.DECIDED,
                    "region": region_id,
                    **(params or {}),
                },
            )
            row = cursor.fetchone()
        if row is None:
            return None
        read: dict[str, Any] = {}
        start = 0
        for model, alias, attnames in layout:
            values = row[start : start + len(attnames)]
            start += len(attnames)
            read[alias] = None if values[0] is None else _instance(model, attnames, values)
        case, grant = read.pop("c"), read.pop("g")
        grant.decision = read.pop("d")
        case.grant = grant
        deadline = read.pop("dl")
        if deadline is not None:
            deadline.grant = grant
        return CasePageRow(
            case=case,
            deadline=deadline,
            parts=read,
            values=dict(zip(names, row[start:], strict=True)),
        )
