"""The second step of logging in, enrolling and removing authenticators, recovery codes, the
account page, and confirming one's identity again before a sensitive act."""

from typing import Any, cast

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.forms import apply_service_errors

from . import enrolment, oidc, security, two_factor
from .forms import AuthenticatorAddForm, CodeForm, FreshCodeForm, ReauthenticateForm
from .mixins import RecentAuthenticationRequiredMixin
from .models import EnrolmentLink, User


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
    """The second step of logging in: a code from the authenticator, or a recovery code. A
    staff member without an authenticator is told how to get an enrolment link."""

    template_name = "accounts/two_factor.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not security.is_half_logged_in(request.user):
            # Nothing to give: a code here must not count as confirming one's identity again.
            return redirect(safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request: HttpRequest, form: CodeForm) -> HttpResponse:
        if not security.has_confirmed_device(request.user):
            return render(request, NO_AUTHENTICATOR_TEMPLATE, no_authenticator_context())
        return render(request, self.template_name, {"form": form, "next": safe_next(request)})

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        if not security.has_confirmed_device(request.user):
            return self._render(request, form)
        wait = two_factor.seconds_to_wait(request.user)
        if wait > 0:
            form.add_error(None, two_factor.wait_message(wait))
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
        return self._render(request, form)


NO_AUTHENTICATOR_TEMPLATE = "accounts/two_factor_no_authenticator.html"


def no_authenticator_context() -> dict[str, Any]:
    return {"hours": settings.ENROLMENT_LINK_HOURS}


def _enrol_context(request: HttpRequest, form: forms.Form, *, required: bool) -> dict[str, Any]:
    key = two_factor.new_key(request.session)
    return {
        "form": form,
        "qr": two_factor.qr_svg(key, request.user),
        "secret": two_factor.secret_base32(key),
        "next": safe_next(request),
        "required": required,
    }


def _enrolled(
    request: HttpRequest, device: Any, codes: list[str], *, log_in: bool
) -> HttpResponse | None:
    """After an authenticator is added: forget its key; the recovery codes, if any."""
    request.session.pop(two_factor.NEW_KEY_SESSION_KEY, None)
    if log_in:
        django_otp.login(request, device)
    if codes:
        return render(
            request, "accounts/recovery_codes.html", {"codes": codes, "next": safe_next(request)}
        )
    return None


class TwoFactorEnrolLinkView(View):
    """Enrol an authenticator through an administrator's link: the user it was sent to, logged
    in with their password (half logged in is enough), scans the code, confirms it with a
    first code and gets recovery codes. Any other link, or someone else's, is refused."""

    template_name = "accounts/two_factor_enrol.html"
    link: EnrolmentLink

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        link = enrolment.find(kwargs["key"])
        link_state = enrolment.state(link)
        if link is None or link_state is not enrolment.LinkState.USABLE:
            status = 404 if link_state is enrolment.LinkState.UNKNOWN else 410
            return _link_refused(request, enrolment.refusal(link_state), status=status)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if link.user_id != request.user.pk:
            return _link_refused(
                request,
                _(
                    "This enrolment link was sent to someone else. Log out, and log in as the "
                    "person it was sent to."
                ),
                status=403,
            )
        self.link = link
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request: HttpRequest, form: CodeForm) -> HttpResponse:
        return render(request, self.template_name, _enrol_context(request, form, required=True))

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        return self._render(request, CodeForm())

    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                device, codes = two_factor.authenticator_add(
                    user=request.user,
                    key=two_factor.new_key(request.session),
                    code=form.cleaned_data["code"],
                    link=self.link,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                codes_page = _enrolled(request, device, codes, log_in=True)
                security.mark_authenticated(request)  # the password, the link and the new code
                return codes_page or redirect(safe_next(request))
        return self._render(request, form)


def _link_refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(
        request, "accounts/enrolment_link_refused.html", {"message": message}, status=status
    )


class TwoFactorEnrolView(LoginRequiredMixin, RecentAuthenticationRequiredMixin, View):
    """Add an authenticator from the account page: with a fresh code from the one the user
    has; a region user's first one with their (recent) password. Staff without one need an
    administrator's enrolment link."""

    template_name = "accounts/two_factor_enrol.html"

    def reauth_return_url(self) -> str:
        return reverse("accounts:two_factor_enrol")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if (
            request.user.is_authenticated
            and security.is_staff_account(request.user)
            and not two_factor.has_authenticator(request.user)
        ):
            return render(
                request, NO_AUTHENTICATOR_TEMPLATE, no_authenticator_context(), status=403
            )
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data: Any = None) -> forms.Form:
        if two_factor.has_authenticator(self.request.user):
            return AuthenticatorAddForm(data)
        return CodeForm(data)

    def _render(self, request: HttpRequest, form: forms.Form) -> HttpResponse:
        context = _enrol_context(request, form, required=security.requires_two_factor(request.user))
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                device, codes = two_factor.authenticator_add(
                    user=request.user,
                    key=two_factor.new_key(request.session),
                    code=form.cleaned_data["code"],
                    current_code=form.cleaned_data.get("current_code"),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                # A first authenticator: from now on the session needs it, and has it.
                first = _enrolled(request, device, codes, log_in=bool(codes))
                if first is not None:
                    return first
                messages.success(request, _("The authenticator is added."))
                return redirect("accounts:account")
        return self._render(request, form)


class AccountView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "accounts/account.html",
            {
                "authenticators": two_factor.devices_of(request.user),
                "recovery_codes_left": two_factor.recovery_codes_left(request.user),
                "required": security.requires_two_factor(request.user),
                "staff": security.is_staff_account(request.user),
                "eid_enabled": oidc.enabled(),
                "eid_login": oidc.session_assurance(request),
            },
        )


class RecoveryCodesView(LoginRequiredMixin, RecentAuthenticationRequiredMixin, View):
    """New recovery codes in place of the old ones, for a fresh authenticator code."""

    template_name = "accounts/fresh_code.html"

    def reauth_return_url(self) -> str:
        return reverse("accounts:recovery_codes")

    def _render(self, request: HttpRequest, form: FreshCodeForm) -> HttpResponse:
        if not two_factor.has_authenticator(request.user):
            return redirect("accounts:account")  # no codes without an authenticator
        return render(request, self.template_name, {"form": form, "purpose": "recovery_codes"})

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, FreshCodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if not two_factor.has_authenticator(request.user):
            return redirect("accounts:account")
        form = FreshCodeForm(request.POST)
        if form.is_valid():
            try:
                codes = two_factor.recovery_codes_renew(
                    user=request.user, code=form.cleaned_data["code"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": reverse("accounts:account")},
                )
        return self._render(request, form)


class AuthenticatorRemoveView(LoginRequiredMixin, RecentAuthenticationRequiredMixin, View):
    """Remove one of one's authenticators, with a fresh code; staff keep at least one."""

    template_name = "accounts/fresh_code.html"

    def reauth_return_url(self) -> str:
        return reverse("accounts:account")

    def _device(self) -> TOTPDevice:
        return get_object_or_404(
            TOTPDevice, pk=self.kwargs["pk"], user=self.request.user, confirmed=True
        )

    def _render(self, request: HttpRequest, form: FreshCodeForm, device: Any) -> HttpResponse:
        last = (
            security.is_staff_account(request.user)
            and len(two_factor.devices_of(request.user)) == 1
        )
        return render(
            request,
            self.template_name,
            {"form": form, "purpose": "remove", "device": device, "last": last},
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, FreshCodeForm(), self._device())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        device = self._device()
        form = FreshCodeForm(request.POST)
        if form.is_valid():
            try:
                verifier = two_factor.authenticator_remove(
                    device=device, actor=request.user, code=form.cleaned_data["code"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if verifier is not None and verifier.pk != device.pk:
                    # The session stays verified by the authenticator that gave the code.
                    django_otp.login(request, verifier)
                messages.success(request, _("The authenticator is removed."))
                return redirect("accounts:account")
        return self._render(request, form, device)


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
