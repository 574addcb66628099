"""Progress over time: how many regions had reached each milestone by each date, with the
same rule as the overview's snapshot (:mod:`reporting.timeline`)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import clock
from grants.models import Case, Grant

from .timeline import (
    CaseFacts,
    GrantFacts,
    closed_by,
    grant_facts,
    happened_by,
    local_date,
    paid_by,
    snapshot_moment,
    standing_requisition,
    versions_by,
)


class Milestone(models.TextChoices):
    REQUISITION_RECEIVED = "requisition_received", _("Requisition received")
    PAID = "paid", _("Paid")
    REPORT_RECEIVED = "report_received", _("Report received")
    REPORT_APPROVED = "report_approved", _("Report approved")
    CLOSED = "closed", _("Case closed")


def _milestones_reached(
    case: Case, facts: CaseFacts, moment: dt.datetime, day: dt.date | None = None
) -> set[str]:
    """The milestones the case had reached at ``moment`` (the end of ``day``, if given): the
    same rule as the snapshot."""
    reached: set[str] = set()
    standing = standing_requisition(facts, moment)
    if standing is not None:
        reached.add(Milestone.REQUISITION_RECEIVED)
        if paid_by(standing, day or local_date(moment)):
            reached.add(Milestone.PAID)
    if versions_by(facts, moment):
        reached.add(Milestone.REPORT_RECEIVED)
    if facts.report and happened_by(moment, facts.report["approved_at"]):
        reached.add(Milestone.REPORT_APPROVED)
    if closed_by(case, moment):
        reached.add(Milestone.CLOSED)
    return reached


def _event_dates(case: Case, facts: CaseFacts, zone: dt.tzinfo) -> set[dt.date]:
    """The dates (in ``zone``, the current time zone) on which the case's milestones may
    have changed."""
    moments = [case.closed_at]
    for row in facts.requisitions:
        moments += [row["submitted_at"], row["refused_at"]]
    moments += [v["submitted_at"] for v in facts.versions]
    moments.append(facts.report["approved_at"] if facts.report else None)
    dates = {m.astimezone(zone).date() for m in moments if m is not None}
    dates |= {
        row["payment_decision__disbursement__payment_date"]
        for row in facts.requisitions
        if row["payment_decision__disbursement__payment_date"]
    }
    return dates


@dataclass(frozen=True)
class Progress:
    """How many regions had reached each milestone by the end of each date on which a count
    changed (ascending), up to ``until``."""

    dates: list[dt.date]
    counts: dict[str, list[int]]
    region_count: int
    until: dt.date

    @property
    def table(self) -> list[tuple[dt.date, list[int]]]:
        columns = [self.counts[m] for m in Milestone.values]
        return [(day, [column[i] for column in columns]) for i, day in enumerate(self.dates)]


def grant_progress(
    grant: Grant, *, until: dt.date | None = None, known: GrantFacts | None = None
) -> Progress:
    """``known``: the grant's facts if the caller has already fetched them."""
    until = until or clock.today()
    known = known or grant_facts(grant)
    cases, facts = known.cases, known.facts
    # One pass: a case's milestones change only on the dates of its own events, so each case
    # is looked at on those dates alone, and what changed is added up by date.
    changes: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    zone = timezone.get_current_timezone()
    moments: dict[dt.date, dt.datetime] = {}  # the end of each day, worked out once
    for case in cases:
        reached: set[str] = set()
        for day in sorted(d for d in _event_dates(case, facts[case.pk], zone) if d <= until):
            if day not in moments:
                moments[day] = snapshot_moment(day)
            now = _milestones_reached(case, facts[case.pk], moments[day], day)
            changed = changes[day]  # a date with an event is on the curve, changed or not
            for milestone in now - reached:
                changed[milestone] += 1
            for milestone in reached - now:
                changed[milestone] -= 1
            reached = now
    dates = sorted(changes)
    milestones = Milestone.values
    counts: dict[str, list[int]] = {m: [] for m in milestones}
    tally: dict[str, int] = defaultdict(int)
    for day in dates:
        for milestone, change in changes[day].items():
            tally[milestone] += change
        for milestone in milestones:
            counts[milestone].append(tally[milestone])
    return Progress(dates=dates, counts=counts, region_count=len(cases), until=until)
