"""The region's requisition: form, draft, submission and receipt. Own region only."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from accounts import permissions
from accounts.mixins import RegionAccessMixin
from accounts.models import User
from core import clock, page_cache
from core.forms import apply_service_errors
from grants.models import Case, Deadline, Grant
from signatures import services as signing
from signatures import views as signature_views
from signatures.models import SignedKind

from .. import selectors, services
from ..forms import RequisitionForm
from ..models import Requisition


class RegionCaseMixin(RegionAccessMixin):
    """Resolves ``self.grant`` (decided, by year) and ``self.case`` for the URL's region."""

    grant: Grant
    case: Case
    kwargs: dict[str, Any]

    def setup_case(self) -> None:
        self.case = selectors.region_case_for_year(self.kwargs["year"], self.region.pk)
        self.grant = self.case.grant


class RequisitionFormView(RegionCaseMixin, View):
    template_name = "requisitions/requisition_form.html"

    # Read once per request: the form, its checks and the page all ask for them.
    @cached_property
    def allocation(self) -> int:
        return services.allocation_amount_for(self.case)

    @cached_property
    def deadline(self) -> Deadline | None:
        return services.requisition_deadline(self.case)

    def _is_open(self) -> bool:
        """As services.requisition_is_open, on the deadline already read."""
        return self.deadline is not None and self.deadline.is_open_at(clock.now())

    def _form(self, current: Requisition | None, data: Any = None) -> RequisitionForm:
        allocation = self.allocation
        user = cast(User, self.request.user)
        initial: dict[str, Any] = {
            "amount": allocation,
            "version": current.version if current else 0,
            "contact_name": user.full_name,
            "contact_email": user.email,
            "contact_phone": user.phone,
        }
        if current is not None:
            initial.update(
                {
                    name: getattr(current, name)
                    for name in (
                        "amount",
                        "account_type",
                        "account_number",
                        "organisation_number_confirmed",
                        "region_reference",
                        "contact_name",
                        "contact_email",
                        "contact_phone",
                        "signatory_name",
                        "signatory_title",
                        "attested",
                    )
                }
            )
        return RequisitionForm(
            data,
            initial=initial,
            allocation=allocation,
            organisation_number=self.region.organisation_number,
            diarienummer=self.grant.decision.diarienummer,
        )

    def _render(
        self, form: RequisitionForm, current: Requisition | None, **extra: Any
    ) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {
                "region": self.region,
                "grant": self.grant,
                "case": self.case,
                "form": form,
                "current": current,
                "allocation": self.allocation,
                "deadline": self.deadline,
                "can_submit": permissions.can_submit_for_region(self.request.user, self.region),
                "signing": signing.signing_required(self.request.user),
                **extra,
            },
        )

    def _closed(self, **extra: Any) -> HttpResponse:
        return render(
            self.request,
            "requisitions/requisition_closed.html",
            {
                "region": self.region,
                "grant": self.grant,
                "deadline": self.deadline,
                **extra,
            },
        )

    def _to_receipt(self) -> HttpResponse:
        return redirect(
            "requisitions:receipt", county_code=self.region.county_code, year=self.grant.year
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_prepare_for_region(request.user, self.region):
            raise PermissionDenied
        if signature_views.RETURN_SESSION_KEY in request.session:
            # Back from a signature that was refused: the form as it was, with what was wrong.
            self.setup_case()
            returned = signature_views.take_return(request, SignedKind.REQUISITION, self.case)
            if returned is not None:
                return self._show_returned(*returned)
        return page_cache.serve(request, self._show, page_cache.region_page_scopes(self.region.pk))

    def _show_returned(self, pending: Any, errors: dict[str, Any], message: str) -> HttpResponse:
        current = selectors.active_requisition(self.case)
        if current is not None and not current.is_draft:
            return self._to_receipt()
        form = self._form(current, pending.form_query())
        form.is_valid()
        for field, field_errors in errors.items():
            for error in field_errors:
                form.add_error(field if field in form.fields else None, error)
        if message:
            form.add_error(None, message)
        return self._render(form, current)

    def signed_content(self, form: RequisitionForm, current: Requisition | None) -> dict[str, Any]:
        """What the submitter signs: the form's data for this case, as it will be stored."""
        return signing.requisition_content(
            source=form.to_data(),
            case=self.case,
            organisation_number=(
                current.organisation_number if current else self.region.organisation_number
            ),
            diarienummer=current.diarienummer if current else self.grant.decision.diarienummer,
            allocation=(current.allocation_amount if current else self.allocation),
        )

    def _show(self) -> HttpResponse:
        # The case, its requisition, deadline and allocation in one query.
        page = selectors.requisition_form_page(self.kwargs["year"], self.region.pk)
        self.case = page.case
        self.case.region = self.region
        self.grant = self.case.grant
        self.__dict__["deadline"] = page.deadline  # the cached properties, already read
        if page.allocation is not None:
            self.__dict__["allocation"] = page.allocation
        current = page.current
        if current is not None and not current.is_draft:
            return self._to_receipt()
        if not self._is_open():
            return self._closed(current=current)
        return self._render(self._form(current), current)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        if not permissions.can_prepare_for_region(request.user, self.region):
            raise PermissionDenied
        submitting = request.POST.get("action") == "submit"
        if submitting and not permissions.can_submit_for_region(request.user, self.region):
            raise PermissionDenied
        current = selectors.active_requisition(self.case)
        if current is not None and not current.is_draft:
            messages.info(
                request, _("The requisition has already been submitted. Here is the receipt.")
            )
            return self._to_receipt()
        if not self._is_open():
            return self._closed(current=current, refused_late=True)
        form = self._form(current, request.POST)
        if form.is_valid() and submitting:
            form.require_all()
        if not form.is_valid():
            return self._render(form, current)
        if submitting and signing.signing_required(request.user):
            # Submitted by signing: the version is kept, the submitter identifies themselves
            # with e-ID, and finish_signed_requisition submits it (signatures/).
            return signature_views.start_signing(
                request,
                kind=SignedKind.REQUISITION,
                case=self.case,
                content=self.signed_content(form, current),
            )
        service = services.requisition_submit if submitting else services.requisition_save_draft
        try:
            service(
                case=self.case,
                data=form.to_data(),
                version=form.cleaned_data["version"],
                actor=request.user,
            )
        except services.AlreadySubmitted:
            messages.info(
                request, _("The requisition has already been submitted. Here is the receipt.")
            )
            return self._to_receipt()
        except services.EditConflict as conflict:
            # Keep what this user typed, but on top of the version that is now saved.
            data = request.POST.copy()
            data["version"] = str(conflict.current.version if conflict.current else 0)
            current = selectors.active_requisition(self.case)
            form = self._form(current, data)
            form.is_valid()
            return self._render(form, current, conflict=conflict.current or True)
        except services.RequisitionClosed:
            return self._closed(current=current, refused_late=True)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self._render(form, current)
        except IntegrityError:
            # The database's last word under concurrency: someone else submitted first.
            if selectors.active_requisition(self.case) is not None:
                messages.info(
                    request, _("The requisition has already been submitted. Here is the receipt.")
                )
                return self._to_receipt()
            raise
        if submitting:
            return self._to_receipt()
        messages.success(request, _("The draft is saved. It has not been submitted."))
        return redirect(
            "requisitions:form", county_code=self.region.county_code, year=self.grant.year
        )


class RequisitionReceiptView(RegionCaseMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        requisition = selectors.active_requisition(self.case)
        if requisition is None or requisition.is_draft:
            return redirect(
                "requisitions:form", county_code=self.region.county_code, year=self.grant.year
            )
        return render(
            request,
            "requisitions/requisition_receipt.html",
            {"region": self.region, "grant": self.grant, "requisition": requisition},
        )


def finish_signed_requisition(request: HttpRequest, pending: Any, result: Any) -> HttpResponse:
    """Back from the e-ID broker with a signature (signatures.views.finish_signing): submit the
    kept version through the submit service, with the signature, in one transaction."""
    case = pending.case
    if not permissions.can_submit_for_region(request.user, case.region):
        raise PermissionDenied
    view = RequisitionFormView()
    view.setup(request, county_code=case.region.county_code, year=case.grant.year)
    view.region = case.region
    view.setup_case()
    back = {
        "to": "requisitions:form",
        "county_code": case.region.county_code,
        "year": case.grant.year,
    }
    current = selectors.active_requisition(view.case)
    if current is not None and not current.is_draft:
        messages.info(
            request, _("The requisition has already been submitted. Here is the receipt.")
        )
        return view._to_receipt()
    form = view._form(current, pending.form_query())
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
            signatory_field="signatory_name",
            signatory=form.cleaned_data.get("signatory_name") or "",
            submit=lambda: services.requisition_submit(
                case=view.case,
                data=form.to_data(),
                version=form.cleaned_data["version"],
                actor=request.user,
            ),
        )
    except services.AlreadySubmitted:
        messages.info(
            request, _("The requisition has already been submitted. Here is the receipt.")
        )
        return view._to_receipt()
    except services.EditConflict:
        return signature_views.send_back(
            request,
            pending,
            ValidationError(
                _(
                    "Someone else saved the requisition while you were signing. Check it and "
                    "submit again."
                )
            ),
            **back,
        )
    except ValidationError as error:
        return signature_views.send_back(request, pending, error, **back)
    messages.success(request, _("The requisition is signed with your e-ID and submitted."))
    return view._to_receipt()
