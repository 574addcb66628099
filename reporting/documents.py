"""The overview, the economic report to Kammarkollegiet and the report to the ministry as
files. Always in Swedish, whatever the interface language; the page and
``manage.py government_report`` call the same functions and get the same bytes."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from core import formats
from core.pdf import PdfDocument
from repayments.models import ClaimGround, ClaimKind
from reports.models import Purpose, TargetGroup

from .exports import (
    CSV_TYPE,
    PDF_TYPE,
    XLSX_TYPE,
    Money,
    Table,
    money,
    pdf_table,
    pdf_value,
    to_csv,
    to_long_csv,
    to_xlsx,
)
from .kammarkollegiet import EconomicReport
from .ministry import MinistryReportData, Perspective, ReportState
from .overview import Overview, Step, StepState
from .progress import Milestone, Progress
from .selectors import Entry, last_recorded_change

FORMATS = {"xlsx": XLSX_TYPE, "csv": CSV_TYPE, "pdf": PDF_TYPE}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes


def _stamp_text(stamp: dt.datetime | None) -> str:
    if stamp is None:
        return _("Nothing has been recorded for the grant yet.")
    return _("The figures describe the records as of %(time)s.") % {"time": formats.moment(stamp)}


def _reference(grant: Any) -> str:
    decision = grant.decision
    if decision.diarienummer_is_example:
        return f"{decision.diarienummer} " + _("(example, not the real reference number)")
    return decision.diarienummer


def _reference_line(grant: Any) -> str:
    return _("Government decision %(ref)s") % {"ref": _reference(grant)}


# --- the overview ------------------------------------------------------------------------


def overview_tables(overview: Overview, progress: Progress | None = None) -> list[Table]:
    steps = [Step(step) for step in Step.values]
    header = [_("County code"), _("Region")]
    for step in steps:
        header += [
            str(step.label),
            _("%(step)s, state") % {"step": step.label},
            _("%(step)s, date") % {"step": step.label},
        ]
    header += [
        _("Allocated (kr)"),
        _("Requisitioned (kr)"),
        _("Paid (kr)"),
        _("Reported used (kr)"),
        _("To repay (kr)"),
        _("Repaid (kr)"),
        _("Outstanding (kr)"),
        _("Does not reconcile"),
    ]
    rows = []
    for row in overview.rows:
        cells: list[Any] = [row.county_code, row.region_name]
        for step in steps:
            cell = row.cells[step]
            label = str(cell.label) + "".join(
                f" ({extra})" for extra in (cell.note, cell.mark) if extra
            )
            cells += [label, str(StepState(cell.state).label), cell.day]
        figures = row.figures
        cells += [
            Money(figures.allocated),
            Money(figures.requisitioned),
            Money(figures.disbursed),
            Money(figures.used),
            Money(figures.claimed),
            Money(figures.repaid),
            Money(figures.outstanding),
            "; ".join(row.problems),
        ]
        rows.append(cells)
    totals = overview.totals
    footer = [
        ["", _("Total")]
        + [""] * (3 * len(steps))
        + [
            Money(totals.allocated),
            Money(totals.requisitioned),
            Money(totals.disbursed),
            Money(totals.used),
            Money(totals.claimed),
            Money(totals.repaid),
            Money(totals.outstanding),
            "",
        ]
    ]
    if overview.as_of is None:
        title = _("Overview")
    else:
        title = _("Overview as of %(date)s") % {"date": formats.day_iso(overview.as_of)}
    tables = [
        Table(
            title=title,
            header=header,
            rows=rows,
            footer=footer,
            key_columns=2,
        )
    ]
    if progress is not None:
        tables.append(
            Table(
                title=_("Progress"),
                header=[_("Date")] + [str(Milestone(m).label) for m in Milestone.values],
                rows=[[day, *counts] for day, counts in progress.table],
            )
        )
    return tables


def overview_export(overview: Overview, progress: Progress | None, fmt: str) -> ExportFile:
    with translation.override("sv"):
        tables = overview_tables(overview, progress)
        name = f"oversikt-{overview.grant.year}"
        if overview.as_of:
            name += f"-per-{overview.as_of.isoformat()}"
        if fmt == "csv":
            table = tables[0]
            content = to_csv(table.header, table.rows + table.footer).encode("utf-8")
        else:
            stamp = overview.moment if overview.as_of else last_recorded_change(overview.grant)
            content = to_xlsx(tables, title=tables[0].title, stamp=stamp)
    return ExportFile(f"{name}.{fmt}", FORMATS[fmt], content)


# --- the economic report to Kammarkollegiet ---------------------------------------------


def economic_summary(report: EconomicReport) -> list[tuple[str, Any]]:
    """The report's lines: the account, what is owed part by part, and the repayment."""
    return [
        (_("Received from Kammarkollegiet"), Money(report.received)),
        (_("Paid to the regions"), Money(report.paid_to_regions)),
        (_("Repaid by the regions"), Money(report.repaid_by_regions)),
        (_("Used for administration and follow-up"), Money(report.administration)),
        (_("To be repaid to Kammarkollegiet"), Money(report.to_repay)),
        *[
            (_("of which %(part)s") % {"part": part.label}, Money(part.amount))
            for part in report.owed_parts
        ],
        (_("To be repaid by"), report.due),
        (_("Repaid to Kammarkollegiet"), Money(report.repaid_to_kammarkollegiet)),
        (_("Difference (repaid − to be repaid)"), Money(report.repayment_difference)),
        (_("Does the repayment match?"), report.repayment_verdict),
    ]


def _correction_notes(entry: Entry[Any]) -> str:
    return "; ".join(
        _("Corrected %(date)s by %(amount)s: %(reason)s")
        % {
            "date": formats.day_iso(c.created_at),
            "amount": pdf_value(Money(c.amount)),
            "reason": c.reason,
        }
        for c in entry.corrections
    )


def _correction(entry: Entry[Any]) -> Money | None:
    return Money(entry.correction) if entry.is_corrected else None


def economic_tables(report: EconomicReport) -> list[Table]:
    summary = economic_summary(report)
    summary += [
        (_("The decision's total amount"), Money(report.total_amount)),
        (_("of which to the regions"), Money(report.regions_amount)),
        (_("of which for administration and follow-up"), Money(report.administration_limit)),
        (_("Still owed by the regions"), Money(report.still_owed_by_regions)),
    ]
    return [
        Table(
            title=_("Economic report"),
            header=[_("Item"), _("Amount (kr) or date")],
            rows=[[label, value] for label, value in summary],
        ),
        Table(
            title=_("Requisition"),
            header=[
                _("Date"),
                _("Reference"),
                _("As recorded (kr)"),
                _("Corrections (kr)"),
                _("Amount (kr)"),
                _("Correction"),
            ],
            rows=[
                [
                    e.record.requisitioned_on,
                    e.record.reference,
                    Money(e.recorded),
                    _correction(e),
                    Money(e.amount),
                    _correction_notes(e),
                ]
                for e in report.requisitions
            ],
            footer=[[_("Total"), "", "", "", Money(report.received), ""]],
        ),
        Table(
            title=_("Administration costs"),
            header=[
                _("Date"),
                _("Cost type"),
                _("Description"),
                _("As recorded (kr)"),
                _("Corrections (kr)"),
                _("Amount (kr)"),
                _("Correction"),
            ],
            rows=[
                [
                    e.record.incurred_on,
                    e.record.get_cost_type_display(),
                    e.record.description,
                    Money(e.recorded),
                    _correction(e),
                    Money(e.amount),
                    _correction_notes(e),
                ]
                for e in report.costs
            ],
            footer=[[_("Total"), "", "", "", "", Money(report.administration), ""]],
        ),
        Table(
            title=_("By cost type"),
            header=[_("Cost type"), _("Amount (kr)")],
            rows=[[label, Money(amount)] for _code, label, amount in report.costs_by_type],
            footer=[[_("Total"), Money(report.administration)]],
        ),
        Table(
            title=_("By region"),
            header=[
                _("County code"),
                _("Region"),
                _("Paid (kr)"),
                _("Repaid (kr)"),
                _("Still owed (kr)"),
            ],
            rows=[
                [r.county_code, r.region_name, Money(r.paid), Money(r.repaid), Money(r.outstanding)]
                for r in report.regions
            ],
            footer=[
                [
                    "",
                    _("Total"),
                    Money(report.paid_to_regions),
                    Money(report.repaid_by_regions),
                    Money(report.still_owed_by_regions),
                ]
            ],
            key_columns=2,
        ),
        Table(
            title=_("Repayment"),
            header=[_("Date"), _("Reference"), _("Amount (kr)")],
            rows=[[r.repaid_on, r.reference, Money(r.amount)] for r in report.repayments],
            footer=[[_("Total"), "", Money(report.repaid_to_kammarkollegiet)]],
            note=report.repayment_verdict,
        ),
    ]


def economic_report_export(report: EconomicReport, fmt: str) -> ExportFile:
    with translation.override("sv"):
        title = _("Economic report to Kammarkollegiet")
        tables = economic_tables(report)
        if fmt == "xlsx":
            content = to_xlsx(tables, title=title, stamp=report.stamp)
        else:
            document = PdfDocument(
                title=title,
                subject=report.grant.decision.title,
                header_lines=[
                    _("Grant %(year)s") % {"year": report.grant.year},
                    _reference_line(report.grant),
                    report.grant.decision.appropriation,
                    _stamp_text(report.stamp),
                ],
            )
            document.facts([(label, pdf_value(value)) for label, value in economic_summary(report)])
            document.paragraph(
                _(
                    "To be repaid = received − paid to the regions + repaid by the regions − "
                    "used for administration. The regions still owe %(owed)s; it is repaid to "
                    "Kammarkollegiet when it has come in."
                )
                % {"owed": pdf_value(Money(report.still_owed_by_regions))}
            )
            for table in tables[1:]:
                pdf_table(document, table)
            content = document.render()
    return ExportFile(f"ekonomisk-redovisning-{report.grant.year}.{fmt}", FORMATS[fmt], content)


# --- the report to the ministry ---------------------------------------------------------


def ministry_summary(data: MinistryReportData) -> list[tuple[str, Any]]:
    totals = data.totals
    return [
        (_("Government decision"), _reference(data.grant)),
        (_("Amount to the regions in the decision"), Money(data.grant.decision.regions_amount)),
        (_("Allocated"), Money(totals.allocated)),
        (_("Paid to the regions"), Money(totals.paid)),
        (_("Reported as used"), Money(totals.used)),
        (_("To repay (reported unused and recovery claims)"), Money(totals.claimed)),
        (_("Repaid"), Money(totals.repaid)),
        (_("Still to be repaid"), Money(totals.outstanding)),
        (_("Regions paid"), data.regions_paid),
        (_("Reports received"), data.reports_received),
        (_("Reports approved"), data.reports_approved),
        (_("Late or missing reports"), len(data.late_or_missing)),
        (_("Open claims"), len(data.open_claims)),
        *audit_trail_rows(data),
    ]


def audit_trail_rows(data: MinistryReportData) -> list[tuple[str, Any]]:
    if data.audit_head is None:
        return []
    return [
        (_("Audit trail: newest event"), data.audit_head.event_id),
        (_("Audit trail: its hash"), data.audit_head.hash),
    ]


def _topic_label(code: str) -> str:
    if code in Perspective.values:
        return str(Perspective(code).label)
    return str(Purpose(code).label)


def ministry_tables(data: MinistryReportData) -> list[Table]:
    totals = data.totals
    amounts = [
        _("Allocated (kr)"),
        _("Paid (kr)"),
        _("Reported used (kr)"),
        _("To repay (kr)"),
        _("Repaid (kr)"),
        _("Outstanding (kr)"),
    ]

    def figures(row: Any) -> list[Money]:
        return [
            Money(row.allocated),
            Money(row.paid),
            Money(row.used),
            Money(row.claimed),
            Money(row.repaid),
            Money(row.outstanding),
        ]

    return [
        Table(
            title=_("Summary"),
            header=[_("Item"), _("Value")],
            rows=[[label, value] for label, value in ministry_summary(data)],
        ),
        Table(
            title=_("Amounts per region"),
            header=[_("County code"), _("Region"), *amounts],
            rows=[[r.county_code, r.region_name, *figures(r)] for r in data.regions],
            footer=[["", _("Total"), *figures(totals)]],
            key_columns=2,
        ),
        Table(
            title=_("Purposes"),
            header=[
                _("Purpose"),
                _("Number of regions"),
                _("Amount stated (kr)"),
                _("Regions stating no amount"),
            ],
            rows=[
                [str(Purpose(c.code).label), c.regions, Money(c.amount), c.regions_without_amount]
                for c in data.purposes
            ],
            footer=[[_("Total stated per purpose"), "", Money(data.purpose_amount_total), ""]],
            note=_(
                "The regions reported %(used)s as used; %(stated)s of it is stated per purpose. "
                "A region may name several purposes and need not state an amount for each."
            )
            % {
                "used": pdf_value(Money(totals.used)),
                "stated": pdf_value(Money(data.purpose_amount_total)),
            },
        ),
        Table(
            title=_("Target groups"),
            header=[_("Target group"), _("Number of regions"), _("Used by those regions (kr)")],
            rows=[
                [str(TargetGroup(c.code).label), c.regions, Money(c.amount)]
                for c in data.target_groups
            ],
            note=_("A region may name several target groups, so the amounts overlap."),
        ),
        Table(
            title=_("Perspectives"),
            header=[
                _("Perspective"),
                _("Regions describing how it was considered"),
                _("Used by those regions (kr)"),
            ],
            rows=[
                [str(Perspective(c.code).label), c.regions, Money(c.amount)]
                for c in data.perspectives
            ],
        ),
        Table(
            title=_("Descriptions"),
            header=[_("County code"), _("Region"), _("About"), _("Amount (kr)"), _("Excerpt")],
            rows=[
                [e.county_code, e.region_name, _topic_label(e.topic), money(e.amount), e.text]
                for e in data.excerpts
            ],
            key_columns=3,
            row_header=1,
            folded=True,
        ),
        Table(
            title=_("Late and missing reports"),
            header=[
                _("County code"),
                _("Region"),
                _("State"),
                _("Deadline"),
                _("Received"),
                _("Paid (kr)"),
            ],
            rows=[
                [
                    r.county_code,
                    r.region_name,
                    str(ReportState(r.state).label),
                    r.deadline,
                    r.received_at,
                    Money(r.paid),
                ]
                for r in data.late_or_missing
            ],
            key_columns=3,
            row_header=1,
        ),
        Table(
            title=_("Open claims"),
            header=[
                _("County code"),
                _("Region"),
                _("Kind"),
                _("Ground"),
                _("Due date"),
                _("Amount (kr)"),
                _("Repaid (kr)"),
                _("Outstanding (kr)"),
            ],
            rows=[
                [
                    c.county_code,
                    c.region_name,
                    str(ClaimKind(c.kind).label),
                    str(ClaimGround(c.ground).label),
                    c.due_date,
                    Money(c.amount),
                    Money(c.repaid),
                    Money(c.outstanding),
                ]
                for c in data.open_claims
            ],
            key_columns=3,
            row_header=1,
        ),
    ]


def ministry_report_export(data: MinistryReportData, fmt: str) -> ExportFile:
    with translation.override("sv"):
        title = _("Report on the mission: state grant to the regions %(year)s") % {
            "year": data.grant.year
        }
        tables = ministry_tables(data)
        assessment = data.assessment or _("The assessment has not been written yet.")
        if fmt == "xlsx":
            assessment_table = Table(
                title=_("Assessment"),
                header=[_("Socialstyrelsen's assessment")],
                rows=[[assessment]],
            )
            content = to_xlsx(
                [tables[0], assessment_table, *tables[1:]], title=title, stamp=data.stamp
            )
        elif fmt == "csv":
            header = [_("Part"), _("Row"), _("Figure"), _("Value")]
            # The long form keeps figures only; the hash is text, so it gets a line of its own.
            hashes = [
                [tables[0].title, "", label, value] for label, value in audit_trail_rows(data)[1:]
            ]
            content = to_long_csv(tables, header, extra=hashes).encode("utf-8")
        else:
            document = PdfDocument(
                title=title,
                subject=data.grant.decision.title,
                header_lines=[
                    _("To the Government Offices (Ministry of Health and Social Affairs)"),
                    _reference_line(data.grant),
                    data.grant.decision.title,
                    _stamp_text(data.stamp),
                ],
            )
            document.heading(_("Socialstyrelsen's assessment")).paragraph(assessment)
            document.heading(_("Summary"))
            document.facts([(label, pdf_value(value)) for label, value in ministry_summary(data)])
            for table in tables[1:]:
                pdf_table(document, table)
            content = document.render()
    return ExportFile(
        f"redovisning-till-regeringskansliet-{data.grant.year}.{fmt}", FORMATS[fmt], content
    )
