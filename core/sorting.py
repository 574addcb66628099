"""Sortable tables: which column a page is sorted by (``?sort=amount``, ``?sort=-amount``)
and the header links that sort it. The template is ``includes/sort_header.html``."""

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode


def chosen_sort(value: object, keys: Iterable[str]) -> str:
    """``value`` when it names one of ``keys`` (with "-" first for descending), else ""."""
    if isinstance(value, str) and value.removeprefix("-") in set(keys):
        return value
    return ""


def sort_columns(
    columns: Iterable[tuple[str, Any]],
    sort: str,
    filters: Mapping[str, Any],
    numeric: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Each column's label, its link (the filters kept; a click sorts ascending, a second
    click on the sorted column descending) and its ``aria-sort``."""
    numeric = set(numeric)
    result = []
    for key, label in columns:
        ascending, descending = sort == key, sort == f"-{key}"
        result.append(
            {
                "label": label,
                "numeric": key in numeric,
                "query": urlencode({**filters, "sort": f"-{key}" if ascending else key}),
                "aria_sort": "ascending" if ascending else "descending" if descending else "",
            }
        )
    return result
