"""How the overview reads its rows on PostgreSQL: the instances made from a hand-written
statement's rows are the ORM's, the moments read by psycopg's own loader are the ORM's, and
the grant's statement stays short enough for psycopg to convert it only once per process."""

from django.db.models import F

from grants.models import Case, Decision
from regions.models import Region
from repayments import ledger
from reporting import timeline
from reporting.selectors import decided_grant
from reports.models import ReportVersion


def test_the_cases_their_regions_and_the_grant_read_by_hand_are_the_orms(demo):
    known = timeline.grant_facts(demo, with_ledgers=True)
    orm = list(Case.objects.filter(grant=demo).select_related("region"))
    by_pk = {case.pk: case for case in orm}
    assert sorted(case.pk for case in known.cases) == sorted(by_pk)
    for case in known.cases:
        expected = by_pk[case.pk]
        assert (case.status, case.closed_at, case.region_id, case.grant_id) == (
            expected.status,
            expected.closed_at,
            expected.region_id,
            expected.grant_id,
        )
        assert case.region == expected.region
        assert (case.region.county_code, case.region.name) == (
            expected.region.county_code,
            expected.region.name,
        )
        # A field not read is read when asked for, as with from_db.
        assert case.created_at == Case.objects.get(pk=case.pk).created_at
    grant = decided_grant(2025)
    assert grant == demo and grant.decision == demo.decision
    assert grant.decision.regions_amount == demo.decision.regions_amount


def test_the_moments_read_by_psycopgs_loader_are_the_orms(demo):
    known = timeline.grant_facts(demo)
    read = {
        (row["report__case_id"], row["number"]): row["submitted_at"]
        for facts in known.facts.values()
        for row in facts.versions
    }
    assert read
    expected = {
        (case_id, number): submitted_at
        for case_id, number, submitted_at in ReportVersion.objects.filter(
            report__case__grant=demo
        ).values_list("report__case_id", "number", "submitted_at")
    }
    assert read == expected
    for moment in read.values():
        assert moment.utcoffset() is not None  # aware, as with USE_TZ


def test_the_grants_statements_are_converted_once_per_process(demo):
    """psycopg keeps its conversion of a statement of at most 4 096 characters
    (``MAX_CACHED_STATEMENT_LENGTH`` in psycopg 3); a longer one is converted on every view."""
    for with_ledgers in (True, False):
        statements, _parameters = timeline._grant_statements(with_ledgers)
        assert len(statements) == 8 + with_ledgers
        assert all(len(statement) <= 4096 for statement in statements)


def test_the_overviews_statements_are_planned_once_per_connection(
    client, demo, demo_officer, settings
):
    """The overview's reads go together in one round trip, each a prepared statement that
    PostgreSQL plans once per connection (planning them cost more than running them), and
    each passes through Django's cursor, so it is counted and logged like any query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE = False  # built on every view
    client.force_login(demo_officer)
    for _ in range(2):
        assert client.get("/bidrag/2025/oversikt/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/bidrag/2025/oversikt/").status_code == 200
    statements, _parameters = timeline._grant_statements(True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        prepared = {" ".join(text.split()): (generic, custom) for text, generic, custom in cursor}
    logged = [" ".join(query["sql"].split()) for query in queries]
    for statement in statements:
        # psycopg sends $1, $2 … for the named parameters: compare up to the first of them.
        head = statement.split("%(")[0]
        plans = [plan for text, plan in prepared.items() if text.startswith(head)]
        assert len(plans) == 1, head
        generic, custom = plans[0]
        assert generic == 3 and custom == 0, head
        assert sum(sql.startswith(head) for sql in logged) == 1, head


def test_the_reconciliation_names_what_does_not_add_up(client, demo, demo_officer, monkeypatch):
    """The reconciliation's sentences, written in the view, in the same words as the
    template wrote them: a decision that does not match the allocations and a region whose
    ledger does not reconcile (its name shown as text)."""
    Decision.objects.filter(pk=demo.decision_id).update(
        regions_amount=F("regions_amount") + 100,
        administration_amount=F("administration_amount") - 100,
    )
    Region.objects.filter(county_code="01").update(name='Region <b>"01"</b>')
    monkeypatch.setattr(
        ledger, "_problems", lambda led: ["x"] if led.case.region.county_code == "01" else []
    )
    client.force_login(demo_officer)
    page = client.get("/bidrag/2025/oversikt/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert '<li class="status-overdue">Regionernas tilldelning blir sammanlagt ' in page
    assert ", men beslutet ger regionerna " in page
    assert (
        '<li class="status-overdue">De här regionernas reskontra stämmer inte: '
        "Region &lt;b&gt;&quot;01&quot;&lt;/b&gt;</li>"
    ) in page
    assert "<b>" not in page
    assert "Reskontran stämmer för alla" not in page
    assert (
        '<li class="status-ok">Ingen region fick sin utbetalning efter budgetåret 2025.</li>'
        in page
    )
