"""The report on the mission to the ministry (redovisning av uppdraget), as plain data.

Built from the records: the money per region from the ledgers (so every total reconciles
with ``verify_ledger``), what the regions report from the latest version each submitted
(its frozen content), late and missing reports, and open claims. The only hand-written
part is the agency's assessment. The same data always gives the same report: rows are in
county-code or code order and the report is dated by the last recorded change.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from core import clock
from grants.models import Case, DeadlineKind, Grant
from records.chain import Head, head
from repayments.ledger import ledgers
from repayments.models import Claim, RepaymentStatus
from reports.models import Purpose, ReportStatus, ReportVersion, TargetGroup

from . import selectors

EXCERPT_LENGTH = 240


class Perspective(models.TextChoices):
    """The perspectives the decision asks the agency to consider; each is a text field of the
    region's report with the same name."""

    GENDER_EQUALITY = "gender_equality", _("Gender equality perspective (equal health)")
    CHILD_RIGHTS = "child_rights", _("Child rights perspective")
    DISABILITY = "disability", _("Disability perspective")


class ReportState(models.TextChoices):
    LATE = "late", _("Received late")
    MISSING = "missing", _("Missing")
    NOT_RECEIVED = "not_received", _("Not received yet")


@dataclass(frozen=True)
class RegionAmounts:
    county_code: str
    region_name: str
    allocated: int
    paid: int
    used: int
    claimed: int
    repaid: int

    @property
    def outstanding(self) -> int:
        return self.claimed - self.repaid


@dataclass(frozen=True)
class CategoryCount:
    """How many regions named a purpose, target group or perspective, and the amounts."""

    code: str
    regions: int
    amount: int  # öre: stated per purpose, or used by the regions that named it
    regions_without_amount: int = 0


@dataclass(frozen=True)
class Excerpt:
    county_code: str
    region_name: str
    topic: str  # a Purpose or a perspective code
    amount: int | None
    text: str


@dataclass(frozen=True)
class LateOrMissing:
    county_code: str
    region_name: str
    state: str
    deadline: dt.date | None
    received_at: dt.datetime | None
    paid: int


@dataclass(frozen=True)
class OpenClaim:
    county_code: str
    region_name: str
    kind: str
    ground: str
    due_date: dt.date
    amount: int
    repaid: int

    @property
    def outstanding(self) -> int:
        return self.amount - self.repaid


@dataclass(frozen=True)
class MinistryReportData:
    grant: Grant
    stamp: dt.datetime | None
    assessment: str
    regions: list[RegionAmounts]
    purposes: list[CategoryCount]
    target_groups: list[CategoryCount]
    perspectives: list[CategoryCount]
    excerpts: list[Excerpt]
    late_or_missing: list[LateOrMissing]
    open_claims: list[OpenClaim]
    reports_received: int
    reports_approved: int
    # The audit trail's newest event when the report was made: printed on it, so that the
    # ministry's copy anchors the trail too (records/anchors.py).
    audit_head: Head | None = None

    @property
    def totals(self) -> RegionAmounts:
        return RegionAmounts(
            county_code="",
            region_name="",
            **{
                name: sum(getattr(row, name) for row in self.regions)
                for name in ("allocated", "paid", "used", "claimed", "repaid")
            },
        )

    @property
    def regions_paid(self) -> int:
        return sum(1 for row in self.regions if row.paid)

    @property
    def purpose_amount_total(self) -> int:
        return sum(row.amount for row in self.purposes)


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The first ``length`` characters, cut at a word boundary, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + " …"


def _latest_versions(case_ids: list[int]) -> dict[int, ReportVersion]:
    latest: dict[int, ReportVersion] = {}
    first: dict[int, ReportVersion] = {}
    for version in (
        ReportVersion.objects.filter(report__case_id__in=case_ids)
        .select_related("report")
        .order_by("number")
    ):
        latest[version.report.case_id] = version
        first.setdefault(version.report.case_id, version)
    for case_id, version in latest.items():
        version.first_version = first[case_id]  # type: ignore[attr-defined]
    return latest


def ministry_report_data(grant: Grant) -> MinistryReportData:
    cases = list(
        Case.objects.filter(grant=grant).select_related("region").order_by("region__county_code")
    )
    case_ledgers = ledgers(cases)
    versions = _latest_versions([case.pk for case in cases])
    report_deadline = selectors.deadline(grant, DeadlineKind.REPORT)
    stored = selectors.ministry_report(grant)

    regions = []
    late_or_missing = []
    purpose_regions = {code: 0 for code in Purpose.values}
    purpose_amounts = {code: 0 for code in Purpose.values}
    purpose_unstated = {code: 0 for code in Purpose.values}
    group_regions = {code: 0 for code in TargetGroup.values}
    group_amounts = {code: 0 for code in TargetGroup.values}
    perspective_regions = {code: 0 for code in Perspective.values}
    perspective_amounts = {code: 0 for code in Perspective.values}
    deadline_passed = report_deadline is not None and not report_deadline.is_open_at(clock.now())
    excerpts = []
    for ledger in case_ledgers:
        region = ledger.case.region
        regions.append(
            RegionAmounts(
                county_code=region.county_code,
                region_name=region.name,
                allocated=ledger.allocated,
                paid=ledger.disbursed,
                used=ledger.reported_used,
                claimed=ledger.claimed,
                repaid=ledger.repaid,
            )
        )
        version = versions.get(ledger.case.pk)
        if version is None:
            if ledger.disbursed:
                late_or_missing.append(
                    LateOrMissing(
                        county_code=region.county_code,
                        region_name=region.name,
                        state=ReportState.MISSING if deadline_passed else ReportState.NOT_RECEIVED,
                        deadline=report_deadline.effective_date if report_deadline else None,
                        received_at=None,
                        paid=ledger.disbursed,
                    )
                )
            continue
        first = version.first_version  # type: ignore[attr-defined]
        if first.is_late:
            late_or_missing.append(
                LateOrMissing(
                    county_code=region.county_code,
                    region_name=region.name,
                    state=ReportState.LATE,
                    deadline=report_deadline.effective_date if report_deadline else None,
                    received_at=first.submitted_at,
                    paid=ledger.disbursed,
                )
            )
        content = version.content
        for item in content.get("purposes", []):
            code = item["purpose"]
            purpose_regions[code] += 1
            if item.get("amount") is None:
                purpose_unstated[code] += 1
            else:
                purpose_amounts[code] += item["amount"]
            if item.get("description", "").strip():
                excerpts.append(
                    Excerpt(
                        region.county_code,
                        region.name,
                        code,
                        item.get("amount"),
                        excerpt(item["description"]),
                    )
                )
        for code in content.get("target_groups", []):
            group_regions[code] += 1
            group_amounts[code] += version.amount_used
        for code in Perspective.values:
            text = content.get(code, "")
            if text.strip():
                perspective_regions[code] += 1
                perspective_amounts[code] += version.amount_used
                excerpts.append(Excerpt(region.county_code, region.name, code, None, excerpt(text)))
    return MinistryReportData(
        grant=grant,
        stamp=selectors.last_recorded_change(grant),
        assessment=stored.assessment if stored else "",
        regions=regions,
        purposes=[
            CategoryCount(
                code, purpose_regions[code], purpose_amounts[code], purpose_unstated[code]
            )
            for code in Purpose.values
        ],
        target_groups=[
            CategoryCount(code, group_regions[code], group_amounts[code])
            for code in TargetGroup.values
        ],
        perspectives=[
            CategoryCount(code, perspective_regions[code], perspective_amounts[code])
            for code in Perspective.values
        ],
        excerpts=excerpts,
        late_or_missing=late_or_missing,
        open_claims=_open_claims(grant),
        reports_received=len(versions),
        reports_approved=sum(
            1 for version in versions.values() if version.report.status == ReportStatus.APPROVED
        ),
        audit_head=head(),
    )


def _open_claims(grant: Grant) -> list[OpenClaim]:
    claims = (
        Claim.objects.filter(case__grant=grant)
        .select_related("case__region")
        .annotate(
            repaid=Sum("repayments__amount", filter=Q(repayments__status=RepaymentStatus.BOOKED))
        )
        .order_by("case__region__county_code", "created_at", "pk")
    )
    return [
        OpenClaim(
            county_code=claim.case.region.county_code,
            region_name=claim.case.region.name,
            kind=claim.kind,
            ground=claim.ground,
            due_date=claim.due_date,
            amount=claim.amount,
            repaid=claim.repaid or 0,
        )
        for claim in claims
        if claim.amount > (claim.repaid or 0)
    ]
