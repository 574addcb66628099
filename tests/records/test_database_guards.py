"""The database itself refuses what must never happen, whoever asks (docs/security.md):

- the application connects as a role that owns no table, so it cannot truncate, alter or
  drop a table, nor switch a trigger off;
- TRUNCATE is refused on every protected table, even to a superuser;
- a received requisition's money, bank and certification fields never change, and its
  status moves only along the services' transitions;
- a released payment never changes, except being put in one payment file, once;
- a claim's amount is what it was made for plus its recorded adjustments; a booked or
  returned repayment never changes.
"""

import datetime as dt

import psycopg
import pytest
from django.apps import apps
from django.db import DatabaseError, IntegrityError, connection, transaction

from repayments.models import (
    AdjustmentCause,
    Claim,
    ClaimAdjustment,
    Repayment,
    RepaymentStatus,
)
from requisitions.models import Disbursement, Requisition, RequisitionStatus
from tests.support.apps import project_app_configs
from tests.support.database import APP_ROLE, as_superuser, server_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# Tables that hold working state rather than records, with why they may be emptied.
NOT_RECORDS = {
    "accounts_user": "people; deactivated in practice, referenced by every record (PROTECT)",
    "accounts_loginattempt": "a throttling log, kept for a while",
    "reports_reportpurpose": "the working copy of a report; each submission is frozen apart",
    "reminders_sweeprun": "bookkeeping of the daily sweep",
    "signatures_pendingsignature": "a submission waiting while it is signed; the signature is kept",
    "reminders_announcement_attachments": "links an announcement to its documents",
    "accounts_user_groups": "a person's staff roles; each change is audited (admin site)",
    "accounts_user_user_permissions": "unused: roles are groups",
}


def _refused(statement: str, params=None) -> str:
    with (
        pytest.raises(DatabaseError) as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, params)
    return str(refused.value)


def _our_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for config in project_app_configs(with_models=True)
        for model in config.get_models()
        if model._meta.managed
    ) + [
        model._meta.db_table
        for config in project_app_configs(with_models=True)
        for model in config.get_models()
        for model in [f.remote_field.through for f in model._meta.local_many_to_many]
        if model._meta.auto_created
    ]


def test_the_application_runs_as_a_role_that_owns_nothing():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        role, superuser = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"
        )
        owned = cursor.fetchone()[0]
    assert role == APP_ROLE
    assert superuser is False
    assert owned == 0


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE records_auditevent",
        "TRUNCATE requisitions_disbursement CASCADE",
        "ALTER TABLE records_auditevent DISABLE TRIGGER ALL",
        "ALTER TABLE requisitions_requisition DISABLE TRIGGER requisitions_requisition_transitions",
        "ALTER TABLE requisitions_requisition ADD COLUMN sneaky integer",
        "DROP TRIGGER records_auditevent_refuse_update_delete ON records_auditevent",
        "DROP TABLE records_auditevent CASCADE",
        "CREATE TABLE records_shadow (id integer)",
        "SET session_replication_role = replica",
    ],
)
def test_the_application_role_cannot_truncate_alter_or_switch_a_guard_off(statement):
    """As the application's own login (not the test session), like an intruder with its
    password."""
    with psycopg.connect(
        server_url(connection.settings_dict["NAME"], user=APP_ROLE), autocommit=True
    ) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == APP_ROLE
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)


def test_every_record_table_refuses_delete_and_truncate_even_to_a_superuser():
    tables = [table for table in _our_tables() if table not in NOT_RECORDS]
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname,
                      bool_or((t.tgtype & 8) > 0 AND (t.tgtype & 1) > 0),
                      bool_or((t.tgtype & 32) > 0)
               FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
               WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'
               GROUP BY c.relname"""
        )
        guarded = {name: (delete, truncate) for name, delete, truncate in cursor.fetchall()}
    unguarded = [t for t in tables if guarded.get(t) != (True, True)]
    assert unguarded == []
    with as_superuser():
        for table in tables:
            message = _refused(f'TRUNCATE "{table}" CASCADE')
            assert "TRUNCATE" in message and "not allowed" in message, table


def test_the_list_of_working_tables_names_real_tables():
    assert set(NOT_RECORDS) <= set(_our_tables())
    assert apps.get_model("accounts", "User")._meta.db_table in NOT_RECORDS


# --- A requisition ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", 100),
        ("account_number", "5402-9681"),
        ("account_type", "plusgiro"),
        ("organisation_number", "212000-0803"),
        ("signatory_name", "Någon Annan"),
        ("submitted_by_id", None),
        ("attested", False),
    ],
)
def test_a_paid_requisitions_money_bank_and_certification_never_change(paid_case, field, value):
    requisition = Requisition.objects.get(case=paid_case)
    with pytest.raises(IntegrityError, match="never changes"), transaction.atomic():
        Requisition.objects.filter(pk=requisition.pk).update(**{field: value})
    assert Requisition.objects.get(pk=requisition.pk).amount == requisition.amount


@pytest.mark.parametrize("status", ["draft", "received", "approved", "refused"])
def test_a_paid_requisition_never_goes_back(paid_case, status):
    requisition = Requisition.objects.get(case=paid_case)
    with pytest.raises(IntegrityError, match="not one a decision makes"), transaction.atomic():
        Requisition.objects.filter(pk=requisition.pk).update(status=status)
    assert Requisition.objects.get(pk=requisition.pk).status == RequisitionStatus.PAID


def test_a_requisition_cannot_be_written_as_received_or_paid(paid_case):
    requisition = Requisition.objects.get(case=paid_case)
    requisition.pk = None
    requisition.case = paid_case.grant.cases.exclude(pk=paid_case.pk).first()
    requisition.status = RequisitionStatus.PAID
    with pytest.raises(IntegrityError, match="begins as a draft"), transaction.atomic():
        requisition.save(force_insert=True)


def test_the_contact_person_may_still_change(paid_case):
    """The region's right to change its contact person (DOMAIN.md) is not a money field."""
    requisition = Requisition.objects.get(case=paid_case)
    Requisition.objects.filter(pk=requisition.pk).update(contact_email="ny@regionstockholm.test")
    assert Requisition.objects.get(pk=requisition.pk).contact_email == "ny@regionstockholm.test"


# --- A payment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("account_number", "5402-9681"), ("amount", 1), ("payment_date", dt.date(2025, 12, 24))],
)
def test_a_released_payment_never_changes(paid_case, field, value):
    disbursement = Disbursement.objects.get(payment_decision__requisition__case=paid_case)
    with pytest.raises(IntegrityError, match="never changes"), transaction.atomic():
        Disbursement.objects.filter(pk=disbursement.pk).update(**{field: value})


def test_a_payment_is_put_in_one_payment_file_once(paid_case, officer):
    from requisitions.services import payment_file_create

    disbursement = Disbursement.objects.get(payment_decision__requisition__case=paid_case)
    first = payment_file_create(payment_date=disbursement.payment_date, actor=officer)
    disbursement.refresh_from_db()
    assert disbursement.payment_file == first
    with pytest.raises(IntegrityError, match="one payment file, once"), transaction.atomic():
        Disbursement.objects.filter(pk=disbursement.pk).update(payment_file=None)


# --- Claims and repayments -------------------------------------------------------------


def test_a_claims_amount_changes_only_with_an_adjustment(reported_claim):
    claim = reported_claim
    with (
        pytest.raises(IntegrityError, match="plus its recorded adjustments"),
        transaction.atomic(),
    ):
        Claim.objects.filter(pk=claim.pk).update(amount=claim.amount + 1)
    with pytest.raises(IntegrityError, match="never changes"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(initial_amount=1, amount=1)
    # An adjustment and the new total, together, are what the services write.
    with transaction.atomic():
        ClaimAdjustment.objects.create(
            claim=claim,
            amount=-100,
            cause=AdjustmentCause.REPORT,
            report_version=claim.case.report.versions.last(),
        )
        Claim.objects.filter(pk=claim.pk).update(amount=claim.amount - 100)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check now what commit would
    assert Claim.objects.get(pk=claim.pk).amount == claim.amount - 100


def test_an_adjustment_without_its_claims_new_total_is_refused_at_commit(
    reported_claim,
):
    claim = reported_claim
    with (
        pytest.raises(IntegrityError, match="initial amount plus its adjustments"),
        transaction.atomic(),
    ):
        ClaimAdjustment.objects.create(
            claim=claim,
            amount=-100,
            cause=AdjustmentCause.REPORT,
            report_version=claim.case.report.versions.last(),
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert not ClaimAdjustment.objects.filter(claim=claim).exists()


def test_a_booked_repayment_never_changes(reported_claim, officer):
    from repayments.services import repayment_register

    claim = reported_claim
    repayment = repayment_register(
        received_on=dt.date(2026, 2, 2), amount=1000, reference=claim.ocr, actor=officer
    )
    assert repayment.status == RepaymentStatus.BOOKED
    for change in ({"amount": 999}, {"status": "returned"}, {"claim": None}):
        with pytest.raises(IntegrityError, match="never changes"), transaction.atomic():
            Repayment.objects.filter(pk=repayment.pk).update(**change)


def test_a_flagged_repayment_is_booked_for_at_most_what_came_in(reported_claim, officer):
    from repayments.services import repayment_register

    flagged = repayment_register(
        received_on=dt.date(2026, 2, 2), amount=1000, reference="okänd", actor=officer
    )
    assert flagged.status == RepaymentStatus.FLAGGED
    with pytest.raises(IntegrityError, match="at most what came in"), transaction.atomic():
        Repayment.objects.filter(pk=flagged.pk).update(amount=2000)
    with pytest.raises(IntegrityError, match="never changes"), transaction.atomic():
        Repayment.objects.filter(pk=flagged.pk).update(received_on=dt.date(2026, 1, 1))
