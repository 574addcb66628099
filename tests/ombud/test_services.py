"""The ombud application's services: each decision on record, audited with the mandate
document's SHA-256, e-mailed to the applicant; approval replaces the old ombud."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from accounts import permissions
from accounts.models import RegionMembership, RegionRole, User
from ombud.models import ApplicationStatus, DecisionKind, MandateDocument, OmbudDecision
from ombud.services import (
    ombud_application_approve,
    ombud_application_complete,
    ombud_application_reject,
    ombud_application_request_completion,
    ombud_application_submit,
)
from records.models import AuditAction, AuditEvent
from tests import factories
from tests.support.pdfs import pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_submitting_stores_the_document_and_audits_its_hash(
    application, applicant, stockholm, mailoutbox, django_capture_on_commit_callbacks
):
    document = MandateDocument.objects.get(application=application)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.email == applicant.email
    assert document.number == 1
    assert document.attachment.sha256 == hashlib.sha256(pdf_bytes()).hexdigest()
    event = AuditEvent.objects.get(action=AuditAction.OMBUD_APPLICATION_SUBMITTED)
    assert event.region == stockholm
    assert event.data["document"]["sha256"] == document.attachment.sha256
    assert event.data["document"]["filename"] == "delegationsordning.pdf"


def test_the_applicant_gets_a_receipt(
    stockholm, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ombud_application_submit(
            region=stockholm,
            full_name="Anna Sökande",
            phone="08-123 456 78",
            position="Ekonomichef",
            file=pdf_upload(),
            actor=applicant,
        )
    assert [m.to for m in mailoutbox] == [[applicant.email]]
    assert "Socialstyrelsen har tagit emot din ansökan om att bli ombud för Region Stockholm" in (
        mailoutbox[0].body
    )


def test_approval_makes_the_applicant_ombud_and_ends_the_old_ombuds_role(
    application,
    applicant,
    old_ombud,
    officer,
    stockholm,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = ombud_application_approve(application=application, actor=officer)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert (application.decided_by, decision.kind) == (officer, DecisionKind.APPROVED)
    assert permissions.region_role(fresh(applicant), stockholm) == RegionRole.ADMIN
    old = RegionMembership.objects.get(user=old_ombud, region=stockholm)
    assert (old.role, old.is_active) == (RegionRole.ADMIN, False)  # ended, not deleted
    assert permissions.region_role(fresh(old_ombud), stockholm) is None
    approved = AuditEvent.objects.get(action=AuditAction.OMBUD_APPROVED)
    assert approved.data["previous_ombud"] == [old_ombud.email]
    assert approved.data["document"]["sha256"] == decision.document.attachment.sha256
    assert AuditEvent.objects.filter(action=AuditAction.OMBUD_REPLACED).count() == 1
    changes = AuditEvent.objects.filter(action=AuditAction.MEMBERSHIP_CHANGED, region=stockholm)
    assert {e.data["user"]: e.data["after"] for e in changes.filter(actor=officer)} == {
        applicant.email: {"role": "admin", "active": True},
        old_ombud.email: {"role": "admin", "active": False},
    }
    mails = {m.to[0]: m for m in mailoutbox}
    assert "Du är nu ombud för Region Stockholm" in mails[applicant.email].subject
    assert "inte längre ombud för Region Stockholm" in mails[old_ombud.email].subject
    assert "Anna Sökande" in mails[old_ombud.email].body


def test_completion_request_then_a_new_version_keeps_the_old_one(
    application, applicant, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ombud_application_request_completion(
            application=application,
            message="Intyget saknar underskrift.",
            actor=officer,
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETION_REQUESTED
    assert "Intyget saknar underskrift." in mailoutbox[-1].body
    first = MandateDocument.objects.get(application=application)
    document = ombud_application_complete(
        application=application,
        file=pdf_upload("signerat.pdf", "Underskrivet intyg"),
        note="Nu med underskrift.",
        actor=applicant,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert document.number == 2
    assert list(application.documents.values_list("number", flat=True)) == [1, 2]
    assert MandateDocument.objects.get(pk=first.pk).attachment.sha256 == first.attachment.sha256
    event = AuditEvent.objects.get(action=AuditAction.OMBUD_APPLICATION_COMPLETED)
    assert event.data["document"]["sha256"] == document.attachment.sha256
    assert event.data["previous_document"]["sha256"] == first.attachment.sha256
    # The next decision is made on the new version.
    decision = ombud_application_approve(application=application, actor=officer)
    assert decision.document == document


def test_rejection_needs_a_reason_and_changes_no_role(
    application,
    applicant,
    old_ombud,
    officer,
    stockholm,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with pytest.raises(ValidationError) as refused:
        ombud_application_reject(application=application, reason="  ", actor=officer)
    assert "message" in refused.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        ombud_application_reject(
            application=application, reason="Intyget gäller en annan person.", actor=officer
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision_message == "Intyget gäller en annan person."
    assert permissions.region_role(fresh(old_ombud), stockholm) == RegionRole.ADMIN
    assert permissions.region_role(fresh(applicant), stockholm) == RegionRole.SUBMITTER
    event = AuditEvent.objects.get(action=AuditAction.OMBUD_REJECTED)
    assert event.reason == "Intyget gäller en annan person."
    assert "sha256" in event.data["document"]
    assert "Intyget gäller en annan person." in mailoutbox[-1].body
    assert "avslagen" in mailoutbox[-1].subject


def test_a_decided_application_is_not_decided_again(application, officer):
    ombud_application_reject(application=application, reason="Nej.", actor=officer)
    with pytest.raises(ValidationError):
        ombud_application_approve(application=application, actor=officer)
    assert OmbudDecision.objects.count() == 1


def test_only_officers_decide(application, auditor, applicant, old_ombud):
    for user in (auditor, applicant, old_ombud):
        with pytest.raises(PermissionDenied):
            ombud_application_approve(application=application, actor=user)
    assert not OmbudDecision.objects.exists()


def test_only_the_applicant_completes(application, officer, old_ombud):
    ombud_application_request_completion(application=application, message="Mer.", actor=officer)
    with pytest.raises(PermissionDenied):
        ombud_application_complete(application=application, file=pdf_upload(), actor=old_ombud)
    assert MandateDocument.objects.filter(application=application).count() == 1


def test_who_may_apply(stockholm, officer, old_ombud, application, applicant):
    with pytest.raises(PermissionDenied):  # agency staff
        ombud_application_submit(
            region=stockholm,
            full_name="x",
            phone="08-1",
            position="x",
            file=pdf_upload(),
            actor=officer,
        )
    with pytest.raises(ValidationError) as refused:  # already the ombud
        ombud_application_submit(
            region=stockholm,
            full_name="x",
            phone="08-1",
            position="x",
            file=pdf_upload(),
            actor=old_ombud,
        )
    assert "region" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:  # one open application per region
        ombud_application_submit(
            region=stockholm,
            full_name="x",
            phone="08-1",
            position="x",
            file=pdf_upload(),
            actor=applicant,
        )
    assert "region" in refused.value.message_dict


def test_a_person_without_a_role_in_the_region_may_apply(uppsala, officer):
    newcomer = factories.UserFactory()
    application = ombud_application_submit(
        region=uppsala,
        full_name="Ny",
        phone="018-61 70 00",
        position="Regiondirektör",
        file=pdf_upload(),
        actor=newcomer,
    )
    ombud_application_approve(application=application, actor=officer)
    assert permissions.region_role(fresh(newcomer), uppsala) == RegionRole.ADMIN


@pytest.mark.postgres
def test_documents_and_decisions_are_never_changed_or_deleted(application, officer):
    ombud_application_reject(application=application, reason="Nej.", actor=officer)
    for statement in (
        "UPDATE ombud_mandatedocument SET number = 9",
        "DELETE FROM ombud_mandatedocument",
        "UPDATE ombud_ombuddecision SET message = 'x'",
        "DELETE FROM ombud_ombuddecision",
        "DELETE FROM ombud_ombudapplication",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def test_the_database_holds_one_active_ombud_per_region(stockholm, old_ombud):
    from django.db import IntegrityError

    second = factories.UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionMembership.objects.create(user=second, region=stockholm, role=RegionRole.ADMIN)
    # A former ombud's role, ended, stays beside the active one.
    RegionMembership.objects.create(
        user=second, region=stockholm, role=RegionRole.ADMIN, is_active=False
    )
