"""Reads of the conversations: a case's messages, and what each user has not yet read.

Unread means: written by the other side and not read by this user. An officer reads what
the region wrote; a region user what the agency wrote. An auditor reads only, leaves no
markers, and sees as unread what no officer has read yet (what waits for the agency)."""

import functools
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, QuerySet

from accounts import permissions
from core import sql
from core.page_cache import Marker
from grants.models import Case

from .models import Message, MessageAttachment, MessageRead, Side


def case_messages(case: Case) -> QuerySet[Message]:
    """The conversation, oldest first, with authors and files (three queries)."""
    return (
        Message.objects.filter(case=case)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "files",
                queryset=MessageAttachment.objects.select_related("attachment").order_by("number"),
            )
        )
        .order_by("sent_at", "pk")
    )


def _read_by(user: Any) -> Exists:
    return Exists(MessageRead.objects.filter(message=OuterRef("pk"), user=user))


def _read_by_an_officer() -> Exists:
    from accounts.roles import StaffRole

    return Exists(
        MessageRead.objects.filter(message=OuterRef("pk"), user__groups__name=StaffRole.OFFICER)
    )


def unread_ids(case: Case, user: Any, *, written_by: str) -> set[int]:
    """The ids of the case's messages from ``written_by`` that ``user`` has not read."""
    return set(
        Message.objects.filter(case=case, side=written_by)
        .exclude(_read_by(user))
        .values_list("pk", flat=True)
    )


def region_unread_counts(region_id: int, user: Any) -> dict[int, int]:
    """For a region user: by grant year, the agency's messages they have not read."""
    return dict(
        Message.objects.filter(case__region_id=region_id, side=Side.AGENCY)
        .exclude(_read_by(user))
        .values_list("case__grant__year")
        .annotate(count=Count("pk"))
        .order_by("case__grant__year")
    )


def newest_read_marker(user: Any | None) -> Marker:
    """The user's newest read marker, as part of the key of a kept page that shows their
    unread messages (core.page_cache), so that reading makes a new page. With ``None``,
    anyone's newest marker (for a page that shows what no officer has read)."""
    # Asked on every view of such a page, kept or not, with the data version: written out
    # once rather than compiled by the ORM each time (the compiling cost more than the
    # answer).
    if user is None:
        return Marker(_newest_marker_statement(of_user=False))
    return Marker(_newest_marker_statement(of_user=True), (user.pk,))


@functools.cache
def _newest_marker_statement(*, of_user: bool) -> str:
    meta = MessageRead._meta
    newest = f"SELECT MAX({sql.column(meta, 'id')}) FROM {sql.table(meta)}"  # noqa: S608  # nosec B608
    return f"{newest} WHERE {sql.column(meta, 'user')} = %s" if of_user else newest


@dataclass(frozen=True)
class Waiting:
    """A case with messages from the region the user has not read."""

    case: Case
    count: int
    first_sent_at: Any


def waiting_for_agency(user: Any) -> list[Waiting]:
    """For the officers' inbox, in at most two queries whatever the number of messages: each case
    with messages from its region that ``user`` (an officer) has not read; for an auditor,
    that no officer has read. Oldest first."""
    unread = Message.objects.filter(side=Side.REGION)
    if permissions.is_officer(user):
        unread = unread.exclude(_read_by(user))
    else:
        unread = unread.exclude(_read_by_an_officer())
    counts = list(
        unread.values("case_id")
        .annotate(count=Count("pk"), first=Min("sent_at"))
        .order_by("first", "case_id")
    )
    cases = Case.objects.select_related("region", "grant").in_bulk(
        [row["case_id"] for row in counts]
    )
    return [Waiting(cases[row["case_id"]], row["count"], row["first"]) for row in counts]


def message_file(case: Case, pk: int) -> MessageAttachment | None:
    """A file of one of the case's messages, or None (another case's file is not found)."""
    return (
        MessageAttachment.objects.select_related("attachment")
        .filter(pk=pk, message__case=case)
        .first()
    )
