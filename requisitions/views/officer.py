"""Officers: the queue, review (decide or refuse), release, late registration, payment files."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import (
    OfficerRequiredMixin,
    RecentAuthenticationRequiredMixin,
    StaffRequiredMixin,
)
from accounts.permissions import is_officer
from core import clock
from core.forms import apply_service_errors
from core.page_cache import KeptPageMixin
from core.sorting import sort_columns
from core.workdays import next_banking_day
from grants.mixins import StaffCaseMixin
from grants.models import Grant
from grants.selectors import allocation_for_region
from records.selectors import case_documents, case_history
from regions.models import Region

from .. import selectors, services
from ..forms import LateRequisitionForm, PaymentFileForm, RefuseForm, ReleaseForm
from ..models import RequisitionStatus

QUEUE_PAGE_SIZE = 50


class QueueView(StaffRequiredMixin, KeptPageMixin, TemplateView):
    template_name = "requisitions/officer_queue.html"

    COLUMNS = (
        ("region", _lazy("Region")),
        ("grant", _lazy("Grant")),
        ("status", _lazy("Status")),
        ("received", _lazy("Received")),
        ("amount", _lazy("Amount")),
        ("late", _lazy("Late")),
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        chosen = selectors.queue_filters(params)
        # A page at a time: the queue keeps every year's requisitions (21 more each round).
        page = Paginator(selectors.requisition_queue(**chosen), QUEUE_PAGE_SIZE).get_page(
            params.get("sida")
        )
        filters = {
            name: chosen[key]
            for name, key in (("status", "status"), ("grant", "grant_id"), ("region", "region_id"))
            if chosen[key]
        }
        sort = chosen["sort"]
        columns = sort_columns(self.COLUMNS, sort, filters, numeric=("amount",))
        query = urlencode({**filters, **({"sort": sort} if sort else {})})
        context.update(
            requisitions=page.object_list,
            page_obj=page,
            filter_query=query,
            columns=columns,
            sort=sort,
            statuses=[
                (value, label)
                for value, label in RequisitionStatus.choices
                if value != RequisitionStatus.DRAFT
            ],
            grants=Grant.objects.order_by("-year").only("pk", "year"),
            regions=Region.objects.all(),
            selected={
                "status": chosen["status"],
                "grant": chosen["grant_id"],
                "region": chosen["region_id"],
            },
        )
        return context


class ReviewView(StaffRequiredMixin, View):
    """The facts next to the allocation, the case history, and the forms for the next step."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(request, pk)

    def render(self, request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
        requisition = selectors.requisition_for_review(pk)
        case = requisition.case
        allocation = allocation_for_region(case.grant, case.region_id)
        decision = getattr(requisition, "payment_decision", None)
        context = {
            "requisition": requisition,
            "case": case,
            "allocation": allocation,
            "orgnr_matches": requisition.organisation_number == case.region.organisation_number,
            "reference_matches": requisition.diarienummer == case.grant.decision.diarienummer,
            "history": case_history(case.grant_id, case.region_id),
            "documents": case_documents(case.grant_id, case.region_id),
            "can_act": is_officer(request.user),
            "may_release": decision is not None and decision.decided_by_id != request.user.pk,
            "refuse_form": forms.get("refuse_form") or RefuseForm(),
            "release_form": forms.get("release_form")
            or ReleaseForm(initial={"payment_date": next_banking_day(clock.today())}),
            "action_error": forms.get("action_error"),
        }
        return render(request, "requisitions/officer_review.html", context)


class ApproveView(OfficerRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        requisition = selectors.requisition_for_review(pk)
        try:
            services.requisition_approve(requisition=requisition, actor=request.user)
        except ValidationError as error:
            return ReviewView().render(request, pk, action_error=error.messages)
        messages.success(
            request,
            _("The payment is decided. The decision document is issued and the region is told."),
        )
        return redirect("requisitions:review", pk=pk)


class RefuseView(OfficerRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        requisition = selectors.requisition_for_review(pk)
        form = RefuseForm(request.POST)
        if form.is_valid():
            try:
                services.requisition_refuse(
                    requisition=requisition, reason=form.cleaned_data["reason"], actor=request.user
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    return ReviewView().render(request, pk, action_error=error.messages)
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The requisition is refused and the region is told."))
                return redirect("requisitions:review", pk=pk)
        return ReviewView().render(request, pk, refuse_form=form)


class ReleaseView(OfficerRequiredMixin, RecentAuthenticationRequiredMixin, View):
    """Releasing a payment is among the most sensitive acts: it needs a recent login."""

    def reauth_return_url(self) -> str:
        return reverse("requisitions:review", kwargs={"pk": self.kwargs["pk"]})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        requisition = selectors.requisition_for_review(pk)
        form = ReleaseForm(request.POST)
        if form.is_valid():
            try:
                services.payment_release(
                    requisition=requisition,
                    payment_date=form.cleaned_data["payment_date"],
                    actor=request.user,
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    return ReviewView().render(request, pk, action_error=error.messages)
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The payment is released. It will be in the payment file for its date."),
                )
                return redirect("requisitions:review", pk=pk)
        return ReviewView().render(request, pk, release_form=form)


class LateRegistrationView(OfficerRequiredMixin, StaffCaseMixin, View):
    template_name = "requisitions/officer_late.html"

    def _form(self, data: Any = None) -> LateRequisitionForm:
        allocation = services.allocation_amount_for(self.case)
        return LateRequisitionForm(
            data,
            initial={"amount": allocation},
            allocation=allocation,
            organisation_number=self.region.organisation_number,
            diarienummer=self.grant.decision.diarienummer,
        )

    def _render(self, form: LateRequisitionForm) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "grant": self.grant,
                "region": self.region,
                "deadline": services.requisition_deadline(self.case),
                "is_open": services.requisition_is_open(self.case),
                "current": selectors.active_requisition(self.case),
            },
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        return self._render(self._form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        form = self._form(request.POST)
        if form.is_valid():
            form.require_all()
            if not form.cleaned_data.get("reason"):
                form.add_error("reason", _("Give the reason for accepting a late requisition."))
        if form.is_valid():
            try:
                requisition = services.requisition_register_late(
                    case=self.case,
                    data=form.to_data(),
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except services.AlreadySubmitted as already:
                messages.info(request, _("The region already has a received requisition."))
                return redirect("requisitions:review", pk=already.requisition.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The late requisition is registered with its reason."))
                return redirect("requisitions:review", pk=requisition.pk)
        return self._render(form)


class PaymentFilesView(StaffRequiredMixin, View):
    template_name = "requisitions/payment_files.html"

    def _render(self, request: HttpRequest, form: PaymentFileForm) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "files": selectors.payment_files(),
                "waiting": selectors.disbursements_without_file(),
                "can_act": is_officer(request.user),
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(
            request, PaymentFileForm(initial={"payment_date": next_banking_day(clock.today())})
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if not is_officer(request.user):
            raise PermissionDenied
        form = PaymentFileForm(request.POST)
        if form.is_valid():
            try:
                payment_file = services.payment_file_create(
                    payment_date=form.cleaned_data["payment_date"], actor=request.user
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Payment file created with %(count)d payment(s).")
                    % {"count": payment_file.payment_count},
                )
                return redirect("requisitions:payment_files")
        return self._render(request, form)
