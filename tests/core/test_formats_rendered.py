"""The format rule as users meet it in the demo: every page each role opens (the same walk as
the accessibility tests, tests/browser/pages.py, the admin included), every e-mail in the
outbox and every PDF the agency issued show amounts without ",00", no time with seconds, no
example label run into the reference number it marks, and the payment decisions state the
grant's report deadline as a date."""

import io
import re

import pytest
from django.db import transaction
from pypdf import PdfReader

from core import formats
from grants.models import Deadline, DeadlineKind, Grant
from notifications.models import Email
from records.models import Document, DocumentKind
from regions.models import Region
from regions.reference import load_regions
from tests.browser.pages import ROLE_ROUTES, build_site, role_urls
from tests.support.clients import VerifiedClient

# "12 345,00 kr", "0,00 kr", with a plain or non-breaking space before "kr".
ZERO_ORE = re.compile(r"\d,00[\s\u00a0]*kr\b")
# "14:05:09": a time of day with seconds.
SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
# An example label run into the number it marks: "S2025/01234exempel".
RUN_IN_LABEL = re.compile(r"\d(exempel|example)", re.IGNORECASE)
# Dates Django would write with its own formats if a page forgot the rule ("Dec. 1, 2025").
US_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}")


INLINE_TAG = re.compile(r"</?(span|strong|em|a|small|b|i|s|abbr|code|time)\b[^>]*>", re.IGNORECASE)


def visible_text(html: str) -> str:
    """The text as a screen reader or a copy reads it: inline elements run on, without space."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL | re.IGNORECASE)
    html = INLINE_TAG.sub("", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def problems(where: str, text: str) -> list[str]:
    found = []
    checks = (
        (ZERO_ORE, "öre shown as ,00"),
        (SECONDS, "seconds"),
        (US_DATE, "date"),
        (RUN_IN_LABEL, "label run into the number"),
    )
    for pattern, what in checks:
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 60) : match.end() + 20]
            found.append(f"{where}: {what}: …{context}…")
    return found


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The demo plus what the walk needs (tests/browser/pages.py), rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            if not Region.objects.exists():
                load_regions(Region)
            yield build_site()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def on_site(site, db):
    return site


def test_the_patterns_catch_what_they_are_for():
    assert problems("x", "Belopp: 800\u00a0812,00\u00a0kr")
    assert problems("x", "tog emot den 2025-11-20 10:00:00 (svensk tid)")
    assert problems("x", "Received Dec. 1, 2025")
    assert problems("x", "Regeringens beslut S2025/01234exempel")
    assert not problems("x", "Regeringens beslut S2025/01234 (exempel)")
    glued = 'S2025/01234<span class="example-tag">exempel</span>'
    assert problems("x", visible_text(f"<dd>{glued}</dd>"))
    assert not problems("x", "800\u00a0812 kr, 1\u00a0234,50 kr, 2025-11-20 10:00, kl. 10:00")


@pytest.mark.parametrize(
    "role", [role for role in ROLE_ROUTES if role not in ("anonymous", "unverified")]
)
def test_no_page_shows_zero_ore_or_seconds(on_site, role):
    client = VerifiedClient()
    client.force_login(on_site.users[role])
    found = []
    urls = role_urls(role, on_site)
    assert urls
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        found += problems(url, visible_text(response.content.decode()))
    assert not found, "\n".join(found)


def test_no_email_in_the_outbox_shows_zero_ore_or_seconds(on_site):
    emails = list(Email.objects.all())
    assert len(emails) > 50  # the demo's history sends many
    found = []
    for email in emails:
        found += problems(f"{email.key} (subject)", email.subject)
        found += problems(f"{email.key} (text)", re.sub(r"\s+", " ", email.body_text))
        found += problems(f"{email.key} (html)", visible_text(email.body_html))
    assert not found, "\n".join(found)


def test_no_document_shows_zero_ore_or_seconds(on_site):
    documents = list(Document.objects.filter(content_type="application/pdf"))
    assert len(documents) > 20
    found = []
    for document in documents:
        found += problems(document.filename, pdf_text(bytes(document.content)))
    assert not found, "\n".join(found)


def test_the_payment_decisions_state_the_report_deadline(on_site):
    grant = Grant.objects.get(year=2025)
    deadline = Deadline.objects.get(grant=grant, kind=DeadlineKind.REPORT)
    sentence = (
        "Regionen redovisar hur medlen har använts senast den "
        f"{formats.day(deadline.effective_date)}."
    )
    decisions = Document.objects.filter(grant=grant, kind=DocumentKind.PAYMENT_DECISION)
    assert decisions.count() >= 20
    for document in decisions:
        assert sentence in pdf_text(bytes(document.content)), document.filename
    told = Email.objects.filter(key__startswith="payment-decision:")
    assert told.count() >= 20
    for email in told:
        assert sentence in re.sub(r"\s+", " ", email.body_text), email.key
