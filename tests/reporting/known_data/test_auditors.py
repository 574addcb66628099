"""Auditors see everything and change nothing: every model in the admin site (view only, a
POST refused), every case history and every document, and a POST to any officers' page changes
nothing. That they read every officers' page is in the permission matrix (tests/permissions/)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts import roles
from accounts.calendar import calendar_address_issue, feeds_for
from accounts.enrolment import enrolment_link_issue
from records.models import AuditEvent, Document
from regions.services import population_import_upload
from repayments.models import BankImport, Repayment, RepaymentStatus
from requisitions.models import Requisition
from tests.regions.scb_files import as_csv, scb_rows
from tests.support.signatures import pending_for, signature_for
from tests.urlwalk import all_routes

# What auditors may read: every model of the apps in the audit scope. The one-time-password
# devices (secrets) are for the system administrator only.
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in roles.AUDITED_APPS),
    key=lambda model: model._meta.label,
)


def test_the_audit_scope_leaves_out_only_the_one_time_password_devices():
    outside = {m._meta.app_label for m in admin.site._registry} - set(roles.AUDITED_APPS)
    assert outside == {"otp_totp", "otp_static"}


@pytest.fixture
def activity(client, demo, demo_officer):
    """What the demo history does not hold: a failed login, a population file waiting for an
    officer's confirmation, an enrolment link for an authenticator and a calendar address,
    each made the way users make them; a signature and one under way (signatures/); a file
    withdrawn from a report."""
    client.post(reverse("accounts:login"), {"username": demo_officer.email, "password": "fel"})
    enrolment_link_issue(user=demo_officer, actor=None)
    calendar_address_issue(user=demo_officer, feed=feeds_for(demo_officer)[0], actor=demo_officer)
    population_import_upload(
        filename="BE0101N1.csv", content=as_csv(scb_rows()), actor=demo_officer
    )
    requisition = Requisition.objects.filter(submitted_at__isnull=False).order_by("pk").first()
    signature_for(requisition, requisition.submitted_by)
    pending_for(requisition, requisition.submitted_by)
    _a_withdrawn_file()


def _a_withdrawn_file() -> None:
    """A file the region withdrew from its report before sending it. The demo's reports are
    all sent by now, so the row is written past the guard that allows it only while the report
    is a draft (attachments/0006)."""
    from django.db import connection, transaction

    from attachments.models import CaseAttachment, CaseAttachmentWithdrawal
    from tests.support.database import guards_off

    link = CaseAttachment.objects.filter(part="report").order_by("pk").first()
    with transaction.atomic():
        guards_off()
        CaseAttachmentWithdrawal.objects.create(link=link, withdrawn_by=link.added_by)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")


STAFF_ROUTES = [r for r in all_routes() if r.route.startswith(("handlaggare/", "bidrag/"))]


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_an_auditor_views_every_model_in_the_admin_site_and_changes_nothing(
    client, demo, demo_auditor, activity, model
):
    client.force_login(demo_auditor)
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    changelist = client.get(reverse(f"{name}_changelist"))
    assert changelist.status_code == 200
    assert 'class="addlink"' not in changelist.content.decode()
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the demo has no {opts.label} to look at"
    change_url = reverse(f"{name}_change", args=[obj.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    body = page.content.decode()
    for control in ('name="_save"', 'name="_continue"', 'name="_addanother"', 'class="deletelink"'):
        assert control not in body, (opts.label, control)
    events = AuditEvent.objects.count()
    assert client.post(change_url, {"name": "Ändrad"}).status_code == 403
    assert client.get(reverse(f"{name}_add")).status_code == 403
    assert client.post(reverse(f"{name}_add"), {"name": "Ny"}).status_code == 403
    delete_url = reverse(f"{name}_delete", args=[obj.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert model._default_manager.filter(pk=obj.pk).exists()
    assert AuditEvent.objects.count() == events


def test_the_admin_index_lists_every_app_for_an_auditor(client, demo, demo_auditor):
    client.force_login(demo_auditor)
    page = client.get(reverse("admin:index")).content.decode()
    for model in REGISTERED:
        assert reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") in page
    assert "/admin/otp_totp/" not in page


def test_an_auditor_sees_every_case_history(client, demo, demo_auditor):
    client.force_login(demo_auditor)
    page = client.get("/handlaggare/bidrag/2025/region/14/").content.decode()
    assert "Ärendets historik" in page
    assert "Komplettering begärd" in page
    assert "Redovisning godkänd" in page


def test_an_auditor_opens_every_document(client, demo, demo_auditor):
    client.force_login(demo_auditor)
    documents = list(Document.objects.defer("content"))
    assert len(documents) > 40
    for document in documents:
        response = client.get(reverse("records:document", args=[document.pk]))
        assert response.status_code == 200, document.title
        assert response["Content-Type"] == document.content_type


@pytest.mark.parametrize("route", STAFF_ROUTES, ids=lambda route: route.name)
def test_nothing_an_auditor_posts_to_an_officers_page_changes_anything(
    client, demo, demo_auditor, route
):
    """Every officers' URL, found from the URL configuration so a new one is covered too."""
    pks = {
        "repayments:resolve": Repayment.objects.filter(status=RepaymentStatus.FLAGGED).first().pk,
        "repayments:bank_import_preview": BankImport.objects.first().pk,
    }
    values = {
        "year": 2025,
        "county_code": "24",  # Västerbotten: its report awaits review, so it could be approved
        "kind": "report",
        "section": "reports",  # a section of the officers' inbox
        "pk": pks.get(route.name) or Requisition.objects.first().pk,
    }
    url = reverse(route.name, kwargs={p: values[p] for p in route.params})
    client.force_login(demo_auditor)
    events = AuditEvent.objects.count()
    response = client.post(
        url,
        {
            "reason": "Revisorn försöker",
            "message": "Komplettera",
            "payment_date": "2026-11-23",
            "assessment": "Revisorns text",
            "form": "cost",
            "cost-date": "2026-11-23",
            "cost-amount": "100",
            "cost-cost_type": "travel",
            "cost-description": "Revisorns kostnad",
            "agency_conditions": "Nya villkor",
            "due_date": "2026-12-01",
        },
    )
    assert response.status_code in (403, 405), (url, response.status_code)
    assert AuditEvent.objects.count() == events


# The forms every page has in its header: logging out and choosing the language.
HEADER_FORMS = {reverse("accounts:logout"), reverse("set_language")}
READ_ROUTES = [
    route
    for route in all_routes()
    if route.route.startswith(("handlaggare/", "bidrag/", "granskning/"))
    and not route.route.endswith((".pdf", ".xlsx", ".csv", ".zip", ".json"))
]


@pytest.mark.parametrize("route", READ_ROUTES, ids=lambda route: route.name)
def test_an_auditor_is_shown_no_form_that_would_change_anything(client, demo, demo_auditor, route):
    """Every page an auditor may open shows no form to post but the header's (filters are
    GET forms)."""
    import re

    values = {
        "year": 2025,
        "county_code": "24",  # Västerbotten: its report awaits review
        "kind": "report",
        "section": "reports",  # a section of the officers' inbox
        "pk": BankImport.objects.first().pk
        if route.name == "repayments:bank_import_preview"
        else Requisition.objects.first().pk,
    }
    client.force_login(demo_auditor)
    response = client.get(
        reverse(route.name, kwargs={p: values[p] for p in route.params}), follow=True
    )
    if response.status_code != 200:
        assert response.status_code in (403, 404, 405), (route.name, response.status_code)
        return
    page = response.content.decode()
    actions = {
        (m.group(1) if (m := re.search(r'action="([^"]*)"', form)) else "")
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>", page, flags=re.IGNORECASE)
    }
    assert actions <= HEADER_FORMS, (route.name, actions - HEADER_FORMS)
