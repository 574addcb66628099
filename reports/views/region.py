"""The region's report: the form (draft and submission) and every submitted version."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from accounts import permissions
from core import page_cache
from core.forms import apply_service_errors
from grants.models import CaseStatus, Deadline, Grant
from repayments.services import CaseClosed, disbursed_amount
from requisitions.views.region import RegionCaseMixin
from signatures import services as signing
from signatures import views as signature_views
from signatures.models import SignedKind

from .. import selectors, services
from ..forms import ReportForm
from ..models import Purpose, Report, ReportStatus, TargetGroup


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

    @cached_property
    def deadline(self) -> Deadline | None:
        return services.report_deadline(self.case)

    def _context(
        self,
        form: ReportForm | None,
        report: Report | None,
        versions: list[selectors.VersionLine] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        if versions is None:
            # Read with the report (its prefetched versions), newest first.
            versions = (
                [
                    selectors.VersionLine.of(version)
                    for version in sorted(report.versions.all(), key=lambda v: -v.number)
                ]
                if report and report.pk
                else []
            )
        return {
            "region": self.region,
            "grant": self.grant,
            "case": self.case,
            "form": form,
            "report": report,
            "versions": versions,
            "received": self.received,
            "deadline": self.deadline,
            "can_submit": permissions.can_submit_for_region(self.request.user, self.region),
            "can_prepare": permissions.can_prepare_for_region(self.request.user, self.region),
            "signing": signing.signing_required(self.request.user),
            # The page shows the request only while the report waits for its completion.
            "completion": report.completion_requests.select_related("document").first()
            if report and report.pk and report.status == ReportStatus.COMPLETION_REQUESTED
            else None,
            **extra,
        }

    def _form(self, report: Report | None, data: Any = None) -> ReportForm:
        return ReportForm(data, initial=initial_from(report, self.grant), received=self.received)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if signature_views.RETURN_SESSION_KEY in request.session:
            # Back from a signature that was refused: the form as it was, with what was wrong.
            self.setup_case()
            returned = signature_views.take_return(request, SignedKind.REPORT, self.case)
            if returned is not None:
                return self._show_returned(*returned)
        return page_cache.serve(request, self._show, page_cache.region_page_scopes(self.region.pk))

    def _show_returned(self, pending: Any, errors: dict[str, Any], message: str) -> HttpResponse:
        self.received = disbursed_amount(self.case)
        report = selectors.report_for_case(self.case)
        form = self._form(report, pending.form_query())
        form.is_valid()
        for field, field_errors in errors.items():
            for error in field_errors:
                form.add_error(field if field in form.fields else None, error)
        if message:
            form.add_error(None, message)
        return render(self.request, self.template_name, self._context(form, report))

    def _show(self) -> HttpResponse:
        request = self.request
        # The case, what was received, the deadline, the report and its versions: one query.
        page = selectors.report_form_page(self.kwargs["year"], self.region.pk)
        self.case = page.case
        self.case.region = self.region
        self.grant = self.case.grant
        self.received = page.received
        self.__dict__["deadline"] = page.deadline  # the cached property, already read
        report = page.report
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
        return render(request, self.template_name, self._context(form, report, page.versions))

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
        if submitting and signing.signing_required(request.user):
            # Submitted by signing (signatures/): finish_signed_report submits it on return.
            received = report.amount_received if report is not None and report.pk else self.received
            return signature_views.start_signing(
                request,
                kind=SignedKind.REPORT,
                case=self.case,
                content=signing.report_content(
                    case=self.case, content=services.content_for(form.to_data(), received)
                ),
            )
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


def finish_signed_report(request: HttpRequest, pending: Any, result: Any) -> HttpResponse:
    """Back from the e-ID broker with a signature (signatures.views.finish_signing): submit the
    kept version through the submit service, with the signature, in one transaction."""
    case = pending.case
    if not permissions.can_submit_for_region(request.user, case.region):
        raise PermissionDenied
    view = ReportFormView()
    view.setup(request, county_code=case.region.county_code, year=case.grant.year)
    view.region = case.region
    view.setup_case()
    view.received = disbursed_amount(view.case)
    back = {"to": "reports:form", "county_code": case.region.county_code, "year": case.grant.year}
    report = selectors.report_for_case(view.case)
    form = view._form(report, pending.form_query())
    if form.is_valid():
        form.require_all()
    if not form.is_valid():
        return signature_views.send_back(
            request, pending, ValidationError(_("Check the form and submit again.")), **back
        )
    try:
        signing.signature_complete(
            pending=pending,
            result=result,
            actor=request.user,
            signatory_field="certifier_name",
            signatory=form.cleaned_data.get("certifier_name") or "",
            submit=lambda: services.report_submit(
                case=view.case,
                data=form.to_data(),
                version=form.cleaned_data["version"],
                actor=request.user,
            ),
        )
    except services.AlreadySubmitted:
        messages.info(request, _("The report has already been submitted and is being reviewed."))
        return redirect(back["to"], county_code=back["county_code"], year=back["year"])
    except services.EditConflict:
        return signature_views.send_back(
            request,
            pending,
            ValidationError(
                _(
                    "Someone else saved the report while you were signing. Check it and submit again."
                )
            ),
            **back,
        )
    except ValidationError as error:
        return signature_views.send_back(request, pending, error, **back)
    messages.success(
        request,
        _("The report is signed with your e-ID and submitted. Socialstyrelsen will review it."),
    )
    return redirect(back["to"], county_code=back["county_code"], year=back["year"])
