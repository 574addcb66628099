"""Repayment for regions; the officers' case page (the ledger), recovery claims, repayments
received, and the bank import with its preview."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import (
    OfficerRequiredMixin,
    RecentAuthenticationRequiredMixin,
    StaffRequiredMixin,
)
from accounts.permissions import is_officer
from attachments.selectors import case_files
from core import clock, formats
from core.confirm import Confirmation, confirmation_page, is_confirmed
from core.forms import apply_service_errors
from core.money import format_kronor
from grants.forms import CaseAssignForm
from grants.mixins import StaffCaseMixin
from grants.models import CaseStatus
from grants.services import case_assign
from notifications.services import rehearse_telling
from records.selectors import case_documents, case_history
from reports.selectors import report_for_case
from requisitions import selectors as requisition_selectors
from requisitions.services import requisition_is_open
from requisitions.views.region import RegionCaseMixin

from . import bank_file, selectors, services
from .forms import (
    BankFileForm,
    ClaimChangeForm,
    ReasonForm,
    RecoveryClaimForm,
    RepaymentForm,
    ResolveForm,
)
from .interest import interest_context
from .ledger import ledgers
from .models import BankImport, Claim, ClaimGround, ClaimKind, Repayment, RepaymentStatus


class RegionRepaymentView(RegionCaseMixin, View):
    """The region's statement for the case: what it received and kept, each claim with its
    ground, due date and payment reference, what has come in and what is left to pay."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        statement = selectors.case_statement(self.case, today=clock.today())
        return render(
            request,
            "repayments/region_repayment.html",
            {
                "region": self.region,
                "grant": self.grant,
                "statement": statement,
                "bankgiro": settings.AGENCY_BANKGIRO,
                **interest_context(self.case, outstanding=statement.outstanding),
            },
        )


class OfficerCaseView(StaffCaseMixin, View):
    """One region's case in one grant: the ledger and every step, with the actions left."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        return self.render(request)

    def render(self, request: HttpRequest, **extra: Any) -> HttpResponse:
        ledger = ledgers([self.case])[0]
        return render(
            request,
            "repayments/officer_case.html",
            {
                "grant": self.grant,
                "region": self.region,
                "case": self.case,
                "ledger": ledger,
                "requisitions": requisition_selectors.case_requisitions(self.case),
                "report": report_for_case(self.case),
                "statement": selectors.case_statement(self.case, today=clock.today()),
                "repayments": selectors.repayments_for_case(self.case),
                "documents": case_documents(self.grant.pk, self.region.pk),
                "files": case_files(self.case),
                "is_staff": True,
                "history": case_history(self.grant.pk, self.region.pk),
                "can_act": is_officer(request.user),
                "can_close_lapsed": self.case.status == CaseStatus.OPEN
                and not ledger.disbursed
                and not requisition_is_open(self.case),
                "reason_form": extra.pop("reason_form", None) or ReasonForm(),
                "assign_form": extra.pop("assign_form", None)
                or CaseAssignForm(initial={"officer": self.case.assigned_to_id}),
                **interest_context(self.case, outstanding=ledger.outstanding),
                **extra,
            },
        )


class CaseReopenView(OfficerRequiredMixin, OfficerCaseView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.case_reopen(
                    case=self.case, reason=form.cleaned_data["reason"], actor=request.user
                )
            except ValidationError as error:
                return self.render(request, action_error=error.messages)
            messages.success(request, _("The case is reopened."))
            return redirect(
                "repayments:case", year=self.grant.year, county_code=self.region.county_code
            )
        return self.render(request, reason_form=form)


class CaseAssignView(OfficerRequiredMixin, OfficerCaseView):
    """Assign the case to an officer (their inbox's "mine"); logged."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        form = CaseAssignForm(request.POST)
        if form.is_valid():
            try:
                case_assign(
                    case=self.case, officer=form.cleaned_data["officer"], actor=request.user
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                officer = form.cleaned_data["officer"]
                messages.success(
                    request,
                    _("The case is assigned to %(name)s.") % {"name": officer.get_full_name()}
                    if officer
                    else _("The case is assigned to nobody."),
                )
                return redirect(
                    "repayments:case", year=self.grant.year, county_code=self.region.county_code
                )
        return self.render(request, assign_form=form)


class CaseCloseView(OfficerRequiredMixin, OfficerCaseView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.case_close_lapsed(
                    case=self.case, reason=form.cleaned_data["reason"], actor=request.user
                )
            except ValidationError as error:
                return self.render(request, action_error=error.messages)
            messages.success(request, _("The case is closed."))
            return redirect(
                "repayments:case", year=self.grant.year, county_code=self.region.county_code
            )
        return self.render(request, reason_form=form)


class RecoveryClaimView(
    OfficerRequiredMixin, RecentAuthenticationRequiredMixin, StaffCaseMixin, View
):
    template_name = "repayments/recovery_claim.html"

    def _render(self, request: HttpRequest, form: RecoveryClaimForm) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "grant": self.grant,
                "region": self.region,
                "case": self.case,
                "form": form,
                "ledger": ledgers([self.case])[0],
            },
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        ledger = ledgers([self.case])[0]
        ground = ClaimGround.NOT_USED_FOR_PURPOSE if ledger.has_report else ClaimGround.NO_REPORT
        initial = {
            "ground": ground,
            "due_date": services.default_due_date(self.case, clock.today()),
            "amount": ledger.disbursed - ledger.claimed
            if ground == ClaimGround.NO_REPORT
            else None,
        }
        return self._render(request, RecoveryClaimForm(initial=initial))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        form = RecoveryClaimForm(request.POST)
        if form.is_valid():
            try:
                if not is_confirmed(request):
                    confirmation = rehearse_telling(
                        lambda: services.recovery_claim_decide(
                            case=self.case, actor=request.user, **form.cleaned_data
                        ),
                        lambda claim, told: self._confirmation(claim, told),
                    )
                    return confirmation_page(request, confirmation)
                claim = services.recovery_claim_decide(
                    case=self.case, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The recovery claim of %(amount)s is decided and sent to the region.")
                    % {"amount": format_kronor(claim.amount)},
                )
                return redirect(
                    "repayments:case", year=self.grant.year, county_code=self.region.county_code
                )
        return self._render(request, form)

    def _confirmation(self, claim: Claim, told: list[str]) -> Confirmation:
        return Confirmation(
            title=_("Decide a recovery claim on %(region)s") % {"region": self.region.name},
            summary=_(
                "A decision is issued today (%(date)s) that %(region)s shall repay %(amount)s "
                "by %(due)s, and it is sent to the region."
            )
            % {
                "date": formats.day(clock.today()),
                "region": self.region.name,
                "amount": format_kronor(claim.amount),
                "due": formats.day(claim.due_date),
            },
            button=_("Decide the recovery claim"),
            cancel_url=reverse(
                "repayments:case",
                kwargs={"year": self.grant.year, "county_code": self.region.county_code},
            ),
            facts=[
                (_("Region"), self.region.name),
                (_("Amount"), format_kronor(claim.amount)),
                (_("Ground"), claim.get_ground_display()),
                (_("Due date"), formats.day_iso(claim.due_date)),
                (_("To bankgiro"), settings.AGENCY_BANKGIRO),
                (_("OCR reference"), claim.ocr),
                (_("Reason"), claim.reason),
            ],
            told=told,
            danger=True,
        )


class RecoveryClaimChangeView(
    OfficerRequiredMixin, RecentAuthenticationRequiredMixin, StaffCaseMixin, View
):
    """Reduce or withdraw a recovery claim by a new decision with its reasons."""

    template_name = "repayments/recovery_claim_change.html"

    def _claim(self) -> Claim:
        return get_object_or_404(
            Claim.objects.select_related("document"),
            pk=self.kwargs["pk"],
            case=self.case,
            kind=ClaimKind.RECOVERY,
        )

    def _render(self, request: HttpRequest, form: ClaimChangeForm, claim: Claim) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {"grant": self.grant, "region": self.region, "claim": claim, "form": form},
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        return self._render(request, ClaimChangeForm(), self._claim())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        claim = self._claim()
        form = ClaimChangeForm(request.POST)
        if form.is_valid():
            amount, reason = form.cleaned_data["amount"], form.cleaned_data["reason"]
            before = claim.amount
            try:
                if not is_confirmed(request):
                    confirmation = rehearse_telling(
                        lambda: services.recovery_claim_reduce(
                            claim=claim, amount=amount, reason=reason, actor=request.user
                        ),
                        lambda changed, told: self._confirmation(changed, before, reason, told),
                    )
                    return confirmation_page(request, confirmation)
                services.recovery_claim_reduce(
                    claim=claim, amount=amount, reason=reason, actor=request.user
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The new decision is made and sent to the region."))
                return redirect(
                    "repayments:case", year=self.grant.year, county_code=self.region.county_code
                )
        return self._render(request, form, claim)

    def _confirmation(
        self, claim: Claim, before: int, reason: str, told: list[str]
    ) -> Confirmation:
        withdrawn = claim.amount == 0
        values = {
            "region": self.region.name,
            "ocr": claim.ocr,
            "before": format_kronor(before),
            "amount": format_kronor(claim.amount),
            "date": formats.day(clock.today()),
        }
        return Confirmation(
            title=(
                _("Withdraw the recovery claim %(ocr)s on %(region)s")
                if withdrawn
                else _("Reduce the recovery claim %(ocr)s on %(region)s")
            )
            % values,
            summary=(
                _(
                    "A new decision is issued today (%(date)s): the claim of %(before)s is "
                    "withdrawn and %(region)s owes nothing on it. The decision is sent to the "
                    "region."
                )
                if withdrawn
                else _(
                    "A new decision is issued today (%(date)s): the claim is reduced from "
                    "%(before)s to %(amount)s. The decision is sent to the region."
                )
            )
            % values,
            button=_("Withdraw the claim") if withdrawn else _("Reduce the claim"),
            cancel_url=reverse(
                "repayments:case",
                kwargs={"year": self.grant.year, "county_code": self.region.county_code},
            ),
            facts=[
                (_("Region"), self.region.name),
                (_("OCR reference"), claim.ocr),
                (_("The claim asks now"), format_kronor(before)),
                (_("After the new decision"), format_kronor(claim.amount)),
                (_("Due date"), formats.day_iso(claim.due_date)),
                (_("Reason"), reason),
            ],
            told=told,
            danger=True,
        )


def repayment_confirmation(
    title: str, repayment: Repayment, told: list[str], *, returned: int = 0
) -> Confirmation:
    """What registering or handling a payment received will do: booked against which claim
    (a booked repayment never changes), flagged for handling, or returned to the payer."""
    claim = repayment.claim
    facts = [
        (_("Received on"), formats.day_iso(repayment.received_on)),
        (_("Reference"), repayment.reference or "–"),
        (_("Payer"), repayment.payer or "–"),
    ]
    if claim is not None:
        facts += [
            (_("Region"), claim.case.region.name),
            (_("Claim"), f"{claim.get_kind_display()}, OCR {claim.ocr}"),
        ]
    if repayment.status == RepaymentStatus.BOOKED:
        summary = _(
            "%(amount)s is booked against the claim %(ocr)s of %(region)s. A booked payment "
            "is never changed."
        ) % {
            "amount": format_kronor(repayment.amount),
            "ocr": claim.ocr if claim else "",
            "region": claim.case.region.name if claim else "",
        }
        facts.append((_("Booked"), format_kronor(repayment.amount)))
    elif repayment.status == RepaymentStatus.RETURNED:
        summary = _("All of the %(amount)s is to be paid back to the payer.") % {
            "amount": format_kronor(repayment.amount)
        }
        facts.append((_("To be paid back to the payer"), format_kronor(repayment.amount)))
    else:
        summary = _(
            "The payment of %(amount)s does not match a claim exactly and is flagged for "
            "handling: %(reason)s"
        ) % {
            "amount": format_kronor(repayment.amount),
            "reason": repayment.get_flag_reason_display(),
        }
        facts.append((_("Amount"), format_kronor(repayment.amount)))
    if returned:
        facts.append((_("To be paid back to the payer"), format_kronor(returned)))
    return Confirmation(
        title=title,
        summary=summary,
        button=_("Register the payment") if repayment.status == RepaymentStatus.FLAGGED else title,
        cancel_url=reverse("repayments:list"),
        facts=facts,
        told=told,
        danger=True,
    )


class RepaymentsView(StaffRequiredMixin, View):
    template_name = "repayments/repayments.html"

    def _render(self, request: HttpRequest, form: RepaymentForm) -> HttpResponse:
        status = request.GET.get("status")
        status = status if status in RepaymentStatus.values else None
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "repayments": selectors.repayments(status),
                "status": status,
                "statuses": RepaymentStatus.choices,
                "flagged_count": selectors.repayments(RepaymentStatus.FLAGGED).count(),
                "can_act": is_officer(request.user),
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, RepaymentForm(initial={"received_on": clock.today()}))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not is_officer(request.user):
            raise PermissionDenied
        form = RepaymentForm(request.POST)
        if form.is_valid():
            try:
                if not is_confirmed(request):
                    return confirmation_page(
                        request,
                        rehearse_telling(
                            lambda: services.repayment_register(
                                actor=request.user, **form.cleaned_data
                            ),
                            lambda repayment, told: repayment_confirmation(
                                _("Register the payment received"), repayment, told
                            ),
                        ),
                    )
                repayment = services.repayment_register(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if repayment.status == RepaymentStatus.BOOKED and repayment.claim is not None:
                    messages.success(
                        request,
                        _("The repayment is booked against %(ocr)s.")
                        % {"ocr": repayment.claim.ocr},
                    )
                else:
                    messages.warning(
                        request,
                        _(
                            "The repayment does not match a claim exactly and needs handling: %(reason)s"
                        )
                        % {"reason": repayment.get_flag_reason_display()},
                    )
                return redirect("repayments:list")
        return self._render(request, form)


class RepaymentResolveView(OfficerRequiredMixin, View):
    template_name = "repayments/resolve.html"

    def _claims(self) -> list[tuple[str, str]]:
        return [
            (
                str(row.claim.pk),
                f"{row.claim.case.region.name}, {row.claim.case.grant.year}: {row.claim.ocr} ({format_kronor(row.outstanding)})",
            )
            for row in selectors.open_claims()
        ]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        repayment = get_object_or_404(
            Repayment.objects.select_related("claim__case__region"), pk=pk
        )
        form = ResolveForm(claims=self._claims(), initial={"claim": repayment.claim_id or ""})
        return render(request, self.template_name, {"repayment": repayment, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        repayment = get_object_or_404(
            Repayment.objects.select_related("claim__case__region"), pk=pk
        )
        form = ResolveForm(request.POST, claims=self._claims())
        if form.is_valid():
            claim = None
            if form.cleaned_data["claim"]:
                claim = next(
                    (
                        r.claim
                        for r in selectors.open_claims()
                        if str(r.claim.pk) == form.cleaned_data["claim"]
                    ),
                    None,
                )

            def resolve() -> Repayment:
                return services.repayment_resolve(
                    repayment=repayment,
                    action=form.cleaned_data["action"],
                    claim=claim,
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )

            try:
                if not is_confirmed(request):
                    return confirmation_page(
                        request,
                        rehearse_telling(
                            resolve,
                            lambda handled, told: repayment_confirmation(
                                _("Handle the payment received"),
                                handled,
                                told,
                                # Booked up to what is owed; the rest goes back to the payer.
                                returned=repayment.amount - handled.amount,
                            ),
                        ),
                    )
                resolve()
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The payment is handled."))
                return redirect("repayments:list")
        return render(request, self.template_name, {"repayment": repayment, "form": form})


class BankImportView(StaffRequiredMixin, View):
    template_name = "repayments/bank_import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "form": BankFileForm(),
                "imports": selectors.bank_imports(),
                "can_act": is_officer(request.user),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if not is_officer(request.user):
            raise PermissionDenied
        form = BankFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                content = bank_file.decode(upload.read())
                bank_import = services.bank_import_upload(
                    filename=upload.name, content=content, actor=request.user
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("repayments:bank_import_preview", pk=bank_import.pk)
        return render(
            request,
            self.template_name,
            {"form": form, "imports": selectors.bank_imports(), "can_act": True},
        )


class BankImportPreviewView(StaffRequiredMixin, View):
    template_name = "repayments/bank_import_preview.html"

    def _render(self, request: HttpRequest, bank_import: BankImport, **extra: Any) -> HttpResponse:
        lines = [] if bank_import.confirmed_at else services.bank_import_preview(bank_import)
        counts: dict[str, int] = {}
        for line in lines:
            counts[line.outcome] = counts.get(line.outcome, 0) + 1
        booked = (
            bank_import.transactions.select_related("repayment__claim__case__region")
            if bank_import.confirmed_at
            else []
        )
        return render(
            request,
            self.template_name,
            {
                "bank_import": bank_import,
                "lines": lines,
                "counts": counts,
                "booked": booked,
                "can_act": is_officer(request.user),
                **extra,
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, get_object_or_404(BankImport, pk=pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not is_officer(request.user):
            raise PermissionDenied
        bank_import = get_object_or_404(BankImport, pk=pk)
        try:
            if not is_confirmed(request):
                confirmation = rehearse_telling(
                    lambda: services.bank_import_confirm(
                        bank_import=bank_import, actor=request.user
                    ),
                    lambda booked, told: self._confirmation(bank_import, booked, told),
                )
                return confirmation_page(request, confirmation)
            repayments = services.bank_import_confirm(bank_import=bank_import, actor=request.user)
        except ValidationError as error:
            return self._render(request, bank_import, action_error=error.messages)
        booked = sum(1 for r in repayments if r.status == RepaymentStatus.BOOKED)
        messages.success(
            request,
            _("%(booked)d payment(s) booked, %(flagged)d flagged for handling.")
            % {"booked": booked, "flagged": len(repayments) - booked},
        )
        return redirect("repayments:bank_import_preview", pk=bank_import.pk)

    def _confirmation(
        self, bank_import: BankImport, repayments: list[Repayment], told: list[str]
    ) -> Confirmation:
        booked = [r for r in repayments if r.status == RepaymentStatus.BOOKED]
        facts = [
            (_("File"), bank_import.filename),
            (
                _("Booked"),
                _("%(count)d payment(s), %(amount)s")
                % {"count": len(booked), "amount": format_kronor(sum(r.amount for r in booked))},
            ),
            (_("Flagged for handling"), str(len(repayments) - len(booked))),
        ]
        for repayment in repayments:
            region = repayment.claim.case.region.name if repayment.claim else _("no claim")
            facts.append(
                (
                    f"{formats.day_iso(repayment.received_on)} {repayment.payer}",
                    f"{format_kronor(repayment.amount)} → {region} "
                    f"({repayment.get_status_display()})",
                )
            )
        return Confirmation(
            title=_("Book the bank file"),
            summary=_(
                "The matched payments are booked against their claims and the rest are "
                "flagged for handling. The file cannot be booked again."
            ),
            button=_("Book the bank file"),
            cancel_url=reverse("repayments:bank_import_preview", kwargs={"pk": bank_import.pk}),
            facts=facts,
            told=told,
        )
