"""The audit trail: every registered change leaves a chained, append-only record."""

import itertools

import pytest
from django.db import IntegrityError, InternalError, transaction

from records.models import GENESIS_HASH, AuditAction, AuditEvent
from records.services import AuditOutsideTransaction, audit_chain_first_break, audit_record
from tests.support.database import guards_off


@pytest.mark.django_db
def test_loading_a_decision_records_who_did_what(grant_2025):
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions[0] == AuditAction.DECISION_REGISTERED
    assert actions.count(AuditAction.DEADLINE_SET) == 5
    assert actions[-1] == AuditAction.ALLOCATION_ADOPTED
    adopted = AuditEvent.objects.get(action=AuditAction.ALLOCATION_ADOPTED)
    assert adopted.data["amounts"]["01"] == 11_580_081_200
    assert adopted.grant == grant_2025


@pytest.mark.django_db
def test_each_event_carries_the_hash_of_the_one_before(grant_2025):
    events = list(AuditEvent.objects.order_by("pk"))
    assert events[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    assert audit_chain_first_break() is None


def _tamper_with_the_table():
    """What an intruder with database access might do: switch the guard off first."""
    guards_off()


@pytest.mark.django_db
def test_an_edited_event_breaks_the_chain_where_it_was_edited(grant_2025):
    victim = AuditEvent.objects.order_by("pk")[2]
    _tamper_with_the_table()
    AuditEvent.objects.filter(pk=victim.pk).update(reason="changed afterwards")
    assert audit_chain_first_break() == victim


@pytest.mark.django_db
def test_a_deleted_event_breaks_the_chain_at_the_next_one(grant_2025):
    events = list(AuditEvent.objects.order_by("pk")[:4])
    _tamper_with_the_table()
    AuditEvent.objects.filter(pk=events[2].pk).delete()
    assert audit_chain_first_break() == events[3]


def test_audit_records_must_be_written_inside_the_changes_transaction(transactional_db, regions):
    from regions.models import Region

    stockholm = Region.objects.get(county_code="01")
    with pytest.raises(AuditOutsideTransaction):
        audit_record(actor=None, action=AuditAction.DEADLINE_SET, target=stockholm)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_refuses_to_change_or_delete_an_event(grant_2025):
    event = AuditEvent.objects.order_by("pk").first()
    for attempt in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(reason="x"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
    ):
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            attempt()
    assert AuditEvent.objects.get(pk=event.pk).hash == event.hash


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_refuses_to_delete_or_change_decided_records(grant_2025):
    from grants.models import Allocation, Decision

    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Decision.objects.filter(pk=grant_2025.decision_id).delete()
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Allocation.objects.filter(table__grant=grant_2025).update(amount=0)
    assert Allocation.objects.filter(table__grant=grant_2025, amount=0).count() == 0


@pytest.mark.django_db
def test_verify_audit_chain_reports_the_first_broken_link(grant_2025, capsys):
    from django.core.management import CommandError, call_command

    call_command("verify_audit_chain")
    assert "The audit chain holds" in capsys.readouterr().out

    victim = AuditEvent.objects.order_by("pk")[3]
    _tamper_with_the_table()
    AuditEvent.objects.filter(pk=victim.pk).update(data={"amount": 1})
    with pytest.raises(CommandError, match=f"broken at event {victim.pk} "):
        call_command("verify_audit_chain")


@pytest.mark.django_db
def test_verify_audit_chain_exits_non_zero_on_the_command_line_for_a_deleted_event(
    grant_2025, capsys
):
    from django.core.management import execute_from_command_line

    events = list(AuditEvent.objects.order_by("pk")[:4])
    _tamper_with_the_table()
    AuditEvent.objects.filter(pk=events[2].pk).delete()
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "verify_audit_chain"])
    assert exit_info.value.code == 1
    assert f"broken at event {events[3].pk} " in capsys.readouterr().err
