"""Which reminders are due when, for whom, and that each is recorded and sent once."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import RegionRole
from core import clock
from grants.models import DeadlineKind
from grants.services import deadline_set
from notifications.models import Email, EmailStatus
from reminders.models import Reminder, ReminderRule, SweepRun
from reminders.sweep import due_reminders, sweep
from tests import factories

STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(stockholm, uppsala):
    """A submitter and an admin in Stockholm, an admin in Uppsala, a preparer (never reminded)."""
    return {
        "sthlm_submitter": factories.region_user(
            stockholm, RegionRole.SUBMITTER, email="s1@sthlm.test"
        ),
        "sthlm_admin": factories.region_user(stockholm, RegionRole.ADMIN, email="a1@sthlm.test"),
        "sthlm_preparer": factories.region_user(
            stockholm, RegionRole.PREPARER, email="p1@sthlm.test"
        ),
        "uppsala_admin": factories.region_user(uppsala, RegionRole.ADMIN, email="a1@uppsala.test"),
    }


def region_dues(day):
    return sorted(
        (d.kind, d.rule_key.split(":")[1], d.recipient)
        for d in due_reminders(day, with_digest=False)
    )


def test_the_default_rules():
    rules = {(r.kind, r.direction, r.days, r.audience) for r in ReminderRule.objects.all()}
    for kind in ("requisition", "report", "repayment", "recovery_claim"):
        for days in (30, 14, 7, 1, 0):
            assert (kind, "before", days, "regions") in rules
        for days in (1, 7):
            assert (kind, "after", days, "regions") in rules
    for kind in ("agency_requisition", "agency_repayment", "ministry_report"):
        assert (kind, "before", 7, "officers") in rules


@pytest.mark.parametrize(
    ("day", "direction"),
    [
        (dt.date(2025, 11, 1), "before"),  # 30 days before 1 December, across a month end
        (dt.date(2025, 11, 17), "before"),  # 14
        (dt.date(2025, 11, 24), "before"),  # 7
        (dt.date(2025, 11, 30), "before"),  # 1
        (dt.date(2025, 12, 1), "before"),  # on the day
        (dt.date(2025, 12, 2), "after"),  # 1 after
        (dt.date(2025, 12, 8), "after"),  # 7 after
    ],
)
def test_requisition_reminders_fall_on_the_rule_days(grant_2025, contacts, day, direction):
    dues = region_dues(day)
    assert ("requisition", direction, "a1@sthlm.test") in dues
    assert ("requisition", direction, "s1@sthlm.test") in dues
    assert ("requisition", direction, "a1@uppsala.test") in dues
    assert all(recipient != "p1@sthlm.test" for _k, _d, recipient in dues)


@pytest.mark.parametrize("day", [dt.date(2025, 11, 2), dt.date(2025, 11, 29), dt.date(2025, 12, 3)])
def test_nothing_between_the_rule_days(grant_2025, contacts, day):
    assert region_dues(day) == []


def test_thirty_days_before_a_deadline_at_the_end_of_march_is_the_first_of_march(
    paid_case, region_submitter
):
    from repayments.models import Claim, ClaimKind
    from reports.services import PurposeData, ReportData, report_submit

    report_submit(
        case=paid_case,
        data=ReportData(
            amount_used=11_000_000_000,
            period_from=dt.date(2025, 1, 1),
            period_to=dt.date(2025, 12, 31),
            bookkeeping="x",
            certifier_name="x",
            certifier_title="x",
            certified=True,
            target_groups=("adults",),
            gender_equality="x",
            child_rights="x",
            disability="x",
            purposes={"stepped_care": PurposeData(description="x")},
        ),
        version=0,
        actor=region_submitter,
    )
    assert Claim.objects.get(kind=ClaimKind.REPORTED).due_date == dt.date(2026, 3, 31)
    assert ("repayment", "before", region_submitter.email) in region_dues(dt.date(2026, 3, 1))
    assert ("repayment", "after", region_submitter.email) in region_dues(dt.date(2026, 4, 1))


def test_a_deadline_moved_to_the_next_working_day_is_reminded_by_its_effective_date(
    grant_2025, contacts, officer
):
    deadline_set(
        grant=grant_2025,
        kind=DeadlineKind.REQUISITION,
        due_date=dt.date(2026, 5, 31),
        moves_to_next_working_day=True,
    )
    assert region_dues(dt.date(2026, 6, 1)) and {
        d for _k, d, _r in region_dues(dt.date(2026, 6, 1))
    } == {"before"}
    assert region_dues(dt.date(2026, 5, 31)) == [
        ("requisition", "before", a)
        for a in sorted(["a1@sthlm.test", "a1@uppsala.test", "s1@sthlm.test"])
    ]


def test_the_sweep_uses_stockholm_dates_across_the_dst_change(grant_2025, contacts, time_machine):
    deadline_set(grant=grant_2025, kind=DeadlineKind.REQUISITION, due_date=dt.date(2026, 3, 29))
    # 00:30 on 29 March in Stockholm is still 28 March in UTC.
    time_machine.move_to(dt.datetime(2026, 3, 29, 0, 30, tzinfo=STOCKHOLM), tick=False)
    assert clock.today() == dt.date(2026, 3, 29)
    dues = sweep(send=False)
    assert {d.send_date for d in dues} == {dt.date(2026, 3, 29)}
    assert ("requisition", "before") in {(d.kind, d.rule_key.split(":")[1]) for d in dues}


def test_a_completed_step_gets_no_reminder(paid_case, contacts, region_submitter, officer):
    # Stockholm has requisitioned and been paid; Uppsala has not.
    dues = region_dues(dt.date(2025, 11, 24))
    assert {r for _k, _d, r in dues} == {"a1@uppsala.test"}
    # Report reminders go only to regions that were paid and have not reported.
    dues = region_dues(dt.date(2026, 2, 20))
    assert {(k, r) for k, _d, r in dues} == {
        ("report", a) for a in ("a1@sthlm.test", "s1@sthlm.test", region_submitter.email)
    }


def test_a_closed_case_gets_no_reminder(grant_2025, contacts, stockholm, officer):
    from grants.models import Case
    from repayments.services import case_close_lapsed

    case = Case.objects.get(grant=grant_2025, region=stockholm)
    with clock.at(dt.datetime(2025, 12, 5, 10, tzinfo=STOCKHOLM)):
        case_close_lapsed(case=case, reason="Rätten förföll.", actor=officer)
    assert {r for _k, _d, r in region_dues(dt.date(2025, 12, 8))} == {"a1@uppsala.test"}


def test_sweeping_twice_records_and_sends_each_reminder_once(
    grant_2025, contacts, mailoutbox, django_capture_on_commit_callbacks
):
    day = dt.date(2025, 11, 24)
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep(day)
        second = sweep(day)
    # Two Stockholm contacts and Uppsala's admin (no officers exist here, so no digest).
    assert len(first) == len(second) == Reminder.objects.count() == 3
    assert (
        Email.objects.filter(status=EmailStatus.SENT).count()
        == len(mailoutbox)
        == Reminder.objects.count()
    )
    assert SweepRun.objects.get(send_date=day).recorded == 3


def test_a_dry_run_changes_nothing(grant_2025, contacts):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2025-11-24", "--dry-run", stdout=out)
    assert "a1@uppsala.test" in out.getvalue()
    assert "Nothing was recorded or sent." in out.getvalue()
    assert not Reminder.objects.exists()
    assert not Email.objects.exists()
    assert not SweepRun.objects.exists()


def test_a_catch_up_sweep_sends_what_missed_days_owed_once(
    grant_2025, contacts, mailoutbox, django_capture_on_commit_callbacks
):
    SweepRun.objects.create(
        send_date=dt.date(2025, 11, 22), finished_at=dt.datetime(2025, 11, 22, 7, tzinfo=STOCKHOLM)
    )
    # 23 and 24 November were missed (the 24th owed the 7-day reminders); the sweep on the 25th catches up.
    with django_capture_on_commit_callbacks(execute=True):
        dues = sweep(dt.date(2025, 11, 25))
    assert {d.send_date for d in dues if d.kind == "requisition"} == {dt.date(2025, 11, 24)}
    assert sorted(SweepRun.objects.values_list("send_date", flat=True)) == [
        dt.date(2025, 11, d) for d in (22, 23, 24, 25)
    ]
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        sweep(dt.date(2025, 11, 25))
    assert len(mailoutbox) == sent


def test_the_sweep_query_count_does_not_grow_with_regions_or_grants(
    grant_2025, contacts, decision_2025_data
):
    import dataclasses

    from accounts.models import RegionMembership
    from grants.services import decision_load
    from regions.models import Region

    def count(day):
        with CaptureQueriesContext(connection) as queries:
            due_reminders(day)
        return len(queries)

    small = count(dt.date(2025, 11, 24))
    for region in Region.objects.exclude(county_code__in=["01", "03"]):
        factories.region_user(region, RegionRole.ADMIN)
    decision_load(
        data=dataclasses.replace(decision_2025_data, year=2026),
        diarienummer="S2026/00001",
        decided_on=dt.date(2026, 1, 1),
    )
    assert RegionMembership.objects.count() > 20
    assert count(dt.date(2025, 11, 24)) == small
