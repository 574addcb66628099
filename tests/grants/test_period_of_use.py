"""The grant's period of use: the decision's "under 2025", set by a new round's form or the
data file, defaulting to the budget year, and shown on the grant page."""

import datetime as dt

from grants.decision_file import read_decision_file
from grants.models import Grant
from tests.grants.rounds import register_2026, register_form


def test_the_2025_decision_is_for_use_during_2025_and_the_grant_page_says_so(
    officer_client, grant_2025
):
    assert (grant_2025.use_from, grant_2025.use_to) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    page = officer_client.get("/bidrag/2025/").content.decode()
    assert "<dt>Användningsperiod</dt><dd>2025-01-01–2025-12-31" in page


def test_a_data_file_without_a_period_gives_the_budget_year(tmp_path, decision_2025_data):
    from grants.decision_file import DATA_DIR

    text = (DATA_DIR / "decision_2025.toml").read_text(encoding="utf-8")
    start = text.index("[period_of_use]")
    without = text[:start] + text[text.index("[population]") :]
    path = tmp_path / "decision.toml"
    path.write_text(without, encoding="utf-8")
    assert read_decision_file(path).use_from is None
    assert (decision_2025_data.use_from, decision_2025_data.use_to) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )


def test_a_new_round_is_for_its_budget_year_unless_the_officer_states_a_period(
    officer_client, grant_2025, officer
):
    response = officer_client.post(
        "/bidrag/nytt-beslut/",
        {
            **register_form(use_from="2026-03-01", use_to="2027-06-30"),
            "population_dataset": str(grant_2025.population_dataset_id),
        },
    )
    assert response.status_code == 302
    grant = Grant.objects.get(year=2026)
    assert (grant.use_from, grant.use_to) == (dt.date(2026, 3, 1), dt.date(2027, 6, 30))
    default = register_2026(grant_2025=grant_2025, officer=officer, year=2027)
    assert (default.use_from, default.use_to) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31))


def test_a_period_that_ends_before_it_begins_is_refused_at_the_field(officer_client, grant_2025):
    response = officer_client.post(
        "/bidrag/nytt-beslut/",
        {
            **register_form(use_from="2026-12-31", use_to="2026-01-01"),
            "population_dataset": str(grant_2025.population_dataset_id),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Användningsperiodens sista dag (2026-01-01) kommer före dess första dag (2026-12-31)."
        in page
    )
    assert '<a href="#id_use_to">' in page
    assert 'value="2026-12-31"' in page  # what was typed is kept
    assert not Grant.objects.filter(year=2026).exists()
