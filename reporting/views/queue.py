"""The officers' queues as files (CSV or XLSX): the requisition queue and a grant's report
queue, each with the filters and the order of the page it is downloaded from. Officers and
auditors; nothing here changes anything."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import StaffRequiredMixin
from core import clock
from grants.selectors import grant_for_year
from reports import selectors as report_selectors
from requisitions.selectors import queue_filters, requisition_queue

from ..documents import ExportFile
from ..exports import CSV_TYPE, XLSX_TYPE, Table, money, to_csv, to_xlsx
from .files import file_response


def queue_table(params: Any) -> Table:
    header = [
        _("Region"),
        _("County code"),
        _("Grant"),
        _("Status"),
        _("Received"),
        _("Amount requisitioned"),
        _("Allocation"),
        _("Late"),
    ]
    rows = [
        [
            requisition.case.region.name,
            requisition.case.region.county_code,
            requisition.case.grant.year,
            requisition.get_status_display(),
            requisition.submitted_at,
            money(requisition.amount),
            money(requisition.allocation_amount),
            _("Yes") if requisition.is_late else _("No"),
        ]
        for requisition in requisition_queue(**queue_filters(params))
    ]
    return Table(title=_("Requisitions"), header=header, rows=rows)


class QueueExportView(StaffRequiredMixin, View):
    fmt = "csv"

    def get(self, request: HttpRequest) -> HttpResponse:
        # Files are in Swedish, like every document the agency issues.
        with translation.override("sv"):
            table = queue_table(request.GET)
            filename = f"rekvisitioner-{clock.today().isoformat()}.{self.fmt}"
            if self.fmt == "xlsx":
                content = to_xlsx([table], title=table.title, stamp=clock.now())
                return file_response(ExportFile(filename, XLSX_TYPE, content))
            text = to_csv(table.header, table.rows)
            return file_response(ExportFile(filename, CSV_TYPE, text.encode("utf-8")))


def report_queue_table(grant: Any, params: Any) -> Table:
    header = [
        _("Region"),
        _("County code"),
        _("Status"),
        _("Late"),
        _("Last received"),
        _("Paid"),
        _("Used"),
        _("Not used"),
    ]
    rows = [
        [
            row.case.region.name,
            row.case.region.county_code,
            row.status_label,
            _("Yes") if row.latest and row.latest.is_late else _("No"),
            row.latest.submitted_at if row.latest else None,
            money(row.disbursed),
            money(row.latest.amount_used) if row.latest else None,
            money(row.latest.amount_unused) if row.latest else None,
        ]
        for row in report_selectors.sorted_report_queue(
            grant, **report_selectors.queue_filters(params)
        )
    ]
    title = _("Reports %(year)s") % {"year": grant.year}
    return Table(title=title, header=header, rows=rows)


class ReportQueueExportView(StaffRequiredMixin, View):
    fmt = "csv"

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        grant = grant_for_year(year, decided_only=True)
        with translation.override("sv"):
            table = report_queue_table(grant, request.GET)
            filename = f"redovisningar-{grant.year}-{clock.today().isoformat()}.{self.fmt}"
            if self.fmt == "xlsx":
                content = to_xlsx([table], title=table.title, stamp=clock.now())
                return file_response(ExportFile(filename, XLSX_TYPE, content))
            text = to_csv(table.header, table.rows)
            return file_response(ExportFile(filename, CSV_TYPE, text.encode("utf-8")))
