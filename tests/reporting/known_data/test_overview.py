"""The officers' overview: figures against the known demo history, status in words, filters,
sorting, the snapshot as of a date, the charts and the exports."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import Case
from repayments.ledger import ledgers, ledgers_summed
from reporting import overview as reporting_overview
from reporting import selectors as reporting_selectors
from reporting import timeline
from reporting.overview import Step, StepState, grant_overview
from reporting.progress import Milestone, grant_progress
from reporting.selectors import decided_grant
from reporting.timeline import case_facts, figures_at, snapshot_moment
from tests.support.ledgers import ledger_figures

from . import expected as x

KR = x.KR


def rows_by_code(overview):
    return {row.county_code: row for row in overview.rows}


def test_the_figures_add_up_to_the_known_history(demo):
    overview = grant_overview(demo)
    totals = overview.totals
    assert totals.allocated == x.TOTAL_ALLOCATED_KR * KR
    assert totals.requisitioned == x.TOTAL_PAID_KR * KR
    assert totals.disbursed == x.TOTAL_PAID_KR * KR
    assert totals.used == x.TOTAL_USED_KR * KR
    assert totals.claimed == x.TOTAL_CLAIMED_KR * KR
    assert totals.repaid == x.TOTAL_REPAID_KR * KR
    assert totals.outstanding == sum(x.OUTSTANDING_KR.values()) * KR
    rows = rows_by_code(overview)
    assert len(rows) == 21
    for code, row in rows.items():
        assert row.figures.allocated == x.ALLOCATED_KR[code] * KR, code
        assert row.figures.disbursed == x.PAID_KR.get(code, 0) * KR, code
        assert row.figures.used == x.USED_KR.get(code, 0) * KR, code
        assert row.figures.repaid == x.REPAID_KR.get(code, 0) * KR, code
        assert row.figures.outstanding == x.OUTSTANDING_KR.get(code, 0) * KR, code
    # The totals reconcile with the decision and with every ledger.
    reconciliation = overview.reconciliation
    assert reconciliation.allocation_matches_decision
    assert reconciliation.payments_accounted_for
    assert reconciliation.unreconciled_regions == []
    assert reconciliation.lapsed == (x.TOTAL_ALLOCATED_KR - x.TOTAL_PAID_KR) * KR


def test_the_overview_sums_in_sql_what_the_ledger_computes_in_python(demo):
    """The demo history has reported and recovery claims, reductions, partial and full
    repayments, money repaid beyond a reduced claim, and interest on an overdue recovery
    claim: every figure and problem but the interest (not shown here) is the same."""
    cases = list(Case.objects.filter(grant=demo).select_related("region"))
    computed = ledgers(cases)
    summed = ledgers_summed(cases)
    assert [ledger_figures(led) for led in summed] == [ledger_figures(led) for led in computed]
    assert any(led.recovery_claims for led in summed)
    assert any(0 < led.repaid < led.claimed for led in summed)
    assert any(led.interest for led in computed)
    assert all(led.interest == 0 for led in summed)


def test_the_grant_read_in_one_round_trip_sums_every_case_as_the_ledger_does(demo):
    """The overview sends the ledger's summing statement for the whole grant with the cases'
    facts: every case, every figure and problem as the ledger in Python gives them (but the
    interest), in the cases' order."""
    known = timeline.grant_facts(demo, with_ledgers=True)
    assert known.ledgers is not None and len(known.ledgers) == len(known.cases) == 21
    assert [led.case for led in known.ledgers] == known.cases
    computed = ledgers(known.cases)
    assert [ledger_figures(led) for led in known.ledgers] == [
        ledger_figures(led) for led in computed
    ]
    assert any(led.recovery_claims for led in known.ledgers)
    assert timeline.grant_facts(demo).ledgers is None
    rows = rows_by_code(grant_overview(demo))
    for ledger in computed:
        figures = rows[ledger.case.region.county_code].figures
        assert (figures.disbursed, figures.claimed, figures.repaid, figures.flagged) == (
            ledger.disbursed,
            ledger.claimed,
            ledger.repaid,
            ledger.flagged,
        )


def test_the_overview_reads_the_same_through_the_orm_as_by_hand_written_sql(demo, monkeypatch):
    """PostgreSQL gets hand-written statements; SQLite (`make run`) the ORM's: one page."""
    fast = grant_overview(demo)
    fast_progress = grant_progress(demo, until=dt.date(2026, 11, 23))
    fast_grant = decided_grant(2025)
    for module in (reporting_overview, reporting_selectors, timeline):
        monkeypatch.setattr(module, "hand_written_sql", lambda: False)
    slow = grant_overview(demo)
    assert [(r.county_code, r.region_name, r.figures, r.cells, r.problems) for r in slow.rows] == [
        (r.county_code, r.region_name, r.figures, r.cells, r.problems) for r in fast.rows
    ]
    assert slow.reconciliation == fast.reconciliation
    assert grant_progress(demo, until=dt.date(2026, 11, 23)) == fast_progress
    slow_grant = decided_grant(2025)
    assert (slow_grant.pk, slow_grant.year, slow_grant.decision.regions_amount) == (
        fast_grant.pk,
        fast_grant.year,
        fast_grant.decision.regions_amount,
    )


def test_each_region_stands_where_its_history_left_it(demo):
    rows = rows_by_code(grant_overview(demo))
    blekinge, norrbotten = rows[x.LAPSED], rows[x.NO_REPORT]
    assert blekinge.cells[Step.REQUISITION].state == StepState.LAPSED
    assert blekinge.cells[Step.CLOSED].state == StepState.DONE
    # Norrbotten reported late, after its recovery claim: approved, it owes what it kept.
    assert norrbotten.cells[Step.REPORT].state == StepState.DONE
    assert str(norrbotten.cells[Step.REPORT].note) == "inkom för sent"
    assert norrbotten.cells[Step.REPAYMENT].state == StepState.OVERDUE
    assert norrbotten.figures.outstanding == x.NO_REPORT_UNUSED_KR * KR
    assert rows["24"].cells[Step.REPORT].state == StepState.IN_PROGRESS  # awaiting review
    assert str(rows["20"].cells[Step.REPORT].note) == "inkom för sent"  # Dalarna
    assert str(rows["23"].cells[Step.REQUISITION].note).startswith("registrerad efter sista dag")
    assert rows["03"].cells[Step.REPAYMENT].state == StepState.DONE  # Uppsala repaid in full
    overdue_repayments = {
        code for code, row in rows.items() if row.cells[Step.REPAYMENT].state == StepState.OVERDUE
    }
    assert overdue_repayments == set(x.OUTSTANDING_KR)
    counts = grant_overview(demo).step_counts
    assert counts[Step.REQUISITION] == {StepState.DONE: 20, StepState.LAPSED: 1}
    assert counts[Step.REPORT][StepState.DONE] == 19


def test_the_page_shows_every_region_with_status_in_words(client, demo, demo_officer):
    client.force_login(demo_officer)
    page = client.get(reverse("reporting:overview", args=[2025])).content.decode()
    assert "Översikt, statsbidrag 2025" in page
    assert "<caption>Alla 21 regioner</caption>" in page
    assert page.count('<th scope="row"><a href="/handlaggare/bidrag/2025/region/') == 21
    norrbotten = page[page.index("Region Norrbotten</a>") :].split("</tr>")[0]
    assert "inkom för sent" in norrbotten
    assert "645\u00a0937\u00a0kr" in norrbotten
    assert "496\u00a0000\u00a0000\u00a0kr" in page
    assert "Reskontran stämmer för alla 21 regioner." in page
    assert 'aria-sort="ascending"' in page  # sorted by region by default
    # No inline script or style: the pages run under a content security policy.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert not re.search(r"\sstyle=", page)


def test_filters_narrow_the_rows_and_totals(client, demo, demo_officer):
    client.force_login(demo_officer)
    url = reverse("reporting:overview", args=[2025])
    page = client.get(url, {"steg": "report", "status": "in_progress"}).content.decode()
    assert "1 av 21 regioner matchar urvalet" in page
    assert "Region Västerbotten" in page and "Region Stockholm</a>" not in page
    assert "Summa för de regioner som visas" in page
    page = client.get(url, {"status": "overdue"}).content.decode()
    assert f"{len(x.OUTSTANDING_KR)} av 21 regioner matchar urvalet" in page
    page = client.get(url, {"status": "problems"}).content.decode()
    assert "Ingen region matchar urvalet." in page


def test_sorting_by_a_column_and_back(client, demo, demo_officer):
    client.force_login(demo_officer)
    url = reverse("reporting:overview", args=[2025])
    page = client.get(url, {"sort": "-disbursed"}).content.decode()
    order = re.findall(r'region/(\d\d)/">', page)
    assert order[:2] == ["01", "14"]  # Stockholm, then Västra Götaland
    assert order[-1] == x.LAPSED  # nothing paid
    assert 'aria-sort="descending"' in page
    assert "sort=disbursed" in page  # the heading's link now sorts ascending
    page = client.get(url, {"sort": "report_date"}).content.decode()
    order = re.findall(r'region/(\d\d)/">', page)
    assert order[-1] == x.LAPSED  # no report date: last


def test_a_snapshot_shows_the_figures_as_they_stood_at_the_end_of_a_day(demo):
    snapshot = grant_overview(demo, as_of=dt.date(2025, 12, 1))
    rows = rows_by_code(snapshot)
    counts = snapshot.step_counts
    # 1 December is the requisition deadline: Jämtland Härjedalen (late, 3 December) and
    # Blekinge (5 December) had not come in yet, and nobody is overdue on the last day.
    assert counts[Step.REQUISITION] == {StepState.DONE: 19, StepState.WAITING: 2}
    assert rows["23"].cells[Step.REQUISITION].state == StepState.WAITING
    assert snapshot.totals.used == 0 and snapshot.totals.repaid == 0
    next_day = rows_by_code(grant_overview(demo, as_of=dt.date(2025, 12, 2)))
    assert next_day["23"].cells[Step.REQUISITION].state == StepState.OVERDUE
    # After the bank file was booked on 27 March 2026.
    march = grant_overview(demo, as_of=dt.date(2026, 3, 27)).totals
    assert march.repaid == x.TOTAL_REPAID_KR * KR
    assert grant_overview(demo, as_of=dt.date(2026, 3, 26)).totals.repaid == 0


def test_a_snapshot_of_today_has_the_ledgers_figures(demo):
    """The snapshot's rule gives exactly the ledger's figures once everything has happened."""
    cases = list(Case.objects.filter(grant=demo).select_related("region"))
    facts = case_facts([case.pk for case in cases])
    moment = snapshot_moment(dt.date(2026, 11, 23))
    for ledger in ledgers(cases):
        figures = figures_at(facts[ledger.case.pk], ledger.allocated, moment)
        assert (
            figures.requisitioned,
            figures.disbursed,
            figures.used,
            figures.claimed,
            figures.repaid,
            figures.flagged,
        ) == (
            ledger.requisitioned,
            ledger.disbursed,
            ledger.reported_used,
            ledger.claimed,
            ledger.repaid,
            ledger.flagged,
        ), ledger.case.region.county_code
    live = grant_overview(demo).totals
    assert grant_overview(demo, as_of=dt.date(2026, 11, 23)).totals == live


def test_progress_over_time_agrees_with_the_snapshots(demo):
    progress = grant_progress(demo, until=dt.date(2026, 11, 23))
    assert progress.dates == sorted(progress.dates)
    final = dict(zip(Milestone.values, [c[-1] for c in progress.counts.values()], strict=True))
    assert final == {
        Milestone.REQUISITION_RECEIVED: 20,
        Milestone.PAID: 20,
        Milestone.REPORT_RECEIVED: 20,
        Milestone.REPORT_APPROVED: 19,
        Milestone.CLOSED: 15,  # Dalarna reopened for its recovery claim
    }
    for day in (dt.date(2025, 11, 1), dt.date(2025, 12, 2), dt.date(2026, 3, 5)):
        index = max(i for i, d in enumerate(progress.dates) if d <= day)
        counts = grant_overview(demo, as_of=day).step_counts
        assert progress.counts[Milestone.REQUISITION_RECEIVED][index] == counts[
            Step.REQUISITION
        ].get(StepState.DONE, 0)
        assert progress.counts[Milestone.PAID][index] == counts[Step.PAYMENT].get(StepState.DONE, 0)
        assert progress.counts[Milestone.REPORT_APPROVED][index] == counts[Step.REPORT].get(
            StepState.DONE, 0
        )


def test_the_charts_are_images_with_a_text_alternative_and_a_table(client, demo, demo_officer):
    client.force_login(demo_officer)
    overview = client.get(reverse("reporting:overview", args=[2025])).content.decode()
    # Progress over time (a row per date, more as the year goes on) is a page of its own,
    # linked from the overview's charts.
    progress_url = reverse("reporting:overview_progress", args=[2025])
    assert f'href="{progress_url}"' in overview
    progress = client.get(progress_url).content.decode()
    for page, chart, title in (
        (overview, "money-chart", "Belopp per region"),
        (progress, "progress-chart", "Förlopp"),
    ):
        assert 'role="img" class="chart"' in page
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in page
        assert f'<title id="{chart}-title">{title}' in page
        assert f'<desc id="{chart}-desc">' in page
        assert page.count("Visa diagrammets siffror som tabell") == 1
    assert "progress-chart" not in overview
    # The progress table's last row: 20 received, 20 paid, 20 reports, 19 approved, 15 closed.
    table = progress[progress.index("Regioner som hade nått varje steg, per datum") :]
    last_row = table.split("</tbody>")[0].split("<tr>")[-1]
    assert re.findall(r'class="num">(\d+)<', last_row) == ["20", "20", "20", "19", "15"]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_exports_hold_the_same_figures_with_swedish_headers(
    client, demo, demo_officer, language
):
    client.force_login(demo_officer)
    url = reverse("reporting:overview", args=[2025])
    response = client.get(url, {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Disposition"] == 'attachment; filename="oversikt-2025.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Översikt", "Förlopp"]
    sheet = workbook["Översikt"]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == [
        "Länskod",
        "Region",
        "Rekvisition",
        "Rekvisition, läge",
        "Rekvisition, datum",
    ]
    paid = header.index("Utbetalt (kr)") + 1
    values = [sheet.cell(row=r, column=paid).value for r in range(2, 23)]
    assert all(isinstance(v, int) for v in values)
    assert sum(values) == x.TOTAL_PAID_KR
    # Numbers a spreadsheet can sum, shown as the format rule writes kronor (docs/formats.md).
    assert sheet.cell(row=2, column=paid).number_format == '#,##0 "kr"'
    assert sheet.cell(row=23, column=2).value == "Summa"
    assert sheet.cell(row=23, column=paid).value == x.TOTAL_PAID_KR
    assert isinstance(sheet.cell(row=2, column=5).value, dt.datetime)  # a real date
    assert sheet.cell(row=2, column=5).number_format == "yyyy-mm-dd"

    response = client.get(url, {"format": "csv", "status": "overdue"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Länskod"
    codes = [row[0] for row in rows[1:-1]]
    assert codes == sorted(x.OUTSTANDING_KR)
    outstanding = rows[0].index("Kvar att återbetala (kr)")
    assert rows[-1][1] == "Summa"
    assert int(rows[-1][outstanding]) == sum(x.OUTSTANDING_KR.values())


def test_a_snapshot_exports_as_of_its_date(client, demo, demo_officer):
    client.force_login(demo_officer)
    url = reverse("reporting:overview", args=[2025])
    response = client.get(url, {"per": "2025-12-01", "format": "xlsx"})
    assert 'filename="oversikt-2025-per-2025-12-01.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Översikt per 2025-12-01"
    assert client.get(url, {"per": "2025-12-01", "format": "xlsx"}).content == response.content
    page = client.get(url, {"per": "2025-12-01"}).content.decode()
    assert "Uppgifterna som de såg ut vid slutet av den 1 december 2025" in page


def test_a_date_that_is_not_a_date_is_explained(client, demo, demo_officer):
    client.force_login(demo_officer)
    response = client.get(reverse("reporting:overview", args=[2025]), {"per": "1/12/2025"})
    assert response.status_code == 200
    assert "Fyll i ett giltigt datum." in response.content.decode()
    response = client.get(reverse("reporting:overview", args=[2025]), {"per": "2026-11-24"})
    assert "Datumet kan inte ligga i framtiden." in response.content.decode()


def test_the_curve_built_in_one_pass_counts_every_region_on_every_date(demo):
    """The curve looks at each case on its own events' dates only; counting every case again
    on every date of the curve, by the snapshot's rule, gives the same numbers."""
    from reporting.progress import _milestones_reached
    from reporting.timeline import grant_facts

    for until in (dt.date(2025, 11, 20), dt.date(2026, 4, 14), dt.date(2026, 11, 23)):
        progress = grant_progress(demo, until=until)
        known = grant_facts(demo)
        assert progress.dates and progress.dates[-1] <= until
        for index, day in enumerate(progress.dates):
            reached = [
                _milestones_reached(case, known.facts[case.pk], snapshot_moment(day))
                for case in known.cases
            ]
            for milestone in Milestone.values:
                assert progress.counts[milestone][index] == sum(milestone in r for r in reached), (
                    until,
                    day,
                    milestone,
                )
