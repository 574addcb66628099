"""A kept page (core/page_cache.py) may only show data whose every change writes an audit
event, since the newest event's id is what tells a kept page from a stale one. Every page
of the application, as a region user, an officer and an auditor would ask for it, and every
list of the admin site: whenever an answer is kept, the tables it read must all be in
``VERSIONED_TABLES``. A new page that keeps its answer while reading, say, the e-mail outbox
fails here. A kept page served again is private to its user (``Cache-Control: private,
no-store``) like the page it keeps."""

import pytest
from django.contrib import admin
from django.urls import reverse

from core.page_cache import PER_USER_TABLES, VERSIONED_TABLES
from tests.support.kept_pages import PER_REQUEST, kept_answer_tables
from tests.urlwalk import all_routes

from .conftest import TODAY
from .test_matrix import client_for, kept_private, url_for


@pytest.mark.postgres
def test_every_kept_page_reads_only_data_whose_changes_are_audited(matrix, db, time_machine):
    time_machine.move_to(TODAY, tick=False)
    routes = [route for route in all_routes() if not route.route.startswith("i18n/")]
    admin_lists = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    kept, problems = [], []
    for persona in ("admin", "officer", "auditor"):
        client = client_for(matrix, persona)
        urls = [url_for(route, matrix) for route in routes]
        if persona == "auditor":
            urls += admin_lists
        for url in urls:
            tables = kept_answer_tables(client, url)
            if tables is None:
                continue
            kept.append((persona, url))
            # A user's own markers, which the kept page's key holds (its variant).
            unversioned = tables - VERSIONED_TABLES - PER_REQUEST - PER_USER_TABLES
            if unversioned:
                problems.append(f"{url} as {persona} is kept but read {sorted(unversioned)}")
            again = client.get(url)  # served from the kept page
            if not kept_private(again):
                problems.append(
                    f"{url} as {persona}, served kept: Cache-Control {again.get('Cache-Control')!r}"
                )
    assert not problems, "\n".join(problems)
    # The pages meant to be kept are: the check above has something to check.
    assert {
        ("admin", "/region/01/"),
        ("admin", "/region/01/bidrag/2025/redovisning/"),
        ("officer", "/handlaggare/rekvisitioner/"),
        ("officer", "/bidrag/2025/oversikt/"),
        ("auditor", "/admin/requisitions/requisition/"),
    } <= set(kept)
    # ...and the lists of records written without an audit event are not.
    assert ("auditor", "/admin/notifications/email/") not in kept
    assert ("auditor", "/admin/reminders/reminder/") not in kept
    assert ("auditor", "/admin/conversations/messageread/") not in kept
