from django.db.models import Count, Q, QuerySet

from core import clock
from grants.models import AGENCY_DEADLINE_KINDS, Deadline, DecisionStatus, Grant

from .models import Announcement, Reminder

LOG_LENGTH = 500


def announcements(grant: Grant) -> QuerySet[Announcement]:
    return (
        Announcement.objects.filter(grant=grant)
        .select_related("published_by")
        .prefetch_related("attachments")
    )


def announcements_for_regions(limit: int = 10) -> list[Announcement]:
    """The agency's notices that are current today (published, and not past their last day)."""
    today = clock.today()
    return list(
        Announcement.objects.filter(
            grant__decision__status=DecisionStatus.DECIDED, published_at__lte=clock.now()
        )
        .filter(Q(shown_until__isnull=True) | Q(shown_until__gte=today))
        .select_related("grant")
        .prefetch_related("attachments")[:limit]
    )


def reminder_log(grant: Grant) -> QuerySet[Reminder]:
    """The newest reminders about the grant with their e-mail's fate."""
    return (
        Reminder.objects.filter(grant=grant)
        .select_related("email", "region")
        .order_by("-send_date", "region__county_code", "recipient")[:LOG_LENGTH]
    )


def reminder_counts(grant: Grant) -> dict[str, int]:
    return dict(
        Reminder.objects.filter(grant=grant).values_list("email__status").annotate(n=Count("pk"))
    )


def agency_deadlines(grant: Grant) -> list[Deadline]:
    return list(
        Deadline.objects.filter(grant=grant, kind__in=AGENCY_DEADLINE_KINDS)
        .select_related("agency_done__done_by")
        .order_by("due_date")
    )
