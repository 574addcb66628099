"""Officers: the queue, review (decide or refuse), release, late registration, payment files."""

from collections.abc import Iterable
from html import escape
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
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
from core import clock, formats
from core.confirm import Confirmation, confirmation_page, is_confirmed
from core.forms import apply_service_errors
from core.money import format_kronor
from core.page_cache import KeptPageMixin
from core.sorting import sort_columns
from core.workdays import next_banking_day, require_banking_day
from grants.mixins import StaffCaseMixin
from grants.models import Grant
from grants.selectors import allocation_for_region
from notifications.services import rehearse_telling
from records.selectors import case_documents, case_history
from regions.models import Region

from .. import selectors, services
from ..forms import LateRequisitionForm, PaymentFileForm, RefuseForm, ReleaseForm
from ..models import Requisition, RequisitionStatus

QUEUE_PAGE_SIZE = 50


class QueueRow(NamedTuple):
    """One requisition in the queue as shown, its table row written once (a tuple: made
    for each of a page's rows)."""

    region_name: str
    status: str
    received: str
    amount: str
    html: str  # escaped


def queue_rows(values: Iterable[tuple[Any, ...]]) -> list[QueueRow]:
    """The rows of a page of :func:`selectors.queue_values`: the status in words, the moment
    and the amount formatted as the template filters would, and each row's HTML written
    here, once: a template loop costs several times as much per row, and a page holds 50.
    A region's name is escaped once for the page (a page holds the same few regions); the
    moment and the amount are the service's formatting of numbers (core.formats), with no
    character HTML treats specially."""
    statuses = {value: escape(str(label)) for value, label in RequisitionStatus.choices}
    late_words = escape(_("Late, registered by an officer"))  # not inside an f-string, for xgettext
    late = f'<strong class="status-overdue">{late_words}</strong>'
    not_late = escape(_("No"))
    review = escape(reverse("requisitions:review", args=[0]).removesuffix("0/"))
    names: dict[str, str] = {}
    rows = []
    for pk, region_name, grant_year, status, submitted_at, amount, is_late in values:
        status_label = statuses.get(status) or escape(status)
        received = formats.moment_iso(submitted_at) if submitted_at is not None else ""
        money = formats.amount(amount) if amount is not None else formats.EMPTY
        name = names.get(region_name)
        if name is None:
            name = names[region_name] = escape(region_name)
        html = (
            f'<tr>\n    <th scope="row"><a href="{review}{int(pk)}/">{name}</a>'
            f"</th>\n    <td>{int(grant_year)}</td>\n    <td>{status_label}</td>\n"
            f'    <td class="text-nowrap">{received}</td>\n'
            f'    <td class="num">{money}</td>\n'
            f"    <td>{late if is_late else not_late}</td>\n  </tr>"
        )
        rows.append(QueueRow(region_name, status_label, received, money, html))
    return rows


def _options(choices: Iterable[tuple[Any, Any]], selected: Any) -> SafeString:
    """A filter's ``<option>`` elements after "All", the chosen one selected (one per grant:
    written here, not in a template loop)."""
    return mark_safe(  # noqa: S308 - every text escaped  # nosec
        "".join(
            f'<option value="{_text(value)}"{" selected" if value == selected else ""}>'
            f"{_text(label)}</option>"
            for value, label in choices
        )
    )


def _text(value: Any) -> str:
    """``value`` as HTML text: a number as it is, anything else escaped."""
    return str(value) if type(value) is int else escape(str(value))


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
        page = Paginator(
            selectors.queue_values(selectors.requisition_queue(**chosen)), QUEUE_PAGE_SIZE
        ).get_page(params.get("sida"))
        filters = {
            name: chosen[key]
            for name, key in (("status", "status"), ("grant", "grant_id"), ("region", "region_id"))
            if chosen[key]
        }
        rows = queue_rows(page.object_list)
        sort = chosen["sort"]
        columns = sort_columns(self.COLUMNS, sort, filters, numeric=("amount",))
        query = urlencode({**filters, **({"sort": sort} if sort else {})})
        context.update(
            requisitions=rows,
            queue_html=mark_safe("\n  ".join(row.html for row in rows)),  # noqa: S308 - escaped in queue_rows  # nosec
            page_obj=page,
            filter_query=query,
            columns=columns,
            sort=sort,
            statuses=[
                (value, label)
                for value, label in RequisitionStatus.choices
                if value != RequisitionStatus.DRAFT
            ],
            grant_options=_options(
                Grant.objects.order_by("-year").values_list("pk", "year"), chosen["grant_id"]
            ),
            region_options=_options(Region.objects.values_list("pk", "name"), chosen["region_id"]),
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
            "account_check": selectors.account_check(requisition),
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


def account_words(requisition: Requisition) -> str:
    """The account, and what the checks panel says of it."""
    check = selectors.account_check(requisition)
    account = f"{requisition.get_account_type_display()} {requisition.account_number}"
    if check.state == "same":
        return _("%(account)s (the same account as the region's earlier payment)") % {
            "account": account
        }
    if check.state == "changed":
        return _("%(account)s – CHANGED ACCOUNT: not the account the region was paid to before") % {
            "account": account
        }
    return _("%(account)s (no earlier payment to the region to compare with)") % {
        "account": account
    }


def requisition_facts(requisition: Requisition) -> list[tuple[str, str]]:
    """Who is paid, how much and where: the facts every requisition act is confirmed on."""
    case = requisition.case
    return [
        (_("Recipient"), f"{case.region.name} ({requisition.organisation_number})"),
        (_("Amount"), format_kronor(requisition.amount)),
        (_("Pay to"), account_words(requisition)),
        (
            _("Grant"),
            f"{case.grant.year}, {case.grant.decision.diarienummer}",
        ),
    ]


def changed_account_warning(requisition: Requisition) -> list[str]:
    if selectors.account_check(requisition).state == "changed":
        return [_("The account is not the one the region was paid to before.")]
    return []


class ApproveView(OfficerRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        requisition = selectors.requisition_for_review(pk)
        review_url = reverse("requisitions:review", kwargs={"pk": pk})
        try:
            if not is_confirmed(request):
                told = rehearse_telling(
                    lambda: services.requisition_approve(
                        requisition=requisition, actor=request.user
                    ),
                    lambda decision, told: told,
                )
                return confirmation_page(
                    request,
                    Confirmation(
                        title=_("Decide to pay %(region)s")
                        % {"region": requisition.case.region.name},
                        summary=_(
                            "A payment decision of %(amount)s is issued today (%(date)s) and "
                            "the region is told. Another officer then releases the payment."
                        )
                        % {
                            "amount": format_kronor(requisition.amount),
                            "date": formats.day(clock.today()),
                        },
                        button=_("Decide to pay"),
                        cancel_url=review_url,
                        facts=requisition_facts(requisition),
                        told=told,
                        warnings=changed_account_warning(requisition),
                    ),
                )
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
            reason = form.cleaned_data["reason"]
            try:
                if not is_confirmed(request):
                    told = rehearse_telling(
                        lambda: services.requisition_refuse(
                            requisition=requisition, reason=reason, actor=request.user
                        ),
                        lambda refused, told: told,
                    )
                    return confirmation_page(
                        request,
                        Confirmation(
                            title=_("Refuse the requisition from %(region)s")
                            % {"region": requisition.case.region.name},
                            summary=_(
                                "The requisition of %(amount)s is refused today (%(date)s) with "
                                "a decision that gives your reason, and the region is told."
                            )
                            % {
                                "amount": format_kronor(requisition.amount),
                                "date": formats.day(clock.today()),
                            },
                            button=_("Refuse the requisition"),
                            cancel_url=reverse("requisitions:review", kwargs={"pk": pk}),
                            facts=[*requisition_facts(requisition), (_("Reason"), reason)],
                            told=told,
                            danger=True,
                        ),
                    )
                services.requisition_refuse(
                    requisition=requisition, reason=reason, actor=request.user
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
            payment_date = form.cleaned_data["payment_date"]
            try:
                if not is_confirmed(request):
                    told = rehearse_telling(
                        lambda: services.payment_release(
                            requisition=requisition, payment_date=payment_date, actor=request.user
                        ),
                        lambda disbursement, told: told,
                    )
                    return confirmation_page(
                        request,
                        Confirmation(
                            title=_("Release the payment to %(region)s")
                            % {"region": requisition.case.region.name},
                            summary=_(
                                "%(amount)s is released for payment on %(date)s and goes into "
                                "the payment file for that day."
                            )
                            % {
                                "amount": format_kronor(requisition.amount),
                                "date": formats.day(payment_date),
                            },
                            button=_("Release the payment"),
                            cancel_url=reverse("requisitions:review", kwargs={"pk": pk}),
                            facts=[
                                *requisition_facts(requisition),
                                (_("Payment date"), formats.day_iso(payment_date)),
                                (
                                    _("Payment reference"),
                                    services.payment_reference(requisition),
                                ),
                            ],
                            told=told,
                            warnings=changed_account_warning(requisition),
                        ),
                    )
                services.payment_release(
                    requisition=requisition, payment_date=payment_date, actor=request.user
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

    def _confirmation(self, payment_date: Any, pending: list[Any]) -> Confirmation:
        facts = [
            (_("Payment date"), formats.day_iso(payment_date)),
            (_("Number of payments"), str(len(pending))),
            (_("Total"), format_kronor(sum(d.amount for d in pending))),
        ]
        for disbursement in pending:
            facts.append(
                (
                    disbursement.payee_name,
                    f"{format_kronor(disbursement.amount)}, "
                    f"{disbursement.get_account_type_display()} {disbursement.account_number}",
                )
            )
        return Confirmation(
            title=_("Create the payment file for %(date)s") % {"date": formats.day(payment_date)},
            summary=_(
                "A payment file (CSV and ISO 20022) and a payment list are made of the "
                "%(count)d released payment(s) for %(date)s, %(total)s in all. Each payment "
                "is then in this file and no other."
            )
            % {
                "count": len(pending),
                "date": formats.day(payment_date),
                "total": format_kronor(sum(d.amount for d in pending)),
            },
            button=_("Create the payment file"),
            cancel_url=reverse("requisitions:payment_files"),
            facts=facts,
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
            payment_date = form.cleaned_data["payment_date"]
            try:
                if not is_confirmed(request):
                    # Not rehearsed: making a file anchors the audit trail outside the
                    # database. The service's own checks, before the step.
                    require_banking_day(payment_date, field="payment_date")
                    pending = list(
                        selectors.disbursements_without_file().filter(payment_date=payment_date)
                    )
                    if not pending:
                        raise ValidationError(
                            {
                                "payment_date": _(
                                    "There are no released payments for that day that are "
                                    "not already in a file."
                                )
                            }
                        )
                    return confirmation_page(request, self._confirmation(payment_date, pending))
                payment_file = services.payment_file_create(
                    payment_date=payment_date, actor=request.user
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
