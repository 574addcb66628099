"""The region's report: the form (draft and submission) and every submitted version."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts import permissions
from core import page_cache
from core.forms import apply_service_errors
from grants.models import CaseStatus, Grant
from repayments.services import CaseClosed, disbursed_amount
from requisitions.views.region import RegionCaseMixin

from .. import selectors, services
from ..forms import ReportForm
from ..models import Purpose, Report, TargetGroup


def initial_from(report: Report | None, grant: Grant) -> dict[str, Any]:
    """The form as saved; a new report is offered the grant's whole period of use."""
    if report is None:
        return {"version": 0, "period_from": grant.use_from, "period_to": grant.use_to}
    initial: dict[str, Any] = {
        "version": report.version,
        "amount_used": report.amount_used,
        "period_from": report.period_from,
        "period_to": report.period_to,
        "bookkeeping": report.bookkeeping,
        "certifier_name": report.certifier_name,
        "certifier_title": report.certifier_title,
        "certified": report.certified,
        "target_groups": list(report.target_groups),
        "gender_equality": report.gender_equality,
        "child_rights": report.child_rights,
        "disability": report.disability,
    }
    for purpose in report.purposes.all():
        initial[f"{purpose.purpose}_selected"] = True
        initial[f"{purpose.purpose}_amount"] = purpose.amount
        initial[f"{purpose.purpose}_description"] = purpose.description
    return initial


class ReportFormView(RegionCaseMixin, View):
    template_name = "reports/report_form.html"

    def _context(
        self, form: ReportForm | None, report: Report | None, **extra: Any
    ) -> dict[str, Any]:
        return {
            "region": self.region,
            "grant": self.grant,
            "case": self.case,
            "form": form,
            "report": report,
            "versions": selectors.report_versions(report) if report and report.pk else [],
            "received": self.received,
            "deadline": services.report_deadline(self.case),
            "can_submit": permissions.can_submit_for_region(self.request.user, self.region),
            "can_prepare": permissions.can_prepare_for_region(self.request.user, self.region),
            "completion": report.completion_requests.select_related("document").first()
            if report and report.pk
            else None,
            **extra,
        }

    def _form(self, report: Report | None, data: Any = None) -> ReportForm:
        return ReportForm(data, initial=initial_from(report, self.grant), received=self.received)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return page_cache.serve(
            request, self._show, page_cache.region_page_scopes(self.region.pk)
        )

    def _show(self) -> HttpResponse:
        request = self.request
        self.setup_case()
        self.received = disbursed_amount(self.case)
        report = selectors.report_for_case(self.case)
        editable = (
            self.received
            and (report is None or report.is_editable)
            and self.case.status == CaseStatus.OPEN
        )
        form = (
            self._form(report)
            if editable and permissions.can_prepare_for_region(request.user, self.region)
            else None
        )
        return render(request, self.template_name, self._context(form, report))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        if not permissions.can_prepare_for_region(request.user, self.region):
            raise PermissionDenied
        submitting = request.POST.get("action") == "submit"
        if submitting and not permissions.can_submit_for_region(request.user, self.region):
            raise PermissionDenied
        self.received = disbursed_amount(self.case)
        if not self.received:
            raise Http404("nothing to report")
        report = selectors.report_for_case(self.case)
        form = self._form(report, request.POST)
        if form.is_valid() and submitting:
            form.require_all()
        if not form.is_valid():
            return render(request, self.template_name, self._context(form, report))
        service = services.report_submit if submitting else services.report_save_draft
        try:
            service(
                case=self.case,
                data=form.to_data(),
                version=form.cleaned_data["version"],
                actor=request.user,
            )
        except services.AlreadySubmitted:
            messages.info(
                request, _("The report has already been submitted and is being reviewed.")
            )
            return redirect(
                "reports:form", county_code=self.region.county_code, year=self.grant.year
            )
        except services.EditConflict as conflict:
            data = request.POST.copy()
            data["version"] = str(conflict.current.version)
            current = selectors.report_for_case(self.case)
            form = ReportForm(
                data, initial=initial_from(current, self.grant), received=self.received
            )
            form.is_valid()
            return render(
                request, self.template_name, self._context(form, current, conflict=conflict.current)
            )
        except CaseClosed as error:
            messages.error(request, error.messages[0])
            return redirect(
                "reports:form", county_code=self.region.county_code, year=self.grant.year
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return render(request, self.template_name, self._context(form, report))
        if submitting:
            messages.success(request, _("The report is submitted. Socialstyrelsen will review it."))
        else:
            messages.success(request, _("The draft is saved. It has not been submitted."))
        return redirect("reports:form", county_code=self.region.county_code, year=self.grant.year)


class ReportVersionView(RegionCaseMixin, View):
    def get(self, request: HttpRequest, *args: Any, number: int, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        report = selectors.report_for_case(self.case)
        version = (
            report.versions.filter(number=number).select_related("submitted_by").first()
            if report
            else None
        )
        if version is None:
            raise Http404("no such version")
        return render(
            request,
            "reports/report_version.html",
            {
                "region": self.region,
                "grant": self.grant,
                "version": version,
                "content": version_content(version),
            },
        )


def version_content(version: Any) -> dict[str, Any]:
    """A frozen version's content with labels for display."""
    content = dict(version.content)
    labels = dict(Purpose.choices)
    content["purposes"] = [
        {**p, "label": labels.get(p["purpose"], p["purpose"])} for p in content.get("purposes", [])
    ]
    groups = dict(TargetGroup.choices)
    content["target_group_labels"] = [groups.get(g, g) for g in content.get("target_groups", [])]
    return content
