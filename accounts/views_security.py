"""The second step of logging in, setting up two-factor login, recovery codes, the account
page, and confirming one's identity again before a sensitive act."""

from typing import Any, cast

import django_otp
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from . import security, two_factor
from .forms import CodeForm, ReauthenticateForm
from .mixins import RecentAuthenticationRequiredMixin
from .models import User


def safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    # Only a path on this site: redirect() would read anything else ("0", "home") as the
    # name of a view, and a name that is none is a server error.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class TwoFactorView(LoginRequiredMixin, View):
    """The second step of logging in: a code from the authenticator, or a recovery code."""

    template_name = "accounts/two_factor.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not security.has_confirmed_device(request.user):
            return redirect(f"{reverse('accounts:two_factor_enrol')}?next={safe_next(request)}")
        return render(request, self.template_name, {"form": CodeForm(), "next": safe_next(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        wait = two_factor.seconds_to_wait(request.user)
        if wait > 0:
            form.add_error(
                None,
                _("Too many wrong codes. Wait %(seconds)d seconds and try again.")
                % {"seconds": wait},
            )
        elif form.is_valid():
            device = two_factor.device_for_token(request.user, form.cleaned_data["code"])
            if device is not None:
                django_otp.login(request, device)
                security.mark_authenticated(request)
                return redirect(safe_next(request))
            security.record_attempt(
                email=cast(User, request.user).email,
                ip=security.client_ip(request),
                succeeded=False,
            )
            form.add_error("code", _("The code is wrong or too old. Try the newest code."))
        return render(request, self.template_name, {"form": form, "next": safe_next(request)})


class TwoFactorEnrolView(LoginRequiredMixin, View):
    """Set up an authenticator app: scan the code, confirm with a first code, get recovery codes."""

    template_name = "accounts/two_factor_enrol.html"

    def _render(self, request: HttpRequest, form: CodeForm) -> HttpResponse:
        device = two_factor.pending_totp_device(request.user)
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "qr": two_factor.qr_svg(device),
                "secret": two_factor.secret_base32(device),
                "next": safe_next(request),
                "required": security.requires_two_factor(request.user),
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        if security.has_confirmed_device(request.user) and not request.user.is_verified():  # type: ignore[union-attr]
            return redirect(f"{reverse('accounts:two_factor')}?next={safe_next(request)}")
        return self._render(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if security.has_confirmed_device(request.user) and not request.user.is_verified():  # type: ignore[union-attr]
            return redirect(reverse("accounts:two_factor"))
        form = CodeForm(request.POST)
        wait = two_factor.seconds_to_wait(request.user)
        if wait > 0:
            form.add_error(
                None,
                _("Too many wrong codes. Wait %(seconds)d seconds and try again.")
                % {"seconds": wait},
            )
        elif form.is_valid():
            device = two_factor.pending_totp_device(request.user)
            codes = two_factor.totp_confirm(
                user=request.user, device=device, token=form.cleaned_data["code"]
            )
            if codes is not None:
                device.refresh_from_db()
                django_otp.login(request, device)
                security.mark_authenticated(request)
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": safe_next(request)},
                )
            form.add_error(
                "code", _("The code is wrong. Check that the app shows the account you just added.")
            )
        return self._render(request, form)


class AccountView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "accounts/account.html",
            {
                "has_two_factor": security.has_confirmed_device(request.user),
                "required": security.requires_two_factor(request.user),
            },
        )


class RecoveryCodesView(LoginRequiredMixin, RecentAuthenticationRequiredMixin, View):
    def reauth_return_url(self) -> str:
        return reverse("accounts:account")

    def post(self, request: HttpRequest) -> HttpResponse:
        if not security.has_confirmed_device(request.user):
            return redirect("accounts:account")
        codes = two_factor.recovery_codes_renew(user=request.user)
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": reverse("accounts:account")},
        )


class ReauthenticateView(LoginRequiredMixin, View):
    """Confirm the password (and code) again before a sensitive act."""

    template_name = "accounts/reauthenticate.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self._context(request, ReauthenticateForm()))

    def _context(self, request: HttpRequest, form: ReauthenticateForm) -> dict[str, Any]:
        return {
            "form": form,
            "next": safe_next(request),
            "needs_code": security.has_confirmed_device(request.user),
        }

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ReauthenticateForm(request.POST)
        user = cast(User, request.user)
        ip = security.client_ip(request)
        if form.is_valid():
            if security.is_locked(user.email, ip):
                form.add_error(None, _("Too many failed attempts. Try again later."))
            elif (
                authenticate(request, username=user.email, password=form.cleaned_data["password"])
                is None
            ):
                security.record_attempt(email=user.email, ip=ip, succeeded=False)
                form.add_error("password", _("The password is wrong."))
            elif (
                security.has_confirmed_device(user)
                and two_factor.device_for_token(user, form.cleaned_data["code"]) is None
            ):
                security.record_attempt(email=user.email, ip=ip, succeeded=False)
                form.add_error("code", _("The code is wrong or too old. Try the newest code."))
            else:
                security.mark_authenticated(request)
                messages.success(request, _("Thank you. You can go on."))
                return redirect(safe_next(request))
        return render(request, self.template_name, self._context(request, form))


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response
