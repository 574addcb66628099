"""The applicant's pages (/ombudsansokan/…) and the officers' (/handlaggare/ombudsansokningar/…)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts import permissions
from accounts.mixins import OfficerRequiredMixin, StaffRequiredMixin
from attachments.services import attachment_response
from core import formats
from core.confirm import Confirmation, confirmation_page, is_confirmed
from core.forms import apply_service_errors
from notifications.services import rehearse_telling

from . import selectors, services
from .forms import CompletionForm, CompletionRequestForm, OmbudApplicationForm, RejectForm
from .models import ApplicationStatus, MandateDocument, OmbudApplication


def _application(pk: int) -> OmbudApplication:
    try:
        return selectors.application_with_records(pk)
    except OmbudApplication.DoesNotExist as missing:
        raise Http404("no such application") from missing


class ApplicantMixin(LoginRequiredMixin):
    """A person who may apply (logged in, not agency staff)."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not permissions.can_apply_for_ombud(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class MyApplicationsView(ApplicantMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "ombud/my_applications.html",
            {"applications": selectors.applications_of(request.user)},
        )


class ApplyView(ApplicantMixin, View):
    template_name = "ombud/apply.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        form = OmbudApplicationForm(initial={"full_name": user.full_name, "phone": user.phone})
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = OmbudApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                application = services.ombud_application_submit(
                    region=form.cleaned_data["region"],
                    full_name=form.cleaned_data["full_name"],
                    phone=form.cleaned_data["phone"],
                    position=form.cleaned_data["position"],
                    file=form.cleaned_data["document"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your application is received. Socialstyrelsen reviews it and tells you by e-mail."
                    ),
                )
                return redirect("ombud:application", pk=application.pk)
        return render(request, self.template_name, {"form": form})


class ApplicationView(ApplicantMixin, View):
    """The applicant's own application: its status, documents, decisions, and the form for
    a completion when one is asked for. Nobody else's (404)."""

    template_name = "ombud/application.html"

    def _own(self, pk: int) -> OmbudApplication:
        application = _application(pk)
        if application.applicant_id != self.request.user.pk:  # type: ignore[attr-defined]
            raise Http404("not the applicant")
        return application

    def _render(self, application: OmbudApplication, form: CompletionForm | None) -> HttpResponse:
        return render(
            self.request,  # type: ignore[attr-defined]
            self.template_name,
            {"application": application, "form": form},
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._own(pk)
        wanted = application.status == ApplicationStatus.COMPLETION_REQUESTED
        return self._render(application, CompletionForm() if wanted else None)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._own(pk)
        if application.status != ApplicationStatus.COMPLETION_REQUESTED:
            messages.error(
                request, _("Socialstyrelsen has not asked for a completion of this application.")
            )
            return self._render(application, None)
        form = CompletionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.ombud_application_complete(
                    application=application,
                    file=form.cleaned_data["document"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The new document is sent to Socialstyrelsen."))
                return redirect("ombud:application", pk=application.pk)
        return self._render(application, form)


class DocumentView(LoginRequiredMixin, View):
    """A mandate document as a download, to the applicant and the agency's staff only."""

    def get(self, request: HttpRequest, pk: int, number: int) -> HttpResponseBase:
        try:
            application = OmbudApplication.objects.get(pk=pk)
        except OmbudApplication.DoesNotExist as missing:
            raise Http404("no such application") from missing
        if not permissions.can_view_ombud_application(request.user, application):
            raise Http404("not for this user")
        try:
            document = selectors.document(application, number)
        except MandateDocument.DoesNotExist as missing:
            raise Http404("no such version") from missing
        return attachment_response(document.attachment)


# --- Officers -------------------------------------------------------------------------------


class ReviewListView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        applications = list(selectors.applications_for_review())
        return render(
            request,
            "ombud/review_list.html",
            {
                "waiting": [a for a in applications if a.status == ApplicationStatus.SUBMITTED],
                "applications": applications,
            },
        )


class ReviewView(StaffRequiredMixin, View):
    template_name = "ombud/review.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(request, _application(pk))

    def render(
        self, request: HttpRequest, application: OmbudApplication, **extra: Any
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "application": application,
                "current_ombud": selectors.current_ombud(application.region),
                "can_act": permissions.is_officer(request.user)
                and application.status == ApplicationStatus.SUBMITTED,
                "completion_form": extra.pop("completion_form", None)
                or CompletionRequestForm(prefix="completion"),
                "reject_form": extra.pop("reject_form", None) or RejectForm(prefix="reject"),
                **extra,
            },
        )


def _facts(application: OmbudApplication) -> list[tuple[str, str]]:
    document = list(application.documents.all())[-1]
    return [
        (_("Region"), f"{application.region.name} ({application.region.organisation_number})"),
        (_("Applicant"), f"{application.full_name} <{application.email}>"),
        (_("Position"), application.position),
        (_("Received"), formats.moment_iso(application.submitted_at)),
        (
            _("Document"),
            _("version %(number)s, %(filename)s, SHA-256 %(sha256)s")
            % {
                "number": document.number,
                "filename": document.attachment.filename,
                "sha256": document.attachment.sha256,
            },
        ),
    ]


class _DecisionView(OfficerRequiredMixin, ReviewView):
    http_method_names = ["post"]

    def review_url(self, application: OmbudApplication) -> str:
        return reverse("ombud:review", kwargs={"pk": application.pk})


class ApproveView(_DecisionView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = _application(pk)
        act = lambda: services.ombud_application_approve(  # noqa: E731
            application=application, actor=request.user
        )
        try:
            if not is_confirmed(request):
                told = rehearse_telling(act, lambda decision, told: told)
                replaced = [
                    f"{m.user.get_full_name()} <{m.user.email}>"
                    for m in selectors.current_ombud(application.region)
                    if m.user_id != application.applicant_id
                ]
                return confirmation_page(
                    request,
                    Confirmation(
                        title=_("Approve %(name)s as ombud of %(region)s")
                        % {"name": application.full_name, "region": application.region.name},
                        summary=_(
                            "%(name)s becomes the ombud of %(region)s today. A previous "
                            "ombud's role ends, and they are told."
                        )
                        % {"name": application.full_name, "region": application.region.name},
                        button=_("Approve the application"),
                        cancel_url=self.review_url(application),
                        facts=[
                            *_facts(application),
                            (
                                _("Ombud whose role ends"),
                                ", ".join(replaced) or _("none (the region has no ombud)"),
                            ),
                        ],
                        told=told,
                    ),
                )
            act()
        except ValidationError as error:
            return self.render(request, application, action_error=error.messages)
        messages.success(request, _("The application is approved and the applicant is told."))
        return redirect("ombud:review", pk=application.pk)


class CompletionRequestView(_DecisionView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = _application(pk)
        form = CompletionRequestForm(request.POST, prefix="completion")
        if form.is_valid():
            message = form.cleaned_data["message"]
            act = lambda: services.ombud_application_request_completion(  # noqa: E731
                application=application, message=message, actor=request.user
            )
            try:
                if not is_confirmed(request):
                    told = rehearse_telling(act, lambda decision, told: told)
                    return confirmation_page(
                        request,
                        Confirmation(
                            title=_("Ask %(name)s for a completion")
                            % {"name": application.full_name},
                            summary=_(
                                "The applicant is asked to send a new document. The "
                                "application waits for their answer."
                            ),
                            button=_("Request completion"),
                            cancel_url=self.review_url(application),
                            facts=[*_facts(application), (_("Message"), message)],
                            told=told,
                        ),
                    )
                act()
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    return self.render(request, application, action_error=error.messages)
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The completion request is sent to the applicant."))
                return redirect("ombud:review", pk=application.pk)
        return self.render(request, application, completion_form=form)


class RejectView(_DecisionView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = _application(pk)
        form = RejectForm(request.POST, prefix="reject")
        if form.is_valid():
            reason = form.cleaned_data["message"]
            act = lambda: services.ombud_application_reject(  # noqa: E731
                application=application, reason=reason, actor=request.user
            )
            try:
                if not is_confirmed(request):
                    told = rehearse_telling(act, lambda decision, told: told)
                    return confirmation_page(
                        request,
                        Confirmation(
                            title=_("Reject the application from %(name)s")
                            % {"name": application.full_name},
                            summary=_(
                                "The application is rejected with your reason. Nothing "
                                "changes in the region's roles."
                            ),
                            button=_("Reject the application"),
                            cancel_url=self.review_url(application),
                            facts=[*_facts(application), (_("Reason"), reason)],
                            told=told,
                            danger=True,
                        ),
                    )
                act()
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    return self.render(request, application, action_error=error.messages)
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, _("The application is rejected and the applicant is told.")
                )
                return redirect("ombud:review", pk=application.pk)
        return self.render(request, application, reject_form=form)
