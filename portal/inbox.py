"""The officers' inbox: what waits for the agency, across all grants, each item with the page
where an officer acts on it.

A fixed number of queries whatever the number of grants, regions and cases: every kind of
item is read once for all grants, and "mine" (the cases assigned to the officer) is a filter
in Python over the same items, so both counts come from one read.

What is overdue on a claim is what the region's statement shows (repayments.selectors.settle):
the case's booked repayments settle its claims in the order they fall due (the ledger's
``repaid``), and a claim with something left after its due date is overdue.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conversations.selectors import waiting_for_agency
from grants.models import (
    AGENCY_DEADLINE_KINDS,
    Case,
    CaseStatus,
    Deadline,
    DeadlineKind,
)
from grants.selectors import decided_deadlines
from ombud.selectors import applications_waiting
from repayments.models import ClaimKind, Repayment, RepaymentStatus
from repayments.selectors import overdue_lines
from reports.models import CompletionRequest, Report, ReportStatus
from requisitions.models import Disbursement, Requisition, RequisitionStatus

# How far ahead the agency's own deadlines show.
AGENCY_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Item:
    """One thing to do. ``case`` is None for what belongs to no region's case (the agency's
    own deadlines, a bank line whose reference matches no claim)."""

    case: Case | None
    what: str
    url: str
    day: dt.date | None = None
    amount: int | None = None
    overdue: bool = False
    grant_year: int | None = None
    # The region of an item that belongs to no case (an ombud application).
    region: Any = None

    @property
    def region_name(self) -> str:
        if self.case is not None:
            return self.case.region.name
        return self.region.name if self.region is not None else ""

    @property
    def year(self) -> int | None:
        return self.case.grant.year if self.case is not None else self.grant_year

    @property
    def assigned_to_id(self) -> int | None:
        return self.case.assigned_to_id if self.case is not None else None


@dataclass
class Section:
    key: str
    title: str | Promise
    items: list[Item] = field(default_factory=list)
    # Shown in "mine" as in "all": the agency's own steps belong to no case.
    whole_agency: bool = False

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass
class Inbox:
    sections: list[Section]
    mine_only: bool = False

    @property
    def total(self) -> int:
        return sum(section.count for section in self.sections)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def _day(moment: dt.datetime | None) -> dt.date | None:
    from django.utils import timezone

    return timezone.localdate(moment) if moment is not None else None


def _case_url(case: Case) -> str:
    return reverse(
        "repayments:case", kwargs={"year": case.grant.year, "county_code": case.region.county_code}
    )


def _requisitions(user: Any) -> tuple[list[Item], list[Item]]:
    to_decide: list[Item] = []
    to_release: list[Item] = []
    for requisition in (
        Requisition.objects.filter(
            status__in=[RequisitionStatus.RECEIVED, RequisitionStatus.APPROVED]
        )
        .select_related("case__region", "case__grant", "payment_decision")
        .order_by("submitted_at", "pk")
    ):
        url = reverse("requisitions:review", kwargs={"pk": requisition.pk})
        if requisition.status == RequisitionStatus.RECEIVED:
            to_decide.append(
                Item(
                    requisition.case,
                    str(_("Decide the requisition")),
                    url,
                    _day(requisition.submitted_at),
                    requisition.amount,
                )
            )
            continue
        decision = requisition.payment_decision
        # Four eyes (requisitions.services.payment_release): the officer who decided the
        # payment never sees it as theirs to release.
        if decision.decided_by_id == user.pk:
            continue
        to_release.append(
            Item(
                requisition.case,
                str(_("Release the payment")),
                url,
                _day(decision.decided_at),
                decision.amount,
            )
        )
    return to_decide, to_release


def _payment_files() -> list[Item]:
    url = reverse("requisitions:payment_files")
    return [
        Item(
            disbursement.payment_decision.requisition.case,
            str(_("Put the payment in a payment file")),
            url,
            disbursement.payment_date,
            disbursement.amount,
        )
        for disbursement in Disbursement.objects.filter(payment_file__isnull=True)
        .select_related(
            "payment_decision__requisition__case__region",
            "payment_decision__requisition__case__grant",
        )
        .order_by("payment_date", "pk")
    ]


def _reports() -> list[Item]:
    items = []
    for report in (
        Report.objects.filter(status=ReportStatus.SUBMITTED)
        .select_related("case__region", "case__grant")
        .annotate(answered=Exists(CompletionRequest.objects.filter(report=OuterRef("pk"))))
        .order_by("submitted_at", "pk")
    ):
        case = report.case
        items.append(
            Item(
                case,
                str(
                    _("Review the completed report")
                    if report.answered  # type: ignore[attr-defined]
                    else _("Review the report")
                ),
                reverse(
                    "reports:review",
                    kwargs={"year": case.grant.year, "county_code": case.region.county_code},
                ),
                _day(report.submitted_at),
            )
        )
    return items


def _flagged() -> list[Item]:
    return [
        Item(
            repayment.claim.case if repayment.claim is not None else None,
            str(
                _("Handle the bank line: %(reason)s")
                % {"reason": repayment.get_flag_reason_display()}
            ),
            reverse("repayments:resolve", kwargs={"pk": repayment.pk}),
            repayment.received_on,
            repayment.amount,
        )
        for repayment in Repayment.objects.filter(status=RepaymentStatus.FLAGGED)
        .select_related("claim__case__region", "claim__case__grant")
        .order_by("received_on", "pk")
    ]


def _deadlines(today: dt.date) -> tuple[list[Item], dict[int, Deadline]]:
    """The agency's own deadlines not yet done, overdue or within the window; and the report
    deadline of each grant whose report deadline has passed."""
    agency: list[Item] = []
    report_passed: dict[int, Deadline] = {}
    horizon = today + dt.timedelta(days=AGENCY_WINDOW_DAYS)
    for deadline in decided_deadlines().order_by("due_date", "pk"):
        day = deadline.effective_date
        if deadline.kind == DeadlineKind.REPORT and day < today:
            report_passed[deadline.grant_id] = deadline
        if (
            deadline.kind in AGENCY_DEADLINE_KINDS
            and day <= horizon
            and not hasattr(deadline, "agency_done")
        ):
            agency.append(
                Item(
                    None,
                    deadline.get_kind_display(),
                    reverse("reminders:log", kwargs={"year": deadline.grant.year}),
                    day,
                    overdue=day < today,
                    grant_year=deadline.grant.year,
                )
            )
    return agency, report_passed


def _overdue_reports(report_passed: dict[int, Deadline]) -> list[Item]:
    """Open cases that were paid and have handed in no report by a deadline now passed."""
    if not report_passed:
        return []
    cases = (
        Case.objects.filter(grant_id__in=report_passed, status=CaseStatus.OPEN)
        .annotate(
            paid=Exists(
                Disbursement.objects.filter(payment_decision__requisition__case=OuterRef("pk"))
            ),
            reported=Exists(
                Report.objects.filter(case=OuterRef("pk")).exclude(status=ReportStatus.DRAFT)
            ),
        )
        .filter(paid=True, reported=False)
        .select_related("region", "grant")
        .order_by("grant__year", "region__county_code")
    )
    return [
        Item(
            case,
            str(_("Report not received")),
            _case_url(case),
            report_passed[case.grant_id].effective_date,
            overdue=True,
        )
        for case in cases
    ]


def _overdue_claims(today: dt.date) -> tuple[list[Item], list[Item]]:
    """Claims with something left after their due date, on open cases: the region's own
    reported amount (a repayment) and the agency's recovery claims."""
    repayments: list[Item] = []
    recovery: list[Item] = []
    for line in overdue_lines(today=today):
        claim = line.claim
        if claim.kind == ClaimKind.REPORTED:
            what, into = _("Repayment overdue (OCR %(ocr)s)"), repayments
        else:
            what, into = _("Recovery claim overdue (OCR %(ocr)s)"), recovery
        into.append(
            Item(
                claim.case,
                str(what % {"ocr": claim.ocr}),
                _case_url(claim.case),
                claim.due_date,
                line.outstanding,
                overdue=True,
            )
        )
    key = lambda item: (item.day, item.region_name)  # noqa: E731
    return sorted(repayments, key=key), sorted(recovery, key=key)


def _ombud_applications() -> list[Item]:
    """Ombud applications received (or completed) and not yet decided."""
    return [
        Item(
            None,
            str(_("Decide the ombud application from %(name)s") % {"name": application.full_name}),
            reverse("ombud:review", kwargs={"pk": application.pk}),
            _day(application.submitted_at),
            region=application.region,
        )
        for application in applications_waiting()
    ]


def _messages(user: Any) -> list[Item]:
    """Cases with messages from the region that the officer has not read (for an auditor:
    that no officer has read), oldest first."""
    return [
        Item(
            waiting.case,
            str(
                ngettext(
                    "%(count)d unread message from the region",
                    "%(count)d unread messages from the region",
                    waiting.count,
                )
                % {"count": waiting.count}
            ),
            reverse(
                "conversations:officer",
                kwargs={
                    "year": waiting.case.grant.year,
                    "county_code": waiting.case.region.county_code,
                },
            ),
            _day(waiting.first_sent_at),
        )
        for waiting in waiting_for_agency(user)
    ]


def inbox_for(user: Any, *, today: dt.date) -> Inbox:
    """Everything that waits, as ``user`` sees it (a payment they decided is not theirs to
    release)."""
    to_decide, to_release = _requisitions(user)
    agency, report_passed = _deadlines(today)
    overdue_repayments, overdue_recovery = _overdue_claims(today)
    return Inbox(
        sections=[
            Section("messages", _("Unread messages from the regions"), _messages(user)),
            Section("decide", _("Requisitions to decide"), to_decide),
            Section("release", _("Payments waiting for release"), to_release),
            Section("payment_files", _("Payments for a payment file"), _payment_files()),
            Section("reports", _("Reports and completion answers to review"), _reports()),
            Section("flagged", _("Bank lines that need handling"), _flagged()),
            Section("overdue_reports", _("Reports overdue"), _overdue_reports(report_passed)),
            Section("overdue_repayments", _("Repayments overdue"), overdue_repayments),
            Section("overdue_claims", _("Recovery claims overdue"), overdue_recovery),
            Section(
                "ombud",
                _("Ombud applications to decide"),
                _ombud_applications(),
                whole_agency=True,
            ),
            Section("agency", _("The agency's own deadlines"), agency, whole_agency=True),
        ]
    )


def only_mine(inbox: Inbox, user: Any) -> Inbox:
    """The items of the cases assigned to ``user``, and the agency's own deadlines (which
    belong to no case)."""
    return Inbox(
        sections=[
            section
            if section.whole_agency
            else Section(
                section.key,
                section.title,
                [item for item in section.items if item.assigned_to_id == user.pk],
            )
            for section in inbox.sections
        ],
        mine_only=True,
    )
