"""A read-only admin list without actions loads none of the admin's form scripts (jQuery,
the action, look-up and pre-fill scripts): it has nothing they work on. Its filters and the
theme keep their scripts; a list with actions, a pop-up list and a record's page keep
Django's."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from core.admin import ReadOnlyAdmin
from grants.models import Grant

pytestmark = pytest.mark.django_db

FORM_SCRIPTS = ("jquery", "actions", "RelatedObjectLookups", "prepopulate", "urlify")


def _scripts(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.findall(r'<script[^>]* src="([^"]+)"', response.content.decode())


def _form_scripts(scripts: list[str]) -> list[str]:
    return [src for src in scripts if any(name in src for name in FORM_SCRIPTS)]


READ_ONLY = sorted(
    (
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ReadOnlyAdmin)
    ),
    key=lambda model: model._meta.label,
)


@pytest.mark.parametrize("model", READ_ONLY, ids=[model._meta.label for model in READ_ONLY])
def test_a_read_only_list_loads_only_its_own_scripts(client, auditor, grant_2025, model):
    client.force_login(auditor)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    scripts = _scripts(client, url)
    assert _form_scripts(scripts) == []
    assert any("admin/js/theme.js" in src for src in scripts)
    if admin.site._registry[model].list_filter:
        assert any("admin/js/filters.js" in src for src in scripts)


def test_a_pop_up_list_and_a_record_keep_djangos_scripts(client, auditor, grant_2025):
    client.force_login(auditor)
    popup = _scripts(client, reverse("admin:grants_grant_changelist") + "?_popup=1")
    assert any("RelatedObjectLookups" in src for src in popup)
    grant = Grant.objects.get()
    record = _scripts(client, reverse("admin:grants_grant_change", args=[grant.pk]))
    assert any("jquery" in src for src in record)  # the record page's own scripts need it


def test_a_read_only_list_with_an_action_keeps_djangos_scripts(
    client, auditor, grant_2025, monkeypatch
):
    @admin.action(description="Exportera")
    def export(model_admin, request, queryset):
        return None

    monkeypatch.setattr(admin.site._registry[Grant], "actions", [export])
    client.force_login(auditor)
    scripts = _scripts(client, reverse("admin:grants_grant_changelist"))
    assert any("admin/js/actions" in src for src in scripts)
    assert any("jquery" in src for src in scripts)
