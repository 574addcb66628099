import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from grants.models import Deadline, DeadlineKind
from grants.services import deadline_set
from records.models import AuditAction, AuditEvent

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.django_db
def test_the_2025_decision_has_its_five_dates(grant_2025):
    dates = dict(Deadline.objects.filter(grant=grant_2025).values_list("kind", "due_date"))
    assert dates == {
        DeadlineKind.AGENCY_REQUISITION: dt.date(2025, 6, 2),
        DeadlineKind.REQUISITION: dt.date(2025, 12, 1),
        DeadlineKind.REPAYMENT: dt.date(2026, 3, 31),
        DeadlineKind.AGENCY_REPAYMENT: dt.date(2026, 5, 31),
        DeadlineKind.MINISTRY_REPORT: dt.date(2026, 6, 30),
    }
    # The report date is not in the decision: the agency sets it.
    assert not Deadline.objects.filter(grant=grant_2025, kind=DeadlineKind.REPORT).exists()


@pytest.mark.django_db
def test_a_requisition_deadline_is_open_all_day_stockholm_time(grant_2025):
    deadline = Deadline.objects.get(grant=grant_2025, kind=DeadlineKind.REQUISITION)
    assert deadline.is_open_at(dt.datetime(2025, 12, 1, 23, 59, 59, 999999, tzinfo=STOCKHOLM))
    assert not deadline.is_open_at(dt.datetime(2025, 12, 2, 0, 0, tzinfo=STOCKHOLM))
    # 23:30 UTC on 1 December is already 2 December in Stockholm.
    assert not deadline.is_open_at(dt.datetime(2025, 12, 1, 23, 30, tzinfo=dt.UTC))


@pytest.mark.django_db
def test_the_working_day_flag_moves_a_sunday_deadline_only_when_set(grant_2025, officer):
    deadline = Deadline.objects.get(grant=grant_2025, kind=DeadlineKind.AGENCY_REPAYMENT)
    assert deadline.effective_date == dt.date(2026, 5, 31)  # a Sunday, flag off by default

    deadline = deadline_set(
        grant=grant_2025,
        kind=DeadlineKind.AGENCY_REPAYMENT,
        due_date=dt.date(2026, 5, 31),
        moves_to_next_working_day=True,
        actor=officer,
    )
    assert deadline.effective_date == dt.date(2026, 6, 1)
    assert deadline.closes_at == dt.datetime(2026, 6, 2, tzinfo=STOCKHOLM)


@pytest.mark.django_db
def test_setting_a_deadline_keeps_what_it_was_in_the_record(grant_2025, officer):
    deadline_set(
        grant=grant_2025, kind=DeadlineKind.REPORT, due_date=dt.date(2026, 2, 27), actor=officer
    )
    deadline_set(
        grant=grant_2025, kind=DeadlineKind.REPORT, due_date=dt.date(2026, 3, 13), actor=officer
    )

    events = AuditEvent.objects.filter(
        action=AuditAction.DEADLINE_SET, data__kind="report"
    ).order_by("pk")
    assert [e.data["after"]["due_date"] for e in events] == ["2026-02-27", "2026-03-13"]
    assert events.last().data["before"]["due_date"] == "2026-02-27"
    assert events.last().actor == officer


@pytest.mark.django_db
def test_an_unknown_kind_is_refused(grant_2025):
    with pytest.raises(ValidationError):
        deadline_set(grant=grant_2025, kind="whenever", due_date=dt.date(2026, 1, 1))
