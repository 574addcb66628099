"""What the admin site may change (users, region roles, the regions' reference data,
population figures, reminder rules, second-factor devices, groups) is written to the audit
trail like every other change, in the same transaction — and so the pages kept for users
(core/page_cache.py) show it at once."""

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.models import RegionMembership, RegionRole
from core.admin import AuditedAdmin
from records.models import AuditAction, AuditEvent
from records.services import audit_chain_first_break
from tests import factories
from tests.support.clients import VerifiedClient

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def superuser(db):
    return factories.UserFactory(is_staff=True, is_superuser=True, full_name="Ada Admin")


@pytest.fixture
def admin_client(superuser):
    client = VerifiedClient()
    client.force_login(superuser)
    return client


def test_every_admin_that_can_change_anything_audits_it(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    writable = [
        model_admin
        for model_admin in admin.site._registry.values()
        if model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    ]
    assert len(writable) >= 6  # users, roles, regions, population, rules, devices, groups
    assert [type(a).__name__ for a in writable if not isinstance(a, AuditedAdmin)] == []


def test_a_change_in_the_admin_site_is_audited_and_shows_on_the_kept_page_at_once(
    admin_client, superuser, stockholm, region_submitter
):
    region_client = VerifiedClient()
    region_client.force_login(region_submitter)
    assert "Region Stockholm" in text_of(region_client.get("/region/01/"))
    response = admin_client.post(
        f"/admin/regions/region/{stockholm.pk}/change/",
        {
            "name": "Region Stockholms län",
            "short_name": stockholm.short_name,
            "organisation_number": stockholm.organisation_number,
            "organisation_number_confirmed": "on",
            "_save": "Spara",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGED)
    assert event.actor == superuser
    assert event.target_type == "regions.region"
    assert event.target_id == str(stockholm.pk)
    assert len(event.data["change"][0]["changed"]["fields"]) == 1  # Django's own message
    assert audit_chain_first_break() is None
    assert "Region Stockholms län" in text_of(region_client.get("/region/01/"))


def test_a_role_changed_in_the_admin_site_changes_the_users_kept_form_at_once(
    admin_client, grant_2025, stockholm, region_submitter, time_machine
):
    import datetime as dt
    from zoneinfo import ZoneInfo

    time_machine.move_to(dt.datetime(2025, 11, 20, 10, tzinfo=ZoneInfo("Europe/Stockholm")))
    region_client = VerifiedClient()
    region_client.force_login(region_submitter)
    form = "/region/01/bidrag/2025/rekvisition/"
    assert "Skicka in rekvisitionen" in text_of(region_client.get(form))
    membership = RegionMembership.objects.get(user=region_submitter)
    response = admin_client.post(
        f"/admin/accounts/regionmembership/{membership.pk}/change/",
        {
            "user": region_submitter.pk,
            "region": stockholm.pk,
            "role": RegionRole.PREPARER,
            "is_active": "on",
            "created_at_0": "2025-11-01",
            "created_at_1": "09:00:00",
            "_save": "Spara",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AuditEvent.objects.filter(
        action=AuditAction.ADMIN_CHANGED, target_type="accounts.regionmembership"
    ).exists()
    page = text_of(region_client.get(form))
    assert "Spara utkast" in page
    assert "Skicka in rekvisitionen" not in page


def test_deleting_with_the_list_action_is_audited_in_the_same_transaction(
    admin_client, region_submitter, monkeypatch
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=region_submitter, name="app", confirmed=True)
    action = {"action": "delete_selected", "_selected_action": [device.pk], "post": "yes"}
    url = "/admin/otp_totp/totpdevice/"

    # A deletion that fails leaves no event behind: the event and the deletion are one.
    def fail(*args, **kwargs):
        raise RuntimeError("the database refused")

    monkeypatch.setattr(TOTPDevice.objects.none().__class__, "delete", fail)
    with pytest.raises(RuntimeError):
        admin_client.post(url, action)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ADMIN_DELETED).exists()

    monkeypatch.undo()
    assert admin_client.post(url, action).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.ADMIN_DELETED)
    assert event.target_type == "otp_totp.totpdevice"
    assert event.target_id == str(device.pk)
