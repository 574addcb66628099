"""The agency's own reporting: the economic report to Kammarkollegiet (with the agency's
requisition and administration costs) and the report on the mission to the ministry.
Officers and auditors read; only officers record."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import StaffRequiredMixin
from accounts.permissions import is_officer
from core import clock, formats
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
from ..forms import (
    AdministrationCostForm,
    AgencyRepaymentForm,
    AgencyRequisitionForm,
    AssessmentForm,
    CorrectionForm,
)
from ..kammarkollegiet import EconomicReport, economic_report
from ..ministry import ministry_report_data
from ..models import AdministrationCost, AgencyRequisition
from .files import file_response


def _entry_choices(report: EconomicReport, kind: str) -> list[tuple[int, str]]:
    """The recorded requisitions or costs an officer may correct, as the page lists them."""
    choices = []
    for entry in report.requisitions if kind == "requisition" else report.costs:
        record = entry.record
        if isinstance(record, AgencyRequisition):
            day, text = record.requisitioned_on, record.reference
        else:
            day, text = record.incurred_on, record.description
        choices.append(
            (record.pk, f"{formats.day_iso(day)} · {text} · {formats.amount(entry.amount)}")
        )
    return choices


class KammarkollegietView(StaffRequiredMixin, View):
    """The economic report with the agency's own records: its requisition, administration
    costs, repayment, and corrections of the first two. Each form posts ``form`` to say which
    it is."""

    template_name = "reporting/kammarkollegiet.html"

    def _forms(self, report: EconomicReport, data: Any = None) -> dict[str, forms.Form]:
        return {
            "requisition": AgencyRequisitionForm(data, prefix="requisition"),
            "cost": AdministrationCostForm(data, prefix="cost", initial={"date": clock.today()}),
            "repayment": AgencyRepaymentForm(
                data, prefix="repayment", initial={"date": clock.today()}
            ),
            "requisition-correction": CorrectionForm(
                data,
                prefix="requisition-correction",
                entries=_entry_choices(report, "requisition"),
                entry_label=_("Requisition to correct"),
            ),
            "cost-correction": CorrectionForm(
                data,
                prefix="cost-correction",
                entries=_entry_choices(report, "cost"),
                entry_label=_("Cost to correct"),
            ),
        }

    def _render(
        self,
        request: HttpRequest,
        grant: Grant,
        report: EconomicReport | None = None,
        bound: tuple[str, forms.Form] | None = None,
    ) -> HttpResponse:
        report = report or economic_report(grant)
        page_forms = self._forms(report)
        if bound is not None:
            page_forms[bound[0]] = bound[1]
        return render(
            request,
            self.template_name,
            {
                "grant": grant,
                "report": report,
                "tables": economic_tables(report),
                "can_edit": is_officer(request.user),
                "requisition_form": page_forms["requisition"],
                "cost_form": page_forms["cost"],
                "repayment_form": page_forms["repayment"],
                "requisition_correction_form": page_forms["requisition-correction"],
                "cost_correction_form": page_forms["cost-correction"],
                "today": clock.today(),
            },
        )

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        return self._render(request, grant_for_year(year, decided_only=True))

    def post(self, request: HttpRequest, year: int) -> HttpResponse:
        if not is_officer(request.user):
            raise PermissionDenied
        grant = grant_for_year(year, decided_only=True)
        report = economic_report(grant)
        which = request.POST.get("form")
        if which not in RECORDERS:
            which = "cost"
        form = self._forms(report, request.POST)[which]
        if form.is_valid():
            try:
                message = RECORDERS[which](grant, form.cleaned_data, request.user)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect("reporting:kammarkollegiet", year=grant.year)
        return self._render(request, grant, report, (which, form))


def _record_requisition(grant: Grant, data: dict[str, Any], actor: Any) -> str:
    services.agency_requisition_record(
        grant=grant,
        requisitioned_on=data["date"],
        amount=data["amount"],
        reference=data["reference"],
        actor=actor,
    )
    return _("The requisition of %(amount)s from Kammarkollegiet is recorded.") % {
        "amount": format_kronor(data["amount"])
    }


def _record_cost(grant: Grant, data: dict[str, Any], actor: Any) -> str:
    services.administration_cost_record(
        grant=grant,
        incurred_on=data["date"],
        amount=data["amount"],
        description=data["description"],
        cost_type=data["cost_type"],
        actor=actor,
    )
    return _("The administration cost of %(amount)s is recorded.") % {
        "amount": format_kronor(data["amount"])
    }


def _record_repayment(grant: Grant, data: dict[str, Any], actor: Any) -> str:
    services.agency_repayment_record(
        grant=grant,
        repaid_on=data["date"],
        amount=data["amount"],
        reference=data["reference"],
        actor=actor,
    )
    return _("The repayment of %(amount)s to Kammarkollegiet is recorded.") % {
        "amount": format_kronor(data["amount"])
    }


def _correct_requisition(grant: Grant, data: dict[str, Any], actor: Any) -> str:
    requisition = AgencyRequisition.objects.filter(grant=grant, pk=data["entry"]).first()
    if requisition is None:
        raise ValidationError({"entry": _("Choose one of the recorded entries.")})
    services.agency_requisition_correct(
        requisition=requisition, amount=data["amount"], reason=data["reason"], actor=actor
    )
    return _("The requisition is corrected to %(amount)s.") % {
        "amount": format_kronor(data["amount"])
    }


def _correct_cost(grant: Grant, data: dict[str, Any], actor: Any) -> str:
    cost = AdministrationCost.objects.filter(grant=grant, pk=data["entry"]).first()
    if cost is None:
        raise ValidationError({"entry": _("Choose one of the recorded entries.")})
    services.administration_cost_correct(
        cost=cost, amount=data["amount"], reason=data["reason"], actor=actor
    )
    return _("The administration cost is corrected to %(amount)s.") % {
        "amount": format_kronor(data["amount"])
    }


RECORDERS: dict[str, Callable[[Grant, dict[str, Any], Any], str]] = {
    "requisition": _record_requisition,
    "cost": _record_cost,
    "repayment": _record_repayment,
    "requisition-correction": _correct_requisition,
    "cost-correction": _correct_cost,
}


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
