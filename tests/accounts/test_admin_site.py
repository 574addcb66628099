"""The admin site: every model is there with Swedish labels; staff read, only officers
change configuration, and records changed by services are read-only for everyone."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts import roles
from regions.models import Region
from tests.support.apps import project_app_configs

pytestmark = pytest.mark.django_db

# Our apps: those in this repository that have models.
OUR_APPS = {config.label for config in project_app_configs(with_models=True)}


def test_auditors_read_every_app_of_ours():
    assert {"requisitions", "reports", "repayments", "reminders", "reporting"} <= OUR_APPS
    assert set(roles.AUDITED_APPS) >= OUR_APPS


def our_models():
    return [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


def test_every_model_of_ours_is_registered():
    registered = set(admin.site._registry)
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            assert model in registered, f"{model._meta.label} is not in the admin site"


@pytest.mark.parametrize("role", ["officer", "auditor"])
def test_staff_can_open_every_list_and_object(client, grant_2025, request, role):
    client.force_login(request.getfixturevalue(role))
    for model in our_models():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="sv").status_code == 200, url
        obj = model._default_manager.first()
        if obj is not None:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert client.get(url).status_code == 200, url


def test_labels_are_swedish(client, officer, grant_2025):
    client.force_login(officer)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    for label in ("Beslut och statsbidrag", "Fördelningstabeller", "Tidsfrister", "Regioner"):
        assert label in page


def test_an_auditor_cannot_change_anything(client, auditor):
    client.force_login(auditor)
    region = Region.objects.get(county_code="01")
    url = reverse("admin:regions_region_change", args=[region.pk])
    page = client.get(url).content.decode()
    assert 'name="_save"' not in page
    response = client.post(
        url, {"name": "Hacked", "short_name": "x", "organisation_number": "232100-0016"}
    )
    assert response.status_code == 403
    region.refresh_from_db()
    assert region.name == "Region Stockholm"


def test_decided_records_are_read_only_even_for_officers(client, officer, grant_2025):
    client.force_login(officer)
    url = reverse("admin:grants_decision_change", args=[grant_2025.decision_id])
    page = client.get(url).content.decode()
    assert 'name="_save"' not in page
    assert client.get(reverse("admin:grants_decision_add")).status_code == 403
    assert client.post(url, {"title": "changed"}).status_code == 403


def test_region_users_do_not_get_into_the_admin_site(client, stockholm):
    from tests import factories

    client.force_login(factories.region_user(stockholm))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_admin_sites_own_login_takes_no_password(client, officer):
    """It would skip the service's throttling, lockout and second factor: it only sends
    people to the service's login, and back to the admin site after it."""
    from django.contrib.auth import SESSION_KEY

    from tests import factories

    for _ in range(8):  # more than the lockout allows, none of them counted or tried
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": officer.email, "password": factories.PASSWORD},
        )
        assert response.status_code == 302
        assert response["Location"] == "/konto/logga-in/?next=%2Fadmin%2F"
        assert SESSION_KEY not in client.session
    assert client.get("/admin/login/")["Location"] == "/konto/logga-in/?next=%2Fadmin%2F"


def test_the_index_and_an_apps_page_list_the_models_a_list_does_not_work_them_out(
    client, auditor, grant_2025, monkeypatch
):
    """The app list is worked out where it is shown (the index, an app's page), not for a
    list page, which shows no list of models beside it."""
    from core.admin_site import StatsbidragAdminSite

    client.force_login(auditor)
    index = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Handlingar och inställningar" in index
    assert 'href="/admin/requisitions/requisition/"' in index
    app_page = client.get("/admin/requisitions/").content.decode()
    assert 'href="/admin/requisitions/requisition/"' in app_page

    built = []
    original = admin.AdminSite.get_app_list

    def counted(site, request, app_label=None):
        built.append(app_label)
        return original(site, request, app_label)

    monkeypatch.setattr(admin.AdminSite, "get_app_list", counted)
    assert isinstance(admin.site, StatsbidragAdminSite)
    assert client.get("/admin/requisitions/requisition/").status_code == 200
    assert built == []
    client.get("/admin/")
    assert built == [None]
