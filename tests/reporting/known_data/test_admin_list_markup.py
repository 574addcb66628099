"""The read-only admin lists write their rows and filters themselves (core/admin_rows.py):
every such list, unfiltered and filtered, shows the same table, filter panel, breadcrumbs,
search box and page links as Django's own list page does for the same records. The header's links, whose addresses the
admin site works out once (core/admin_site.py), lead where Django's do."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from core.admin import ReadOnlyAdmin
from requisitions.models import Requisition

READ_ONLY = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ReadOnlyAdmin)
    ),
    key=lambda pair: pair[0]._meta.label,
)


@pytest.fixture(autouse=True)
def built_every_time(settings):
    """Every page built: a kept page would answer the second request of a comparison with
    the first one's page, whatever builds it."""
    settings.PAGE_CACHE = False


def _part(page: str, start: str, end: str) -> str:
    found = re.search(f"{re.escape(start)}.*?{re.escape(end)}", page, flags=re.DOTALL)
    return _normalised(found.group(0)) if found else ""


def _normalised(html: str) -> str:
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", re.sub(r"\s+", " ", html))).strip()


def _list_and_filters(client, url: str) -> tuple[str, ...]:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    return (
        _part(page, '<table id="result_list">', "</table>"),
        _part(page, '<nav id="changelist-filter"', "</nav>"),
        _part(page, '<div class="breadcrumbs">', "</div>"),
        _part(page, '<p class="paginator">', "</p>"),
        _part(page, '<div id="toolbar">', "</form></div>"),
    )


def _first_filter_choice(filters: str) -> str | None:
    """The address of the first filter choice that is not "Alla"."""
    links = re.findall(r'<li><a href="(\?[^"]+)">', filters)
    return links[0].replace("&amp;", "&") if links else None


@pytest.mark.parametrize(
    ("model", "model_admin"), READ_ONLY, ids=[model._meta.label for model, _ in READ_ONLY]
)
def test_a_read_only_list_shows_what_djangos_list_page_shows(
    client, demo, demo_auditor, monkeypatch, model, model_admin
):
    client.force_login(demo_auditor)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    ours = _list_and_filters(client, url)
    addresses = [url]
    if choice := _first_filter_choice(ours[1]):
        addresses.append(url + choice)
    for address in addresses:
        ours = _list_and_filters(client, address)
        monkeypatch.setattr(model_admin, "change_list_template", "admin/change_list.html")
        djangos = _list_and_filters(client, address)
        monkeypatch.undo()
        assert ours == djangos, address


@pytest.mark.parametrize(
    "query",
    ["?p=2", "?status__exact=paid&q=Region", "?q=2025", "?q=Stockholm&p=1", "?o=0", "?o=-0.3&p=2"],
)
def test_a_page_and_a_search_of_the_requisitions_show_what_djangos_list_page_shows(
    client, demo, demo_auditor, monkeypatch, query
):
    client.force_login(demo_auditor)
    url = reverse("admin:requisitions_requisition_changelist") + query
    ours = _list_and_filters(client, url)
    monkeypatch.setattr(
        admin.site._registry[Requisition], "change_list_template", "admin/change_list.html"
    )
    assert ours == _list_and_filters(client, url)
    assert ours[3] and ours[4]  # the page links and the search box are there


def test_the_lists_compared_hold_rows_and_filters(client, demo, demo_auditor):
    """The comparison above is not of empty pages: the requisitions' list shows the demo's
    requisitions and its filter by region names the 21 regions."""
    client.force_login(demo_auditor)
    table, filters, *_rest = _list_and_filters(
        client, reverse("admin:requisitions_requisition_changelist")
    )
    rows = re.findall(
        r'<th class="field-case_shown"><a href="/admin/requisitions/requisition/\d+/change/">[^<]+ – Statsbidrag 20',
        table,
    )
    assert len(rows) == 20  # a page of the list
    assert len(re.findall(r'href="\?case__region__id__exact=\d+"', filters)) == 21
    assert 'class="selected"' in filters


def test_the_admin_header_links_lead_where_djangos_do(client, demo, demo_auditor):
    client.force_login(demo_auditor)
    page = client.get(reverse("admin:requisitions_requisition_changelist")).content.decode()
    header = _part(page, '<header id="header">', "</header>")
    assert f'<div id="site-name"><a href="{reverse("admin:index")}">' in header
    assert f'<a href="{reverse("admin:password_change")}">Byt lösenord</a>' in header
    assert f'<form id="logout-form" method="post" action="{reverse("admin:logout")}">' in header
    assert 'name="csrfmiddlewaretoken"' in header
    breadcrumbs = _part(page, '<div class="breadcrumbs">', "</div>")
    assert f'<a href="{reverse("admin:app_list", args=["requisitions"])}">' in breadcrumbs


def test_hostile_text_in_rows_and_filters_is_escaped_as_djangos_list_page_escapes_it(
    client, demo, demo_auditor, monkeypatch
):
    """A region's name and a requisition's contact holding markup, quotes and ampersands
    come out as text, exactly as Django's own list page writes them."""
    from regions.models import Region

    hostile = "<script>alert('x')</script> & \"Region\""
    Region.objects.filter(county_code="01").update(name=hostile)
    Requisition.objects.filter(case__region__county_code="01").update(contact_name=hostile)
    client.force_login(demo_auditor)
    url = reverse("admin:requisitions_requisition_changelist") + "?q=script"
    ours = _list_and_filters(client, url)
    assert "<script>" not in "".join(ours)
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Region&quot;"
    assert escaped in ours[0] and escaped in ours[1]  # in a row and in the region filter
    monkeypatch.setattr(
        admin.site._registry[Requisition], "change_list_template", "admin/change_list.html"
    )
    assert ours == _list_and_filters(client, url)
