"""The deadline calendar: iCalendar feeds (RFC 5545) of the dates users must act by
(docs/calendar.md).

- A region's feed: each decided grant's requisition, report and repayment deadline for the
  region, and the due date of every claim the region still owes on (the start page's
  to-do list, ``portal.selectors.region_dashboard``), each linking to the region's page to
  act on.
- The agency's feed, for officers: every deadline of every decided grant, the regions' and
  the agency's own (``grants.selectors.decided_deadlines``, as the inbox and the reminder
  sweep read them), each linking to the officers' page for it.

Every event is a whole day (the last day that counts, in Stockholm: a deadline moved to the
next working day is on that day), with a Swedish title, the page's address and two alarms.
Its UID comes from what it is about (the kind, the grant, the region or the claim), never
from its date, so a moved deadline updates the same event in the user's calendar; its
SEQUENCE counts the times an officer set the deadline and LAST-MODIFIED is when that last
happened, so a calendar sees the change.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from core import formats
from grants.models import Deadline, DeadlineKind
from grants.selectors import decided_deadlines
from records.models import AuditAction, AuditEvent
from repayments.models import Claim, ClaimKind
from repayments.selectors import StatementLine

from .selectors import ToDoKind, region_dashboard

PRODID = "-//Socialstyrelsen//Statsbidrag//SV"
TIME_ZONE = "Europe/Stockholm"
# When the calendar reminds: a week before, and at 09:00 the day before (an all-day event
# starts at midnight, so 15 hours before it).
ALARMS = (dt.timedelta(days=-7), dt.timedelta(hours=-15))

# Turns an absolute path into an address the calendar application can open.
Absolute = Callable[[str], str]


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: dt.date
    summary: str
    description: str
    url: str
    last_modified: dt.datetime
    sequence: int = 0


def _uid(*parts: object) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "statsbidrag"
    return "-".join(str(part) for part in parts) + f"@{host}"


def _revisions(deadlines: Iterable[Deadline]) -> dict[int, int]:
    """How many times an officer set each deadline (its audit events): the event's SEQUENCE."""
    ids = [str(deadline.pk) for deadline in deadlines]
    counts = (
        AuditEvent.objects.filter(
            action=AuditAction.DEADLINE_SET, target_type="grants.deadline", target_id__in=ids
        )
        .values("target_id")
        .annotate(n=Count("pk"))
    )
    return {int(row["target_id"]): row["n"] for row in counts}


def _moved(deadline: Deadline) -> str:
    if not deadline.is_moved:
        return ""
    return _(
        "The date in the decision, %(date)s, is not a working day: the deadline moves to the "
        "next working day."
    ) % {"date": formats.day(deadline.due_date)}


def _description(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


# --- A region's feed --------------------------------------------------------------------

_REGION_SUMMARY: dict[str, Callable[[], str]] = {
    DeadlineKind.REQUISITION: lambda: _("Last day to requisition: %(grant)s"),
    DeadlineKind.REPORT: lambda: _("Last day to report: %(grant)s"),
    DeadlineKind.REPAYMENT: lambda: _("Last day to repay unused funds: %(grant)s"),
}
_REGION_WHAT: dict[str, Callable[[], str]] = {
    DeadlineKind.REQUISITION: lambda: _(
        "The requisition must be submitted by the end of this day, Stockholm time."
    ),
    DeadlineKind.REPORT: lambda: _(
        "The report must be submitted by the end of this day, Stockholm time."
    ),
    DeadlineKind.REPAYMENT: lambda: _(
        "Funds not used for the purpose must be repaid to Socialstyrelsen by this day."
    ),
}
_REGION_PAGE: dict[str, str] = {
    DeadlineKind.REQUISITION: "requisitions:form",
    DeadlineKind.REPORT: "reports:form",
    DeadlineKind.REPAYMENT: "repayments:region",
}


def _claim_event(line: StatementLine, region, absolute: Absolute) -> CalendarEvent:
    claim: Claim = line.claim
    grant = claim.case.grant
    summary = (
        _("Repayment due (OCR %(ocr)s): %(grant)s")
        if claim.kind == ClaimKind.REPORTED
        else _("Recovery claim due (OCR %(ocr)s): %(grant)s")
    ) % {"ocr": claim.ocr, "grant": grant}
    url = absolute(
        reverse("repayments:region", kwargs={"county_code": region.county_code, "year": grant.year})
    )
    return CalendarEvent(
        uid=_uid("claim", claim.pk),
        day=claim.due_date,
        summary=summary,
        description=_description(
            summary,
            _("Pay what is left by this day, with the OCR reference %(ocr)s.") % {"ocr": claim.ocr},
            url,
        ),
        url=url,
        last_modified=claim.created_at,
    )


def region_events(region, absolute: Absolute) -> list[CalendarEvent]:
    """The region's deadlines in every decided grant and the due dates of what it owes."""
    statuses = region_dashboard(region.pk)
    revisions = _revisions(d for status in statuses for d in status.item.deadlines)
    events = []
    for status in statuses:
        grant = status.grant
        for deadline in status.item.deadlines:
            if deadline.kind not in _REGION_PAGE:
                continue
            summary = _REGION_SUMMARY[deadline.kind]() % {"grant": grant}
            url = absolute(
                reverse(
                    _REGION_PAGE[deadline.kind],
                    kwargs={"county_code": region.county_code, "year": grant.year},
                )
            )
            events.append(
                CalendarEvent(
                    uid=_uid("deadline", deadline.kind, "grant", grant.pk, "region", region.pk),
                    day=deadline.effective_date,
                    summary=summary,
                    description=_description(
                        summary, _REGION_WHAT[deadline.kind](), _moved(deadline), url
                    ),
                    url=url,
                    last_modified=deadline.updated_at,
                    sequence=revisions.get(deadline.pk, 0),
                )
            )
        for item in status.to_do:
            if item.kind == ToDoKind.DEBT and item.line is not None:
                events.append(_claim_event(item.line, region, absolute))
    return sorted(events, key=lambda event: (event.day, event.uid))


# --- The agency's feed ------------------------------------------------------------------

_AGENCY_SUMMARY: dict[str, Callable[[], str]] = {
    DeadlineKind.REQUISITION: lambda: _("The regions' last day to requisition: %(grant)s"),
    DeadlineKind.REPORT: lambda: _("The regions' last day to report: %(grant)s"),
    DeadlineKind.REPAYMENT: lambda: _("The regions' last day to repay unused funds: %(grant)s"),
    DeadlineKind.AGENCY_REQUISITION: lambda: _(
        "Last day to requisition the funds from Kammarkollegiet: %(grant)s"
    ),
    DeadlineKind.AGENCY_REPAYMENT: lambda: _(
        "Last day for the repayment and economic report to Kammarkollegiet: %(grant)s"
    ),
    DeadlineKind.MINISTRY_REPORT: lambda: _("Last day for the report to the ministry: %(grant)s"),
}


def _officer_page(deadline: Deadline) -> str:
    year = deadline.grant.year
    if deadline.kind == DeadlineKind.REQUISITION:
        return reverse("requisitions:queue")
    if deadline.kind == DeadlineKind.REPORT:
        return reverse("reports:queue", kwargs={"year": year})
    if deadline.kind == DeadlineKind.REPAYMENT:
        return reverse("repayments:list")
    # The agency's own steps are marked done on the grant's reminders page (as in the inbox).
    return reverse("reminders:log", kwargs={"year": year})


def agency_events(absolute: Absolute) -> list[CalendarEvent]:
    """Every deadline of every decided grant: the regions' and the agency's own."""
    deadlines = list(decided_deadlines().order_by("due_date", "pk"))
    revisions = _revisions(deadlines)
    events = []
    for deadline in deadlines:
        grant = deadline.grant
        summary = _AGENCY_SUMMARY[deadline.kind]() % {"grant": grant}
        url = absolute(_officer_page(deadline))
        own = (
            ""
            if deadline.is_for_regions
            else _("The agency's own deadline: mark it done on the grant's reminders page.")
        )
        events.append(
            CalendarEvent(
                uid=_uid("deadline", deadline.kind, "grant", grant.pk),
                day=deadline.effective_date,
                summary=summary,
                description=_description(summary, own, _moved(deadline), url),
                url=url,
                last_modified=deadline.updated_at,
                sequence=revisions.get(deadline.pk, 0),
            )
        )
    return events


# --- The iCalendar file -----------------------------------------------------------------


def _event(item: CalendarEvent) -> Event:
    event = Event()
    event.add("uid", item.uid)
    # DTSTAMP: without a METHOD, when the information was last revised (RFC 5545 3.8.7.2).
    event.add("dtstamp", item.last_modified.astimezone(dt.UTC))
    event.add("last-modified", item.last_modified.astimezone(dt.UTC))
    event.add("sequence", item.sequence)
    event.add("dtstart", item.day)  # a date: VALUE=DATE, the whole day
    event.add("dtend", item.day + dt.timedelta(days=1))
    event.add("summary", item.summary)
    event.add("description", item.description)
    event.add("url", item.url)
    event.add("transp", "TRANSPARENT")  # a deadline does not make the user busy
    for trigger in ALARMS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.summary)
        alarm.add("trigger", trigger)
        event.add_component(alarm)
    return event


def ical(name: str, events: Iterable[CalendarEvent]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIME_ZONE)
    for item in events:
        calendar.add_component(_event(item))
    return calendar.to_ical()


def feed(token, absolute: Absolute) -> bytes:
    """The feed a working address opens (``accounts.calendar.feed_for_token``), in Swedish
    whatever language the calendar application asks for."""
    with translation.override("sv"):
        if token.region is not None:
            name = _("Statsbidrag: deadlines for %(region)s") % {"region": token.region.name}
            return ical(name, region_events(token.region, absolute))
        return ical(_("Statsbidrag: deadlines of every grant"), agency_events(absolute))
