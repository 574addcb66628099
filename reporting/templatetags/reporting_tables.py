"""Showing the cells of a report table (``reporting.exports.Table``) on a page, formatted as
in the PDF."""

from typing import Any

from django import template

from reporting.exports import pdf_value

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    """A Money as "115 800 812 kr", a date as 2026-03-31, nothing as "–"."""
    return pdf_value(value)


@register.simple_tag
def table_cells(table: Any, row: list[Any]) -> list[tuple[Any, bool, bool]]:
    """(value, is numeric, is the row's header) for each cell of ``row``."""
    numeric = table.numeric_columns
    return [
        (value, index in numeric, index == table.row_header_column)
        for index, value in enumerate(row)
    ]
