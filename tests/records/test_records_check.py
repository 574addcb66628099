"""The records check: every row with money or bank details is as its last audit event
recorded it, so a row changed, added or deleted behind the services is named."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from records.integrity import TRACKED, records_breaks
from records.models import AuditEvent
from repayments.models import Claim, Repayment, RepaymentStatus
from requisitions.models import Disbursement, Requisition
from tests.support.database import guards_off
from tests.support.demo import demo_history_rolled_back

pytestmark = pytest.mark.django_db


def verify_records() -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_records", stdout=out, stderr=err)
    except CommandError as error:
        return f"BROKEN {error}\n{err.getvalue()}"
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_history(django_db_setup, django_db_blocker):
    """The demo's history, once for the module; each test's changes are rolled back."""
    with django_db_blocker.unblock(), demo_history_rolled_back():
        yield


@pytest.fixture
def demo(demo_history, db):
    return None


def test_every_record_of_the_demo_history_is_as_the_trail_recorded_it(demo):
    """The demo writes through every service that touches money: requisitions (refused, late,
    decided, paid), payment files, reports and their versions, reported and recovery claims
    with an adjustment, repayments booked and flagged, the agency's requisition and costs."""
    for label in TRACKED:
        from django.apps import apps

        assert apps.get_model(label).objects.exists(), f"the demo has no {label}"
    assert "as the audit trail recorded it" in verify_records()


def test_a_resolved_repayment_and_its_returned_excess_are_recorded(demo):
    from accounts.models import User
    from repayments.services import repayment_resolve

    officer = User.objects.get(email="handlaggare@socialstyrelsen.test")
    flagged = Repayment.objects.filter(status=RepaymentStatus.FLAGGED, claim__isnull=False).first()
    repayment_resolve(
        repayment=flagged,
        action="book",
        note="Åter det överskjutande.",
        actor=officer,
        claim=flagged.claim,
    )
    assert Repayment.objects.filter(status=RepaymentStatus.RETURNED).exists()
    assert "as the audit trail recorded it" in verify_records()


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Requisition, "account_number", "5402-9681"),
        (Requisition, "amount", 100),
        (Requisition, "status", "received"),
        (Disbursement, "account_number", "5402-9681"),
        (Claim, "amount", 1),
        (Repayment, "amount", 1),
    ],
)
def test_a_row_changed_behind_the_services_is_named(demo, model, field, value):
    row = model.objects.order_by("pk").last()
    was = getattr(row, field)
    guards_off()  # what only a superuser, not the application, can do
    model.objects.filter(pk=row.pk).update(**{field: value})
    verdict = verify_records()
    label = model._meta.label_lower
    assert verdict.startswith("BROKEN")
    with translation.override("en"):
        name = str(model._meta.verbose_name)
    assert f"{name} {row.pk} was changed behind the services: {field} is {value!r} but event" in (
        verdict
    )
    assert f"recorded {was!r}" in verdict
    assert [b.key for b in records_breaks()] == [f"{label}:{row.pk}"]


def test_a_row_deleted_behind_the_services_is_named(demo):
    repayment = Repayment.objects.filter(status=RepaymentStatus.BOOKED).order_by("pk").first()
    guards_off()
    Repayment.objects.filter(pk=repayment.pk).delete()
    verdict = verify_records()
    assert f"repayment {repayment.pk}, recorded by event" in verdict
    assert "has been deleted" in verdict


def test_a_row_added_behind_the_services_is_named(demo):
    from grants.models import Case

    claim = Claim.objects.filter(kind="reported").order_by("pk").first()
    guards_off()
    claim.pk = None
    # A case whose report awaits review: the claim stays within what the region kept, so
    # only the records check, not the database's rule on claims, has something to say.
    claim.case = Case.objects.filter(claims__isnull=True, report__status="submitted").first()
    claim.ocr = "99999999999"
    claim.save(force_insert=True)
    verdict = verify_records()
    assert f"claim {claim.pk} is not in the audit trail: it was added behind it" in verdict


def test_the_recorded_states_are_inside_the_signed_events(demo):
    """Rewriting the recorded state to match a changed row breaks the chain."""
    requisition = Requisition.objects.order_by("pk").last()
    event = AuditEvent.objects.filter(
        records__has_key=f"requisitions.requisition:{requisition.pk}"
    ).first()  # the newest (events are listed newest first)
    guards_off()
    Requisition.objects.filter(pk=requisition.pk).update(account_number="5402-9681")
    records = event.records
    records[f"requisitions.requisition:{requisition.pk}"]["account_number"] = "5402-9681"
    AuditEvent.objects.filter(pk=event.pk).update(records=records)
    assert "as the audit trail recorded it" in verify_records()  # the rows now agree...
    out = io.StringIO()
    with pytest.raises(CommandError, match=f"broken at event {event.pk} "):
        call_command("verify_audit_chain", stdout=out, stderr=io.StringIO())  # ...the chain not
