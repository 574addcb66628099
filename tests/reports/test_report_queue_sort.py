"""The officers' report queue sorts by every column, the status filter kept."""

from types import SimpleNamespace

import pytest

from reports.selectors import sort_queue


def _row(name: str, paid: int, used: int | None):
    latest = None if used is None else SimpleNamespace(amount_used=used)
    return SimpleNamespace(
        case=SimpleNamespace(region=SimpleNamespace(name=name)), disbursed=paid, latest=latest
    )


def test_rows_sort_by_a_column_either_way_with_the_unreported_apart():
    rows = [
        _row("Region Uppsala", 5, 1),
        _row("Region Stockholm", 9, None),
        _row("Region Gävleborg", 7, 3),
    ]
    names = lambda rows: [row.case.region.name for row in rows]  # noqa: E731
    assert names(sort_queue(rows, "region")) == [
        "Region Gävleborg",
        "Region Stockholm",
        "Region Uppsala",
    ]
    assert names(sort_queue(rows, "-paid")) == [
        "Region Stockholm",
        "Region Gävleborg",
        "Region Uppsala",
    ]
    assert names(sort_queue(rows, "used"))[0] == "Region Stockholm"  # nothing reported yet
    assert names(sort_queue(rows, "-used"))[0] == "Region Gävleborg"
    assert sort_queue(rows, "nonsense") == rows


@pytest.mark.django_db
def test_the_queue_page_says_how_it_is_sorted(officer_client, paid_case):
    html = officer_client.get(
        "/handlaggare/bidrag/2025/redovisningar/?status=not_due&sort=-paid"
    ).content.decode()
    assert 'aria-sort="descending"' in html
    assert 'href="?status=not_due&amp;sort=paid"' in html
    assert "Region Stockholm" in html
