"""The reference rates page: the Riksbank's reference rate per half-year, entered and corrected
by officers, with the half-years overdue recovery claims need but nobody has entered."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import StaffRequiredMixin
from accounts.permissions import is_officer
from core import formats
from core.forms import apply_service_errors

from . import interest
from .interest_forms import ReferenceRateForm
from .models import ReferenceRate


class ReferenceRatesView(StaffRequiredMixin, View):
    template_name = "repayments/reference_rates.html"

    def _render(self, request: HttpRequest, form: ReferenceRateForm) -> HttpResponse:
        rates = list(ReferenceRate.objects.select_related("entered_by", "corrected_by"))
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "rates": [
                    (
                        rate,
                        interest.format_rate(rate.rate_bp),
                        interest.format_rate(rate.rate_bp + interest.MARGIN_BP),
                    )
                    for rate in rates
                ],
                "missing": [interest.missing_rate_message(day) for day in interest.missing_rates()],
                "can_act": is_officer(request.user),
            },
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(request, ReferenceRateForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_officer(request.user):
            raise PermissionDenied
        form = ReferenceRateForm(request.POST)
        if form.is_valid():
            try:
                rate = interest.reference_rate_set(
                    starts_on=form.cleaned_data["starts_on"],
                    rate_bp=form.cleaned_data["rate"],
                    source=form.cleaned_data["source"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The reference rate for the half-year from %(date)s is %(rate)s %%.")
                    % {
                        "date": formats.day(rate.starts_on),
                        "rate": interest.format_rate(rate.rate_bp),
                    },
                )
                return redirect("repayments:reference_rates")
        return self._render(request, form)
