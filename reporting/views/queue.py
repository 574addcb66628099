"""The officers' requisition queue as a file (CSV or XLSX), with the filters and the order
of the page it is downloaded from. Officers and auditors; nothing here changes anything."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import StaffRequiredMixin
from core import clock
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
