"""Officers: the report queue per grant and the review of one region's report."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import OfficerRequiredMixin, StaffRequiredMixin
from accounts.permissions import is_officer
from core.confirm import Confirmation, confirmation_page, is_confirmed
from core.forms import apply_service_errors
from core.money import format_kronor
from core.sorting import sort_columns
from grants.mixins import StaffCaseMixin
from grants.selectors import current_grant, grant_for_year
from notifications.services import rehearse_telling
from records.selectors import case_documents

from .. import selectors, services
from ..forms import CompletionRequestForm
from ..models import ReportStatus
from .region import version_content


class NewestReportQueueView(StaffRequiredMixin, View):
    """The menu's "Reports": the queue of the newest decided round (the menu links here so
    that no page has to look that round up to draw its menu)."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        grant = current_grant()
        if grant is None:
            messages.info(request, _("No grant has been decided yet, so there are no reports."))
            return redirect("grants:list")
        return redirect("reports:queue", year=grant.year)


class ReportQueueView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        grant = grant_for_year(year, decided_only=True)
        chosen = selectors.queue_filters(request.GET)
        status, sort = chosen["status"], chosen["sort"]
        filters = {"status": status} if status else {}
        columns = [
            ("region", _("Region")),
            ("status", _("Status")),
            ("received", _("Last received")),
            ("paid", _("Paid")),
            ("used", _("Used")),
            ("unused", _("Not used")),
        ]
        return render(
            request,
            "reports/officer_queue.html",
            {
                "grant": grant,
                "rows": selectors.sorted_report_queue(grant, **chosen),
                "columns": sort_columns(columns, sort, filters, numeric=("paid", "used", "unused")),
                "sort": sort,
                "status": status,
                "statuses": list(selectors.QUEUE_STATUS_LABELS.items()),
                "filter_query": urlencode({k: v for k, v in chosen.items() if v}),
                "deadline": services.report_deadline_for_grant(grant),
            },
        )


class ReportReviewView(StaffCaseMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        return self.render(request)

    def render(self, request: HttpRequest, **extra: Any) -> HttpResponse:
        report = selectors.report_for_case(self.case)
        versions = list(selectors.report_versions(report)) if report else []
        wanted = request.GET.get("version")
        shown = next(
            (v for v in versions if str(v.number) == wanted), versions[0] if versions else None
        )
        return render(
            request,
            "reports/officer_review.html",
            {
                "grant": self.grant,
                "region": self.region,
                "case": self.case,
                "report": report,
                "versions": versions,
                "shown": shown,
                "content": version_content(shown) if shown else None,
                "documents": case_documents(self.grant.pk, self.region.pk),
                "can_act": is_officer(request.user)
                and report is not None
                and report.status == ReportStatus.SUBMITTED,
                "completion_form": extra.pop("completion_form", None) or CompletionRequestForm(),
                **extra,
            },
        )


class ReportApproveView(OfficerRequiredMixin, ReportReviewView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        report = selectors.report_for_case(self.case)
        if report is None:
            return self.render(request, action_error=[_("There is no report.")])
        try:
            if not is_confirmed(request):
                told = rehearse_telling(
                    lambda: services.report_approve(report=report, actor=request.user),
                    lambda approved, told: told,
                )
                return confirmation_page(request, self._confirmation(report, told))
            services.report_approve(report=report, actor=request.user)
        except ValidationError as error:
            return self.render(request, action_error=error.messages)
        messages.success(request, _("The report is approved and the region is told."))
        return redirect("reports:review", year=self.grant.year, county_code=self.region.county_code)

    def _confirmation(self, report: Any, told: list[str]) -> Confirmation:
        versions = list(selectors.report_versions(report))
        latest = versions[0] if versions else None
        facts = [
            (_("Region"), self.region.name),
            (_("Grant"), f"{self.grant.year}, {self.grant.decision.diarienummer}"),
        ]
        if latest is not None:
            facts += [
                (_("Version"), str(latest.number)),
                (_("Amount received"), format_kronor(latest.amount_received)),
                (_("Amount used"), format_kronor(latest.amount_used)),
                (_("Amount not used, to be repaid"), format_kronor(latest.amount_unused)),
            ]
        return Confirmation(
            title=_("Approve the report from %(region)s") % {"region": self.region.name},
            summary=_(
                "The report is approved and the region is told. An amount not used is then "
                "to be repaid."
            ),
            button=_("Approve the report"),
            cancel_url=reverse(
                "reports:review",
                kwargs={"year": self.grant.year, "county_code": self.region.county_code},
            ),
            facts=facts,
            told=told,
        )


class ReportCompletionView(OfficerRequiredMixin, ReportReviewView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        report = selectors.report_for_case(self.case)
        form = CompletionRequestForm(request.POST)
        if report is not None and form.is_valid():
            try:
                services.report_request_completion(
                    report=report, message=form.cleaned_data["message"], actor=request.user
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    return self.render(request, action_error=error.messages)
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The completion request is sent to the region."))
                return redirect(
                    "reports:review", year=self.grant.year, county_code=self.region.county_code
                )
        return self.render(request, completion_form=form)
