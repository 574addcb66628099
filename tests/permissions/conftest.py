"""The data for the permission matrix: the demo's 2025 history (every region requisitioned,
was decided, paid and reported; claims, a recovery claim, repayments, a bank import with a
flagged line, announcements, documents, region users of every role), plus a population file
waiting for an officer's confirmation, an invitation not yet accepted and an enrolment link
for the officer not yet used, and a calendar address of Stockholm's submitter. (The demo's
conversation is on Stockholm's case: its last message has a PDF.) Loaded once for the
package inside a transaction that is rolled back at the end; each test runs in a savepoint
inside it, as usual.

Each persona is logged in once, here; a request carries that persona's session cookie."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.calendar import Feed, calendar_address_issue
from accounts.enrolment import enrolment_link_issue
from accounts.models import RegionMembership, RegionRole, User
from conversations.models import MessageAttachment
from grants.models import Grant
from ombud.models import OmbudApplication
from regions.models import PopulationImport, Region
from regions.services import population_import_upload
from reminders.models import ReminderRule
from repayments.models import BankImport, Repayment, RepaymentStatus
from requisitions.models import Requisition
from tests import factories
from tests.regions.scb_files import as_csv, scb_rows
from tests.support.clients import VerifiedClient
from tests.support.demo import demo_history_rolled_back
from tests.support.signatures import signature_for

STOCKHOLM_TZ = ZoneInfo("Europe/Stockholm")
TODAY = dt.datetime(2026, 11, 23, 12, 0, tzinfo=STOCKHOLM_TZ)

# Who asks. "Own region" is Region Stockholm (01), whose URLs every persona requests;
# "other region" is Region Uppsala (03).
PERSONA_EMAILS = {
    "admin": "ombud-01@regioner.test",
    "submitter": "representant-01@regioner.test",
    "preparer": "uppgift-01@regioner.test",
    "other_admin": "ombud-03@regioner.test",
    "other_submitter": "representant-03@regioner.test",
    "other_preparer": "uppgift-03@regioner.test",
    "officer": "handlaggare@socialstyrelsen.test",
    "auditor": "revisor@socialstyrelsen.test",
}


@dataclass(frozen=True)
class Matrix:
    sessions: dict[str, str]  # persona -> session key ("anonymous" has none)
    kwargs: dict[str, object]  # URL kwarg -> value, for every route
    pks: dict[str, int]  # route name -> the object its <pk> names
    secrets: tuple[str, ...]  # Stockholm's own data, never shown to anyone outside it


@pytest.fixture(scope="package")
def matrix(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), demo_history_rolled_back():
        with time_machine.travel(TODAY, tick=False):
            built = _build()
        yield built


def _stockholm_recovery_claim(case, officer):
    """A recovery claim on Stockholm's case, repaid, so that the case is closed again as in
    the demo (an audit found 10 000 kr not used for the purpose)."""
    from core import clock
    from core.workdays import next_banking_day
    from repayments.models import ClaimGround
    from repayments.services import case_reopen, recovery_claim_decide, repayment_register

    case_reopen(case=case, reason="Revisionen fann en felaktig kostnad.", actor=officer)
    claim = recovery_claim_decide(
        case=case,
        amount=1_000_000,
        ground=ClaimGround.NOT_USED_FOR_PURPOSE,
        due_date=next_banking_day(clock.today() + dt.timedelta(days=30)),
        reason="En kostnad hör inte till ändamålet.",
        actor=officer,
    )
    repayment_register(
        received_on=clock.today(), amount=claim.amount, reference=claim.ocr, actor=officer
    )
    return claim


def _stockholm_case_file(case, officer) -> int:
    """A file attached to Stockholm's case by an officer (a decision's appendix)."""
    from django.db import transaction

    from attachments import kinds
    from attachments.models import CaseAttachment, CasePart
    from attachments.services import attachment_store
    from tests.support.files import png_bytes, upload

    with transaction.atomic():
        attachment = attachment_store(
            file=upload("bilaga.png", png_bytes()), actor=officer, kinds=kinds.DOCUMENTS
        )
        return CaseAttachment.objects.create(
            case=case, attachment=attachment, part=CasePart.DECISION, added_by=officer
        ).pk


def _build() -> Matrix:
    stockholm = Region.objects.get(county_code="01")
    officer = User.objects.get(email=PERSONA_EMAILS["officer"])
    population_import_upload(filename="BE0101N1.csv", content=as_csv(scb_rows()), actor=officer)
    invited = factories.region_user(stockholm, RegionRole.PREPARER, email="inbjuden@sll.test")
    # An enrolment link for the officer, not yet used (the link's token is its last part).
    enrolment_link = enrolment_link_issue(user=officer, actor=None)
    requisition = Requisition.objects.get(
        case__region=stockholm, case__grant__year=2025, status="paid"
    )
    claim = _stockholm_recovery_claim(requisition.case, officer)
    submitter = User.objects.get(email=PERSONA_EMAILS["submitter"])
    calendar_secret = calendar_address_issue(user=submitter, feed=Feed(stockholm), actor=submitter)
    sessions = {}
    for persona, email in PERSONA_EMAILS.items():
        client = VerifiedClient()
        client.force_login(User.objects.get(email=email))
        sessions[persona] = client.session.session_key
    document = requisition.payment_decision.document
    case_file = _stockholm_case_file(requisition.case, officer)
    signature = signature_for(requisition, submitter)
    # The demo's pending ombud application: Stockholm's representative asks to be its ombud.
    ombud_application = OmbudApplication.objects.get(
        region=stockholm, applicant__email=PERSONA_EMAILS["submitter"], status="submitted"
    ).pk
    # The demo's conversation on Stockholm's case (demo/conversations.py): its PDF.
    message_file = MessageAttachment.objects.select_related("message").get(
        message__case__region=stockholm, message__case__grant__year=2025
    )
    return Matrix(
        sessions=sessions,
        kwargs={
            "county_code": "01",
            "year": 2025,
            "kind": "report",
            # A section of the officers' inbox.
            "section": "decide",
            "number": 1,
            "uidb64": urlsafe_base64_encode(force_bytes(invited.pk)),
            "token": default_token_generator.make_token(invited),
            "key": enrolment_link.rstrip("/").rsplit("/", 1)[-1],
            # Stockholm's submitter's calendar address (/kalender/<secret>.ics).
            "secret": calendar_secret,
        },
        pks={
            "accounts:region_membership": RegionMembership.objects.get(user=invited).pk,
            # The officer's own (only) authenticator.
            "accounts:two_factor_remove": TOTPDevice.objects.get(user=officer, confirmed=True).pk,
            "population:import": PopulationImport.objects.latest("pk").pk,
            "population:dataset": Grant.objects.get(year=2025).population_dataset_id,
            "requisitions:review": requisition.pk,
            "requisitions:approve": requisition.pk,
            "requisitions:refuse": requisition.pk,
            "requisitions:release": requisition.pk,
            "repayments:resolve": Repayment.objects.filter(status=RepaymentStatus.FLAGGED)
            .order_by("pk")
            .first()
            .pk,
            "repayments:bank_import_preview": BankImport.objects.order_by("pk").first().pk,
            "records:document": document.pk,
            "repayments:claim_change": claim.pk,
            "reminders:rule_edit": ReminderRule.objects.order_by("pk").first().pk,
            "ombud:application": ombud_application,
            "ombud:document": ombud_application,
            "ombud:review": ombud_application,
            "ombud:approve": ombud_application,
            "ombud:request_completion": ombud_application,
            "ombud:reject": ombud_application,
            "conversations:region_file": message_file.pk,
            "conversations:officer_file": message_file.pk,
            "attachments:region_download": case_file,
            "attachments:region_withdraw": case_file,
            "attachments:staff_download": case_file,
            "signatures:check": signature.pk,
        },
        secrets=(
            requisition.region_reference,
            requisition.account_number,
            requisition.contact_email,
            f"/dokument/{document.pk}/",  # the link to its payment decision
            message_file.message.body,  # what the region wrote to the agency
        ),
    )
