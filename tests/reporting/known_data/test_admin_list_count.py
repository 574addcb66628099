"""Every admin list reads its page and its count in one statement (core.admin.SafeChangeList
.get_results: the rows each carry ``COUNT(*) OVER ()``), and shows exactly what Django's
ChangeList shows with its COUNT and then its rows: the same rows, the same "N
requisitions", the same page links, the same error for a page past the end."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.admin import SafeChangeList
from requisitions.models import Requisition
from tests.reporting.known_data.test_admin_list_markup import _list_and_filters

ALL = sorted(admin.site._registry, key=lambda model: model._meta.label)
REQUISITIONS = reverse("admin:requisitions_requisition_changelist")


@pytest.fixture(autouse=True)
def built_every_time(settings):
    """Every page built: a kept page would answer the second request of a comparison with
    the first one's page, whatever builds it."""
    settings.PAGE_CACHE = False


def _djangos(monkeypatch):
    monkeypatch.setattr(SafeChangeList, "get_results", ChangeList.get_results)


def _shown(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, response.get("Location")
    return _list_and_filters(client, url)


@pytest.mark.parametrize("model", ALL, ids=[model._meta.label for model in ALL])
def test_every_list_shows_djangos_rows_and_count(client, demo, demo_auditor, monkeypatch, model):
    client.force_login(demo_auditor)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    ours = _shown(client, url)
    _djangos(monkeypatch)
    assert ours == _shown(client, url)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?p=2",
        "?p=3",  # the demo's 21 + requisitions: the last page holds what is left
        "?p=99",  # past the end: Django's error address
        "?p=9223372036854775808",  # past any list, and past the database's numbers
        "?p=0",
        "?p=-1",
        "?p=x",
        "?q=ingen+sådan+region",  # nothing found: "0 rekvisitioner"
        "?q=ingen+sådan+region&p=2",
        "?status__exact=paid&q=Region",
        "?q=Stockholm",  # a search across a relation
        "?o=-3.1&p=2",
        "?all=",
    ],
)
def test_a_page_of_the_requisitions_shows_djangos_rows_count_and_links(
    client, demo, demo_auditor, monkeypatch, query
):
    client.force_login(demo_auditor)
    ours = _shown(client, REQUISITIONS + query)
    _djangos(monkeypatch)
    assert ours == _shown(client, REQUISITIONS + query)


def test_the_count_is_the_number_of_records_the_filters_find(client, demo, demo_auditor):
    client.force_login(demo_auditor)
    total = Requisition.objects.count()
    assert total > 20  # more than a page: the count is not the page's length
    assert f"\n{total} rekvisitioner\n" in client.get(REQUISITIONS).content.decode()
    paid = Requisition.objects.filter(status="paid").count()
    assert 0 < paid < total
    page = client.get(REQUISITIONS + "?status__exact=paid").content.decode()
    assert f"\n{paid} rekvisitioner\n" in page


def test_the_page_and_its_count_are_one_statement(client, demo, demo_auditor, monkeypatch):
    client.force_login(demo_auditor)
    client.get(REQUISITIONS)

    def statements() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(REQUISITIONS + "?p=2").status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    ours = statements()
    assert not any(sql.startswith("SELECT COUNT(*)") for sql in ours)
    assert any("COUNT(*) OVER ()" in sql for sql in ours)
    _djangos(monkeypatch)
    assert len(statements()) == len(ours) + 1
