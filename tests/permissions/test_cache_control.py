"""No answer that may carry case or personal data is kept by a shared cache or on the
browser's disk: every answer says ``Cache-Control: private, no-store``. The permission
matrix (``test_matrix.py``) checks it on every answer of every URL to every kind of user,
GET and POST; here: that those answers include files, kept pages served again, the login
pages and errors, that public pages to a visitor are the only exception, and the admin
site."""

from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.support.clients import VerifiedClient

from .conftest import TODAY
from .test_matrix import client_for, directives, kept_private


def test_the_walk_covers_files_kept_pages_and_the_login_pages(matrix, db, time_machine):
    """What the walk above checks includes the answers the property is about."""
    time_machine.move_to(TODAY, tick=False)
    officer = client_for(matrix, "officer")
    submitter = client_for(matrix, "submitter")
    anonymous = Client()
    answers = {
        "the payment decision (PDF)": submitter.get(
            reverse("records:document", kwargs={"pk": matrix.pks["records:document"]})
        ),
        "the case dossier (zip)": officer.get(
            reverse("reporting:dossier", kwargs={"year": 2025, "county_code": "01"})
        ),
        "the overview as a spreadsheet": officer.get("/bidrag/2025/oversikt/?format=xlsx"),
        "the region's home page, kept": submitter.get("/region/01/"),
        "the login page": anonymous.get(reverse("accounts:login")),
        "the forgotten-password page": anonymous.get(reverse("accounts:password_reset")),
        "an address that is no page, to a user": submitter.get("/region/01/ingen-sida/"),
        "an address no page can mean": anonymous.get("/region/%00/"),
    }
    submitter.get("/region/01/")  # now served from the kept page
    answers["the region's home page, served again"] = submitter.get("/region/01/")
    assert answers["the payment decision (PDF)"]["Content-Type"] == "application/pdf"
    assert answers["the case dossier (zip)"]["Content-Type"] == "application/zip"
    assert answers["an address no page can mean"].status_code == 400
    wrong = {what: answer.get("Cache-Control") for what, answer in answers.items()}
    wrong = {what: header for what, header in wrong.items() if not kept_private(answers[what])}
    assert not wrong


def test_public_pages_to_a_visitor_keep_their_own_headers(matrix, db, time_machine):
    """The exception is real: open data and the accessibility statement may be cached when
    nobody is logged in, and are private to a logged-in user (the header shows their name)."""
    time_machine.move_to(TODAY, tick=False)
    anonymous = Client()
    submitter = client_for(matrix, "submitter")
    for url in ("/tillganglighet/", "/oppna-data/fordelning/2025.json"):
        assert "no-store" not in directives(anonymous.get(url)), url
        assert kept_private(submitter.get(url)), url
    # The health check says itself never to cache.
    assert "no-store" in directives(anonymous.get("/halsa/"))


def test_the_admin_site_is_kept_out_of_caches(matrix, db, time_machine):
    time_machine.move_to(TODAY, tick=False)
    superuser = VerifiedClient()
    superuser.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    auditor = client_for(matrix, "auditor")
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            for view in ("change", "history"):
                urls.append(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[first.pk])
                )
    problems = []
    for who, client in (("auditor", auditor), ("superuser", superuser)):
        for url in urls:
            response = client.get(url)
            if not kept_private(response):
                problems.append(f"{url} as {who}: {response.status_code}")
    login = Client().get(reverse("admin:login"))
    if not kept_private(login):
        problems.append("the admin site's login page")
    assert not problems, "\n".join(problems)
