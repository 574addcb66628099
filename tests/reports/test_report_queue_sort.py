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


@pytest.mark.django_db
def test_the_queue_downloads_as_csv_and_xlsx_with_its_filter_and_order(
    client, auditor, reported_case
):
    import io

    from openpyxl import load_workbook

    client.force_login(auditor)
    page = client.get("/handlaggare/bidrag/2025/redovisningar/?status=received&sort=-paid")
    assert (
        'href="/handlaggare/bidrag/2025/redovisningar/redovisningar.csv?status=received&amp;sort=-paid"'
        in page.content.decode()
    )
    csv = client.get(
        "/handlaggare/bidrag/2025/redovisningar/redovisningar.csv?status=received&sort=-paid"
    )
    assert csv["Content-Type"].startswith("text/csv")
    assert "redovisningar-2025-" in csv["Content-Disposition"]
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Region;Länskod;Status;Sen;Senast inkommen;Utbetalt;Använt;Ej använt"
    assert len(lines) == 2
    # Paid 115 800 812 kr, used 115 000 000 kr, 800 812 kr not used: kronor, for a spreadsheet.
    assert lines[1].startswith("Region Stockholm;01;Inkom;Nej;2026-02-02 10:00;")
    assert lines[1].endswith(";115800812;115000000;800812")

    nothing = client.get("/handlaggare/bidrag/2025/redovisningar/redovisningar.csv?status=approved")
    assert len(nothing.content.decode("utf-8-sig").splitlines()) == 1

    xlsx = client.get("/handlaggare/bidrag/2025/redovisningar/redovisningar.xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Region Stockholm" and rows[1][5:] == (115800812, 115000000, 800812)


@pytest.mark.django_db
def test_the_menus_reports_lead_to_the_newest_decided_rounds_queue(client, officer, auditor):
    client.force_login(officer)
    none_yet = client.get("/handlaggare/redovisningar/", follow=True)
    assert none_yet.redirect_chain[-1][0] == "/bidrag/"
    assert "Inget bidrag är beslutat ännu" in none_yet.content.decode()


@pytest.mark.django_db
def test_the_menus_reports_open_the_2025_queue_once_decided(client, auditor, grant_2025):
    client.force_login(auditor)
    page = client.get("/handlaggare/bidrag/2025/redovisningar/")
    assert 'href="/handlaggare/redovisningar/"' in page.content.decode()
    response = client.get("/handlaggare/redovisningar/")
    assert response.status_code == 302
    assert response["Location"] == "/handlaggare/bidrag/2025/redovisningar/"
