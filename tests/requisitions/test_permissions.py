"""A user never sees or changes another region's data. Walks every region-scoped URL of the
application (found from the URL configuration, so a new one cannot be forgotten) as a user
of another region and as an anonymous visitor."""

import pytest
from django.urls import reverse

from accounts.models import RegionMembership, RegionRole
from records.models import Document
from requisitions import services
from requisitions.models import Requisition
from tests import factories
from tests.urlwalk import all_routes

from .conftest import form_post, valid_data

pytestmark = pytest.mark.django_db

REGION_ROUTES = [route for route in all_routes() if "county_code" in route.params]
STAFF_ROUTE_PREFIXES = ("handlaggare/", "bidrag/")


@pytest.fixture
def stockholm_case_with_history(before_deadline, case, submitter, officer, second_officer):
    requisition = services.requisition_submit(
        case=case, data=valid_data(), version=0, actor=submitter
    )
    services.requisition_approve(requisition=requisition, actor=officer)
    return requisition


def kwargs_for(route, membership_pk: int) -> dict:
    values = {"county_code": "01", "year": 2025, "pk": membership_pk, "kind": "report", "number": 1}
    return {param: values[param] for param in route.params}


def test_there_are_region_scoped_urls_to_walk():
    names = {route.name for route in REGION_ROUTES}
    assert {
        "regions:home",
        "regions:case",
        "requisitions:form",
        "requisitions:receipt",
        "accounts:region_users",
    } <= names


@pytest.mark.parametrize("route", REGION_ROUTES, ids=lambda r: r.name)
@pytest.mark.parametrize("role", [RegionRole.ADMIN, RegionRole.SUBMITTER, RegionRole.PREPARER])
def test_another_regions_user_gets_nothing(
    client, stockholm_case_with_history, uppsala, route, role
):
    membership = RegionMembership.objects.filter(region__county_code="01").first()
    url = reverse(route.name, kwargs=kwargs_for(route, membership.pk))
    client.force_login(factories.region_user(uppsala, role))
    for method in ("get", "post"):
        response = getattr(client, method)(url, form_post() if method == "post" else None)
        assert response.status_code in (403, 404), (method, url, response.status_code)
        body = response.content.decode()
        assert "RS 2025/123" not in body
        assert "sara@regionstockholm.test" not in body
    assert Requisition.objects.count() == 1


@pytest.mark.parametrize("route", REGION_ROUTES, ids=lambda r: r.name)
def test_anonymous_visitors_are_sent_to_login(client, stockholm_case_with_history, route):
    membership = RegionMembership.objects.filter(region__county_code="01").first()
    url = reverse(route.name, kwargs=kwargs_for(route, membership.pk))
    for method in ("get", "post"):
        response = getattr(client, method)(url, form_post() if method == "post" else None)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/konto/logga-in/")


def test_another_regions_user_cannot_download_the_regions_documents(
    client, stockholm_case_with_history, uppsala, submitter
):
    document = Document.objects.get(region__county_code="01")
    client.force_login(factories.region_user(uppsala))
    assert client.get(f"/dokument/{document.pk}/").status_code == 403
    client.force_login(submitter)
    assert client.get(f"/dokument/{document.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/dokument/{document.pk}/").status_code == 302


@pytest.mark.parametrize(
    "route",
    [r for r in all_routes() if r.route.startswith(STAFF_ROUTE_PREFIXES)],
    ids=lambda r: r.name,
)
def test_region_users_do_not_reach_officer_pages(
    client, stockholm_case_with_history, submitter, route
):
    values = {
        "county_code": "01",
        "year": 2025,
        "pk": stockholm_case_with_history.pk,
        "kind": "report",
    }
    url = reverse(route.name, kwargs={p: values[p] for p in route.params})
    client.force_login(submitter)
    assert client.get(url).status_code in (403, 405), url
    assert client.post(url, {"reason": "x", "payment_date": "2025-11-21"}).status_code == 403, url


def test_payment_files_are_staff_only(client, stockholm_case_with_history, auditor, submitter):
    client.force_login(auditor)
    assert client.get("/handlaggare/utbetalningsfiler/").status_code == 200
    assert (
        client.post("/handlaggare/utbetalningsfiler/", {"payment_date": "2025-11-21"}).status_code
        == 403
    )
