"""The payment decision tells the region the dates of its report and of its repayment (the
grant's deadlines), in the PDF and in the e-mails; while a date is not set it says so
plainly."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from core import clock
from grants.models import DeadlineKind
from grants.services import deadline_set
from requisitions import services
from tests import factories
from tests.conftest import STOCKHOLM_TZ, stockholm_requisition

pytestmark = pytest.mark.django_db

NOT_SET = "Datumet då regionen senast ska redovisa hur medlen har använts är inte fastställt ännu."


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def decide(case, submitter, officer):
    data = stockholm_requisition()
    with clock.at(dt.datetime(2025, 11, 3, 10, tzinfo=STOCKHOLM_TZ)):
        requisition = services.requisition_submit(case=case, data=data, version=0, actor=submitter)
        decision = services.requisition_approve(requisition=requisition, actor=officer)
        services.payment_release(
            requisition=requisition,
            payment_date=dt.date(2025, 11, 4),
            actor=factories.officer(full_name="Andra Handläggaren"),
        )
    return decision


@pytest.fixture
def case(grant_2025, stockholm):
    return grant_2025.cases.get(region=stockholm)


def test_the_decision_and_its_emails_state_the_report_and_repayment_deadlines(
    case, grant_2025, officer, region_submitter, mailoutbox, django_capture_on_commit_callbacks
):
    deadline_set(
        grant=grant_2025, kind=DeadlineKind.REPORT, due_date=dt.date(2026, 3, 31), actor=officer
    )
    deadline_set(
        grant=grant_2025, kind=DeadlineKind.REPAYMENT, due_date=dt.date(2026, 4, 30), actor=officer
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(case, region_submitter, officer)
    sentence = "Regionen redovisar hur medlen har använts senast den 31 mars 2026."
    repay = (
        "Medel som inte har använts för avsett ändamål ska återbetalas till Socialstyrelsen "
        "senast den 30 april 2026."
    )
    pdf = pdf_text(bytes(decision.document.content))
    assert sentence in pdf
    assert repay in pdf
    approved = [m for m in mailoutbox if m.subject.startswith("Beslut om utbetalning klart")]
    paid = [m for m in mailoutbox if m.subject.startswith("Utbetalning verkställd")]
    assert approved and paid
    for mail in approved + paid:
        for said in (sentence, repay):
            assert said in one_line(mail.body), mail.subject
            assert said in one_line(mail.alternatives[0][0]), mail.subject
        assert NOT_SET not in one_line(mail.body)


def test_while_the_report_date_is_not_set_the_decision_says_so(
    case, officer, region_submitter, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(case, region_submitter, officer)
    text = pdf_text(bytes(decision.document.content))
    assert NOT_SET in text
    assert "senast den" not in text.partition("Redovisning")[2].partition("Villkor")[0]
    assert any(NOT_SET in one_line(m.body) for m in mailoutbox)
