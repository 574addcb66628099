"""The audit trail for auditors and officers: every event, filtered, a page at a time, and
the same selection as CSV or XLSX. Read only: the view answers GET and nothing else."""

import datetime as dt
import json
import re
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import StaffRequiredMixin
from core import clock, formats
from core.params import whole_number
from grants.models import Grant
from records.models import AuditAction, AuditEvent
from records.selectors import audit_actors, audit_trail
from regions.models import Region

from ..documents import FORMATS, ExportFile
from ..exports import Table, to_csv, to_xlsx
from .files import file_response

PAGE_SIZE = 50
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: object) -> dt.date | None:
    """An ISO date (as a date field sends it), or None for anything else."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class AuditTrailView(StaffRequiredMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        params = request.GET
        action = params.get("action") if params.get("action") in AuditAction.values else None
        selected: dict[str, Any] = {
            "region": whole_number(params.get("region")),
            "grant": whole_number(params.get("grant")),
            "action": action,
            "person": whole_number(params.get("person")),
            "fran": _date(params.get("fran")),
            "till": _date(params.get("till")),
        }
        errors = {
            name: _("Enter a date as YYYY-MM-DD, for example %(example)s.")
            % {"example": formats.day_iso(clock.today())}
            for name in ("fran", "till")
            if params.get(name) and selected[name] is None
        }
        if selected["fran"] and selected["till"] and selected["till"] < selected["fran"]:
            errors["till"] = _("The last day must not be before the first day.")
            selected["till"] = None
        events = audit_trail(
            region_id=selected["region"],
            grant_id=selected["grant"],
            action=action,
            actor_id=selected["person"],
            since=_start_of(selected["fran"]) if selected["fran"] else None,
            before=_start_of(selected["till"] + dt.timedelta(days=1)) if selected["till"] else None,
        )
        fmt = params.get("format")
        if fmt in ("csv", "xlsx"):
            return file_response(trail_export(events, fmt))
        filters = {
            name: value.isoformat() if isinstance(value, dt.date) else value
            for name, value in selected.items()
            if value
        }
        page = Paginator(events, PAGE_SIZE).get_page(params.get("sida"))
        return render(
            request,
            "reporting/audit_trail.html",
            {
                "page_obj": page,
                "events": page.object_list,
                "selected": selected,
                "errors": errors,
                "filter_query": urlencode(filters),
                "regions": Region.objects.all(),
                "grants": Grant.objects.order_by("-year").only("pk", "year"),
                "actions": sorted(AuditAction.choices, key=lambda choice: str(choice[1])),
                "people": audit_actors(),
            },
        )


def trail_table(events: Any) -> Table:
    header = [
        _("Time"),
        _("Event"),
        _("By"),
        _("Object"),
        _("Grant"),
        _("Region"),
        _("Reason"),
        _("Details"),
        _("Hash"),
    ]
    rows: list[list[Any]] = [
        [
            event.occurred_at,
            event.action_label,
            event.actor_label,
            event.target_label,
            event.grant.year if event.grant else None,
            event.region.name if event.region else None,
            event.reason,
            json.dumps(event.data, ensure_ascii=False, sort_keys=True) if event.data else "",
            event.hash,
        ]
        for event in events.iterator(chunk_size=2000)
    ]
    return Table(title=_("Audit trail"), header=header, rows=rows)


def trail_export(events: Any, fmt: str) -> ExportFile:
    """The selected events, in Swedish whatever the interface language."""
    with translation.override("sv"):
        table = trail_table(events)
        if fmt == "csv":
            content = to_csv(table.header, table.rows).encode("utf-8")
        else:
            newest: AuditEvent | None = events.first()
            content = to_xlsx(
                [table], title=table.title, stamp=newest.occurred_at if newest else None
            )
    return ExportFile(f"handelselogg.{fmt}", FORMATS[fmt], content)
