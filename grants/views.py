"""Officers' pages for decisions and grants. Thin: selectors read, services write."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from accounts.mixins import OfficerRequiredMixin, StaffRequiredMixin
from accounts.permissions import is_officer
from core import clock
from core.confirm import Confirmation, confirmation_page, is_confirmed, rehearse
from core.forms import apply_service_errors
from core.money import format_kronor

from . import selectors, services
from .forms import (
    AdoptForm,
    AgencyConditionsForm,
    DeadlineForm,
    DecisionForm,
    MarkDecidedForm,
    PreviewForm,
    RecoveryTermsForm,
)
from .models import (
    AllocationTable,
    AllocationTableStatus,
    Deadline,
    DeadlineKind,
    DecisionStatus,
    Grant,
)


class GrantListView(StaffRequiredMixin, TemplateView):
    template_name = "grants/grant_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["grants"] = selectors.grants_with_allocation_state()
        context["can_register"] = is_officer(self.request.user)
        return context


class GrantDetailView(StaffRequiredMixin, TemplateView):
    template_name = "grants/grant_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        grant = selectors.grant_for_year(self.kwargs["year"])
        deadlines = selectors.deadlines_for(grant)
        context.update(
            grant=grant,
            decision=grant.decision,
            deadlines=deadlines,
            missing_deadline_kinds=[
                kind
                for kind in DeadlineKind
                if kind not in {deadline.kind for deadline in deadlines}
            ],
            allocation=selectors.allocation_summary(grant),
            today=clock.today(),
            can_edit=is_officer(self.request.user),
            can_see_cases=grant.decision.is_decided,
        )
        return context


class DeadlineEditView(OfficerRequiredMixin, FormView):
    """Set or change one of the grant's deadlines (for example the report date the agency decides)."""

    template_name = "grants/deadline_form.html"
    form_class = DeadlineForm

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs["kind"] not in DeadlineKind.values:
            raise Http404("unknown deadline kind")
        return super().dispatch(request, *args, **kwargs)

    def get_grant(self):
        return selectors.grant_for_year(self.kwargs["year"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Deadline.objects.filter(
            grant=self.get_grant(), kind=self.kwargs["kind"]
        ).first() or Deadline(grant=self.get_grant(), kind=self.kwargs["kind"])
        # The warning for a saved date is on the page already: saving it again needs no check.
        kwargs["initial"] = {"checked_date": kwargs["instance"].due_date}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["grant"] = self.get_grant()
        context["heading"] = DeadlineKind(self.kwargs["kind"]).label
        return context

    def form_valid(self, form: DeadlineForm) -> HttpResponse:
        grant = self.get_grant()
        if form.needs_check():
            form.mark_checked()
            return self.render_to_response(self.get_context_data(form=form, check=True))
        try:
            services.deadline_set(
                grant=grant,
                kind=self.kwargs["kind"],
                due_date=form.cleaned_data["due_date"],
                moves_to_next_working_day=form.cleaned_data["moves_to_next_working_day"],
                source_text=form.cleaned_data["source_text"],
                actor=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The deadline is saved."))
        return redirect("grants:detail", year=grant.year)


class AgencyConditionsEditView(OfficerRequiredMixin, FormView):
    """The further conditions Socialstyrelsen sets within the purpose of the grant."""

    template_name = "grants/grant_form.html"
    form_class = AgencyConditionsForm

    def get_grant(self):
        return selectors.grant_for_year(self.kwargs["year"])

    def get_initial(self) -> dict[str, Any]:
        return {"agency_conditions": self.get_grant().decision.agency_conditions}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["grant"] = self.get_grant()
        context["heading"] = _("Further conditions set by Socialstyrelsen")
        context["intro"] = _(
            "The decision lets Socialstyrelsen set further conditions within the purpose of "
            "the grant. They are shown to the regions and cited in payment decisions."
        )
        return context

    def form_valid(self, form: AgencyConditionsForm) -> HttpResponse:
        grant = self.get_grant()
        services.decision_agency_conditions_set(
            decision=grant.decision,
            text=form.cleaned_data["agency_conditions"],
            actor=self.request.user,
        )
        messages.success(self.request, _("The conditions are saved."))
        return redirect("grants:detail", year=grant.year)


class RecoveryTermsEditView(OfficerRequiredMixin, FormView):
    """What the grant's recovery claim decisions say about appealing, and whether late-payment
    interest runs on its overdue recovery claims."""

    template_name = "grants/grant_form.html"
    form_class = RecoveryTermsForm

    def get_grant(self) -> Grant:
        return selectors.grant_for_year(self.kwargs["year"])

    def get_initial(self) -> dict[str, Any]:
        grant = self.get_grant()
        return {
            "appeal_text": grant.recovery_appeal_text,
            "late_interest_applies": grant.late_interest_applies,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["grant"] = self.get_grant()
        context["heading"] = _("Recovery claim decisions")
        context["intro"] = _(
            "Every recovery claim decision in the grant says whether and how it can be "
            "appealed, and whether late-payment interest is charged if it is not paid on time. "
            "Whether interest is charged cannot change once a recovery claim has been decided."
        )
        return context

    def form_valid(self, form: RecoveryTermsForm) -> HttpResponse:
        grant = self.get_grant()
        try:
            services.grant_recovery_terms_set(
                grant=grant,
                appeal_text=form.cleaned_data["appeal_text"],
                late_interest_applies=form.cleaned_data["late_interest_applies"],
                actor=self.request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The terms of recovery claim decisions are saved."))
        return redirect("grants:detail", year=grant.year)


class DecisionRegisterView(OfficerRequiredMixin, FormView):
    """Register a new round: the decision, its amounts and conditions, and its deadlines
    (suggested from the previous round, moved one year)."""

    template_name = "grants/decision_register.html"
    form_class = DecisionForm

    def get_initial(self) -> dict[str, Any]:
        previous = selectors.latest_grant()
        datasets = selectors.population_datasets()
        initial: dict[str, Any] = {
            "status": DecisionStatus.PLANNED,
            "year": previous.year + 1 if previous else clock.today().year,
            "administration_amount": 0,
            "population_dataset": datasets.first(),
        }
        if previous is not None:
            initial.update(
                title=previous.decision.title,
                ministry=previous.decision.ministry,
                appropriation=previous.decision.appropriation,
            )
        for row in selectors.deadline_suggestions(previous):
            initial[f"deadline_{row.kind}_date"] = row.due_date
            initial[f"deadline_{row.kind}_moves"] = row.moves_to_next_working_day
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        previous = selectors.latest_grant()
        previous_dates = {
            row.kind: row.previous_date for row in selectors.deadline_suggestions(previous)
        }
        context["previous"] = previous
        context["has_population_figures"] = selectors.population_datasets().exists()
        context["deadline_rows"] = [
            {**row, "previous_date": previous_dates.get(row["kind"].value)}
            for row in context["form"].deadline_rows()
        ]
        return context

    def form_valid(self, form: DecisionForm) -> HttpResponse:
        data = services.DecisionInput(
            year=form.cleaned_data["year"],
            status=form.cleaned_data["status"],
            diarienummer=form.cleaned_data["diarienummer"],
            decided_on=form.cleaned_data["decided_on"],
            title=form.cleaned_data["title"],
            ministry=form.cleaned_data["ministry"],
            appropriation=form.cleaned_data["appropriation"],
            total_amount=form.cleaned_data["total_amount"],
            regions_amount=form.cleaned_data["regions_amount"],
            administration_amount=form.cleaned_data["administration_amount"],
            conditions=form.cleaned_data["conditions"],
            population_dataset=form.cleaned_data["population_dataset"],
            use_from=form.cleaned_data["use_from"],
            use_to=form.cleaned_data["use_to"],
            deadlines=tuple(
                services.DeadlineInput(
                    kind=kind,
                    due_date=due_date,
                    moves_to_next_working_day=moves,
                    source_text=source,
                )
                for kind, due_date, moves, source in form.deadlines()
            ),
        )
        try:
            grant = services.decision_register(data=data, actor=self.request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The decision for %(year)s is registered.") % {"year": grant.year}
        )
        return redirect("grants:detail", year=grant.year)


class DecisionMarkDecidedView(OfficerRequiredMixin, FormView):
    """A planned round's decision has been taken: enter its reference number and date."""

    template_name = "grants/grant_form.html"
    form_class = MarkDecidedForm

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and is_officer(request.user):
            self.grant = selectors.grant_for_year(kwargs["year"])
            if self.grant.decision.is_decided:
                messages.info(request, _("The decision is already registered as decided."))
                return redirect("grants:detail", year=self.grant.year)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        decision = self.grant.decision
        return {
            "total_amount": decision.total_amount,
            "regions_amount": decision.regions_amount,
            "administration_amount": decision.administration_amount,
            "conditions": decision.conditions,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["grant"] = self.grant
        context["heading"] = _("Register the decision as decided")
        context["intro"] = _(
            "Enter the government's reference number and the date of the decision. Check the "
            "amounts and conditions against the decision and correct them where they differ "
            "from what was planned."
        )
        return context

    def form_valid(self, form: MarkDecidedForm) -> HttpResponse:
        try:
            services.decision_mark_decided(
                decision=self.grant.decision,
                actor=self.request.user,
                **{name: form.cleaned_data[name] for name in MarkDecidedForm.field_order},
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The decision is registered as decided."))
        return redirect("grants:detail", year=self.grant.year)


class AllocationPreviewView(StaffRequiredMixin, View):
    """What-if: any amount over any population dataset, beside the previous round. A GET
    stores nothing; an officer's POST adopts the decision's amount over the chosen figures."""

    template_name = "grants/allocation_preview.html"

    def _grant(self) -> Grant:
        return selectors.grant_for_year(self.kwargs["year"])

    def _render(
        self,
        request: HttpRequest,
        grant: Grant,
        preview_form: PreviewForm,
        adopt_form: AdoptForm | None = None,
    ) -> HttpResponse:
        preview = None
        if preview_form.is_valid():
            preview = selectors.allocation_preview(
                grant=grant,
                amount=preview_form.cleaned_data["amount"],
                dataset=preview_form.cleaned_data["population_dataset"],
            )
        tables = selectors.allocation_tables(grant)
        adopted = next((t for t in tables if t.status == AllocationTableStatus.ADOPTED), None)
        can_adopt = (
            preview is not None
            and is_officer(request.user)
            and grant.decision.is_decided
            and preview.amount == grant.decision.regions_amount
        )
        if can_adopt and adopt_form is None and preview is not None:
            adopt_form = AdoptForm(
                initial={
                    "population_dataset": preview.dataset.pk,
                    "previewed_amount": preview.amount,
                }
            )
        return render(
            request,
            self.template_name,
            {
                "grant": grant,
                "decision": grant.decision,
                "form": preview_form,
                "preview": preview,
                "tables": tables,
                "adopted": adopted,
                "can_act": is_officer(request.user),
                "can_adopt": can_adopt,
                "adopt_form": adopt_form,
            },
        )

    def _confirmation(self, grant: Grant, table: AllocationTable) -> Confirmation:
        facts = [
            (_("Grant"), f"{grant.year}, {grant.decision.diarienummer}"),
            (_("Amount divided"), format_kronor(table.total_amount)),
            (_("Population figures"), str(table.population_dataset)),
        ]
        if table.reason:
            facts.append((_("Reason for replacing the adopted allocation"), table.reason))
        facts += [
            (allocation.region.name, format_kronor(allocation.amount))
            for allocation in table.allocations.select_related("region").order_by(
                "region__county_code"
            )
        ]
        return Confirmation(
            title=_("Adopt the allocation for %(year)s") % {"year": grant.year},
            summary=_(
                "%(amount)s is divided among the regions as below and frozen. Each region gets "
                "a case in the grant and sees its allocation on its own page, and may "
                "requisition it."
            )
            % {"amount": format_kronor(table.total_amount)},
            button=_("Adopt the allocation"),
            cancel_url=reverse("grants:allocation", kwargs={"year": grant.year}),
            facts=facts,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        grant = self._grant()
        if "amount" in request.GET or "population_dataset" in request.GET:
            form = PreviewForm(request.GET)
        else:
            form = PreviewForm(
                {
                    "amount": str(grant.decision.regions_amount // 100),
                    "population_dataset": grant.population_dataset_id,
                }
            )
        return self._render(request, grant, form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_officer(request.user):
            raise PermissionDenied
        grant = self._grant()
        adopt_form = AdoptForm(request.POST)
        if adopt_form.is_valid():

            def adopt() -> AllocationTable:
                return services.allocation_adopt(
                    grant=grant,
                    dataset=adopt_form.cleaned_data["population_dataset"],
                    previewed_amount=adopt_form.cleaned_data["previewed_amount"],
                    reason=adopt_form.cleaned_data["reason"],
                    actor=request.user,
                )

            try:
                if not is_confirmed(request):
                    return confirmation_page(
                        request, rehearse(adopt, lambda table: self._confirmation(grant, table))
                    )
                adopt()
            except ValidationError as error:
                apply_service_errors(adopt_form, error)
            else:
                messages.success(
                    request,
                    _("The allocation is adopted and frozen. Each region has a case in the grant."),
                )
                return redirect("grants:detail", year=grant.year)
        dataset = adopt_form.cleaned_data.get("population_dataset") or grant.population_dataset
        preview_form = PreviewForm(
            {
                "amount": str(grant.decision.regions_amount // 100),
                "population_dataset": dataset.pk,
            }
        )
        return self._render(request, grant, preview_form, adopt_form)
