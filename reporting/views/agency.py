"""The agency's own reporting: the economic report to Kammarkollegiet (with the agency's
requisition and administration costs) and the report on the mission to the ministry.
Officers and auditors read; only officers record."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import StaffRequiredMixin
from accounts.permissions import is_officer
from core import clock
from core.forms import apply_service_errors
from core.money import format_kronor
from grants.models import DeadlineKind, Grant
from grants.selectors import grant_for_year
from records.anchors import anchor_printed

from .. import selectors, services
from ..documents import (
    economic_report_export,
    economic_tables,
    ministry_report_export,
    ministry_summary,
    ministry_tables,
)
from ..forms import AdministrationCostForm, AgencyRequisitionForm, AssessmentForm
from ..kammarkollegiet import economic_report
from ..ministry import ministry_report_data
from .files import file_response


class KammarkollegietView(StaffRequiredMixin, View):
    template_name = "reporting/kammarkollegiet.html"

    def _render(self, request: HttpRequest, grant: Grant, **forms: Any) -> HttpResponse:
        report = economic_report(grant)
        return render(
            request,
            self.template_name,
            {
                "grant": grant,
                "report": report,
                "tables": economic_tables(report),
                "can_edit": is_officer(request.user),
                "requisition_form": forms.get("requisition_form")
                or AgencyRequisitionForm(prefix="requisition"),
                "cost_form": forms.get("cost_form")
                or AdministrationCostForm(prefix="cost", initial={"date": clock.today()}),
                "today": clock.today(),
            },
        )

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        return self._render(request, grant_for_year(year, decided_only=True))

    def post(self, request: HttpRequest, year: int) -> HttpResponse:
        if not is_officer(request.user):
            raise PermissionDenied
        grant = grant_for_year(year, decided_only=True)
        if request.POST.get("form") == "requisition":
            form = AgencyRequisitionForm(request.POST, prefix="requisition")
            if form.is_valid():
                try:
                    services.agency_requisition_record(
                        grant=grant,
                        requisitioned_on=form.cleaned_data["date"],
                        amount=form.cleaned_data["amount"],
                        reference=form.cleaned_data["reference"],
                        actor=request.user,
                    )
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("The requisition of %(amount)s from Kammarkollegiet is recorded.")
                        % {"amount": format_kronor(form.cleaned_data["amount"])},
                    )
                    return redirect("reporting:kammarkollegiet", year=grant.year)
            return self._render(request, grant, requisition_form=form)
        cost_form = AdministrationCostForm(request.POST, prefix="cost")
        if cost_form.is_valid():
            try:
                services.administration_cost_record(
                    grant=grant,
                    incurred_on=cost_form.cleaned_data["date"],
                    amount=cost_form.cleaned_data["amount"],
                    description=cost_form.cleaned_data["description"],
                    cost_type=cost_form.cleaned_data["cost_type"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(cost_form, error)
            else:
                messages.success(
                    request,
                    _("The administration cost of %(amount)s is recorded.")
                    % {"amount": format_kronor(cost_form.cleaned_data["amount"])},
                )
                return redirect("reporting:kammarkollegiet", year=grant.year)
        return self._render(request, grant, cost_form=cost_form)


class KammarkollegietExportView(StaffRequiredMixin, View):
    fmt = "pdf"

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        grant = grant_for_year(year, decided_only=True)
        return file_response(economic_report_export(economic_report(grant), self.fmt))


class MinistryReportView(StaffRequiredMixin, View):
    template_name = "reporting/ministry_report.html"

    def _render(self, request: HttpRequest, grant: Grant, form: Any = None) -> HttpResponse:
        data = ministry_report_data(grant)
        return render(
            request,
            self.template_name,
            {
                "grant": grant,
                "data": data,
                "summary": ministry_summary(data),
                "tables": ministry_tables(data)[1:],
                "deadline": selectors.deadline(grant, DeadlineKind.MINISTRY_REPORT),
                "today": clock.today(),
                "can_edit": is_officer(request.user),
                "form": form or AssessmentForm(initial={"assessment": data.assessment}),
            },
        )

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        return self._render(request, grant_for_year(year, decided_only=True))

    def post(self, request: HttpRequest, year: int) -> HttpResponse:
        if not is_officer(request.user):
            raise PermissionDenied
        grant = grant_for_year(year, decided_only=True)
        form = AssessmentForm(request.POST)
        if form.is_valid():
            try:
                services.ministry_assessment_set(
                    grant=grant, text=form.cleaned_data["assessment"], actor=request.user
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The assessment is saved."))
                return redirect("reporting:ministry", year=grant.year)
        return self._render(request, grant, form)


class MinistryReportExportView(StaffRequiredMixin, View):
    fmt = "pdf"

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        grant = grant_for_year(year, decided_only=True)
        data = ministry_report_data(grant)
        anchor_printed(data.audit_head)
        return file_response(ministry_report_export(data, self.fmt))
