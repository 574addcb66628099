"""The daily sweep: what reminders are due on a day, recorded once, then sent.

``due_reminders(day)`` computes every reminder owed on ``day`` in a fixed number of queries
(rules, deadlines, claims, cases and their steps, recipients), whatever the number of
regions or grants. ``sweep(today)`` records them — and what missed days owed, up to
``REMINDER_CATCH_UP_DAYS`` back — as ``Reminder`` rows with a unique key, each with an
outbox ``Email`` that is written and sent later, once (docs/reminders.md says exactly what
holds).
"""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum

from accounts.models import RegionMembership
from accounts.permissions import SUBMIT_ROLES
from accounts.roles import StaffRole
from core import clock
from grants.models import Case, CaseStatus, Deadline
from grants.selectors import decided_deadlines
from notifications.models import Email, EmailStatus
from notifications.services import dispatch
from records.anchors import anchor_or_log
from repayments.models import Claim, ClaimKind, RepaymentStatus
from reports.models import ReportStatus
from requisitions.models import Disbursement, Requisition, RequisitionStatus

from .digest import digest_for
from .models import (
    AGENCY_KINDS,
    Audience,
    Reminder,
    ReminderKind,
    ReminderRule,
    SweepRun,
)


@dataclass(frozen=True)
class Due:
    rule_key: str
    target_key: str
    recipient: str
    send_date: dt.date
    kind: str
    due_date: dt.date | None = None
    rule_id: int | None = None
    deadline_id: int | None = None
    claim_id: int | None = None
    grant_id: int | None = None
    region_id: int | None = None

    @property
    def email_key(self) -> str:
        digest = hashlib.sha256(
            f"{self.rule_key}|{self.target_key}|{self.recipient}|{self.send_date}".encode()
        ).hexdigest()
        return f"reminder:{self.send_date:%Y%m%d}:{digest[:40]}"


# --- Which regions have completed a step ------------------------------------------------


def open_cases(grant_ids: set[int]) -> dict[int, list[Case]]:
    by_grant: dict[int, list[Case]] = defaultdict(list)
    for case in Case.objects.filter(grant_id__in=grant_ids, status=CaseStatus.OPEN).order_by(
        "region__county_code"
    ):
        by_grant[case.grant_id].append(case)
    return by_grant


def requisitioned_cases(case_ids: list[int]) -> set[int]:
    return set(
        Requisition.objects.filter(
            case_id__in=case_ids,
            status__in=[
                RequisitionStatus.RECEIVED,
                RequisitionStatus.APPROVED,
                RequisitionStatus.PAID,
            ],
        ).values_list("case_id", flat=True)
    )


def paid_cases(case_ids: list[int]) -> set[int]:
    return set(
        Disbursement.objects.filter(
            payment_decision__requisition__case_id__in=case_ids
        ).values_list("payment_decision__requisition__case_id", flat=True)
    )


def reported_cases(case_ids: list[int]) -> set[int]:
    """Cases whose region has submitted a report (any version)."""
    from reports.models import Report

    return set(
        Report.objects.filter(case_id__in=case_ids)
        .exclude(status=ReportStatus.DRAFT)
        .values_list("case_id", flat=True)
    )


def claims_outstanding(claim_filter: Q) -> dict[int, tuple[Claim, int]]:
    """{claim id: (claim, amount still owed)} for the claims matching the filter."""
    claims = (
        Claim.objects.filter(claim_filter)
        .select_related("case")
        .annotate(
            repaid=Sum("repayments__amount", filter=Q(repayments__status=RepaymentStatus.BOOKED))
        )
    )
    return {claim.pk: (claim, claim.amount - (claim.repaid or 0)) for claim in claims}


def _recipients(region_ids: set[int]) -> dict[int, list[str]]:
    by_region: dict[int, list[str]] = defaultdict(list)
    for region_id, email in (
        RegionMembership.objects.filter(
            region_id__in=region_ids, role__in=SUBMIT_ROLES, is_active=True, user__is_active=True
        )
        .order_by("user__email")
        .values_list("region_id", "user__email")
    ):
        by_region[region_id].append(email.lower())
    return by_region


def officer_emails() -> list[str]:
    from accounts.models import User

    return [
        email.lower()
        for email in User.objects.filter(groups__name=StaffRole.OFFICER, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    ]


# --- What is due ------------------------------------------------------------------------


def due_reminders(day: dt.date, *, with_digest: bool = True) -> list[Due]:
    rules = list(ReminderRule.objects.filter(is_active=True))
    region_rules = [r for r in rules if r.audience == Audience.REGIONS]
    officer_rules = [r for r in rules if r.audience == Audience.OFFICERS]
    deadlines = list(decided_deadlines())
    # (rule, deadline) pairs whose deadline falls the rule's number of days from today.
    matches = [
        (rule, d)
        for rule in region_rules
        for d in deadlines
        if d.kind == rule.kind and d.effective_date == day + dt.timedelta(days=rule.offset)
    ]
    claim_rules = [r for r in region_rules if r.kind == ReminderKind.RECOVERY_CLAIM]
    claim_dates = {day + dt.timedelta(days=r.offset) for r in claim_rules}
    recovery = (
        claims_outstanding(
            Q(kind=ClaimKind.RECOVERY, due_date__in=claim_dates, case__status=CaseStatus.OPEN)
        )
        if claim_dates
        else {}
    )

    grant_ids = {d.grant_id for _rule, d in matches}
    cases = open_cases(grant_ids)
    case_ids = [c.pk for group in cases.values() for c in group]
    done = {
        ReminderKind.REQUISITION: requisitioned_cases(case_ids),
        ReminderKind.REPORT: reported_cases(case_ids),
    }
    paid = paid_cases(case_ids)
    owed_reported = {
        claim.case_id: owed
        for claim, owed in claims_outstanding(
            Q(kind=ClaimKind.REPORTED, case_id__in=case_ids)
        ).values()
    }
    region_ids = {c.region_id for group in cases.values() for c in group} | {
        claim.case.region_id for claim, _o in recovery.values()
    }
    recipients = _recipients(region_ids)

    due: list[Due] = []
    for rule, deadline in matches:
        for case in cases.get(deadline.grant_id, []):
            if not _owes_step(rule.kind, case, done, paid, owed_reported):
                continue
            for address in recipients.get(case.region_id, []):
                due.append(
                    Due(
                        rule_key=rule.key,
                        target_key=f"deadline:{deadline.pk}:case:{case.pk}",
                        recipient=address,
                        send_date=day,
                        kind=rule.kind,
                        due_date=deadline.effective_date,
                        rule_id=rule.pk,
                        deadline_id=deadline.pk,
                        grant_id=deadline.grant_id,
                        region_id=case.region_id,
                    )
                )
    for rule in claim_rules:
        target_day = day + dt.timedelta(days=rule.offset)
        for claim, owed in recovery.values():
            if claim.due_date != target_day or owed <= 0:
                continue
            for address in recipients.get(claim.case.region_id, []):
                due.append(
                    Due(
                        rule_key=rule.key,
                        target_key=f"claim:{claim.pk}",
                        recipient=address,
                        send_date=day,
                        kind=rule.kind,
                        due_date=claim.due_date,
                        rule_id=rule.pk,
                        claim_id=claim.pk,
                        grant_id=claim.case.grant_id,
                        region_id=claim.case.region_id,
                    )
                )
    if with_digest and (
        _officer_rule_matches(officer_rules, deadlines, day) or not digest_for(day).is_empty
    ):
        for address in officer_emails():
            due.append(
                Due(
                    rule_key="digest",
                    target_key="digest",
                    recipient=address,
                    send_date=day,
                    kind="digest",
                )
            )
    return due


def _owes_step(
    kind: str, case: Case, done: dict, paid: set[int], owed_reported: dict[int, int]
) -> bool:
    """Whether the region still has to do the step the deadline is about."""
    if kind == ReminderKind.REQUISITION:
        return case.pk not in done[ReminderKind.REQUISITION]
    if kind == ReminderKind.REPORT:
        return case.pk in paid and case.pk not in done[ReminderKind.REPORT]
    if kind == ReminderKind.REPAYMENT:
        return owed_reported.get(case.pk, 0) > 0
    return False


def _officer_rule_matches(
    rules: list[ReminderRule], deadlines: list[Deadline], day: dt.date
) -> bool:
    return any(
        d.kind == rule.kind
        and d.effective_date == day + dt.timedelta(days=rule.offset)
        and not _agency_done(d)
        for rule in rules
        for d in deadlines
        if d.kind in AGENCY_KINDS
    )


def _agency_done(deadline: Deadline) -> bool:
    return hasattr(deadline, "agency_done")


# --- Recording and sending --------------------------------------------------------------


def record(dues: list[Due]) -> list[int]:
    """Write the reminders and their outbox e-mails; a reminder already recorded is skipped.
    Returns the ids of the e-mails still waiting to be sent."""
    if not dues:
        return []
    emails = [
        Email(
            key=d.email_key,
            to=d.recipient,
            renderer="digest" if d.kind == "digest" else "reminder",
            renderer_args={"key": d.email_key},
            grant_id=d.grant_id,
            region_id=d.region_id,
            created_at=clock.now(),
        )
        for d in dues
    ]
    with transaction.atomic():
        Email.objects.bulk_create(emails, ignore_conflicts=True)
        ids = dict(
            Email.objects.filter(key__in=[d.email_key for d in dues]).values_list("key", "pk")
        )
        Reminder.objects.bulk_create(
            [
                Reminder(
                    rule_id=d.rule_id,
                    rule_key=d.rule_key,
                    target_key=d.target_key,
                    recipient=d.recipient,
                    send_date=d.send_date,
                    kind=d.kind,
                    due_date=d.due_date,
                    deadline_id=d.deadline_id,
                    claim_id=d.claim_id,
                    grant_id=d.grant_id,
                    region_id=d.region_id,
                    email_id=ids[d.email_key],
                    created_at=clock.now(),
                )
                for d in dues
            ],
            ignore_conflicts=True,
        )
    return list(
        Email.objects.filter(pk__in=list(ids.values()), status=EmailStatus.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def days_to_sweep(today: dt.date) -> list[dt.date]:
    """Today, and the days since the last sweep that none covered (at most the catch-up limit)."""
    last = (
        SweepRun.objects.filter(send_date__lt=today, finished_at__isnull=False)
        .order_by("-send_date")
        .first()
    )
    earliest = today - dt.timedelta(days=settings.REMINDER_CATCH_UP_DAYS)
    if last is None:
        return [today]
    start = max(last.send_date + dt.timedelta(days=1), earliest)
    return [start + dt.timedelta(days=n) for n in range((today - start).days + 1)]


def sweep(today: dt.date | None = None, *, dry_run: bool = False, send: bool = True) -> list[Due]:
    """Record (and, unless told otherwise, start sending) everything owed up to today. First,
    the audit chain's head is anchored for the day (records/anchors.py), so that the digest
    carries it."""
    today = today or clock.today()
    if not dry_run:
        anchor_or_log("daily")
    recorded: list[Due] = []
    for day in days_to_sweep(today):
        dues = due_reminders(day, with_digest=day == today)
        recorded += dues
        if dry_run:
            continue
        run, _created = SweepRun.objects.get_or_create(send_date=day)
        pending = record(dues)
        SweepRun.objects.filter(pk=run.pk).update(finished_at=clock.now(), recorded=len(dues))
        if send and pending:
            dispatch(pending)
    return recorded
