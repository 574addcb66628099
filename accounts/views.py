from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.forms import apply_service_errors

from . import permissions, security, selectors, services
from .forms import InviteForm, LoginForm, MembershipForm, PasswordResetRequestForm
from .mixins import RecentAuthenticationRequiredMixin, RegionAccessMixin
from .models import RegionMembership


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.conf import settings

        from . import oidc

        return {
            **super().get_context_data(**kwargs),
            "eid_enabled": oidc.enabled(),
            "password_for_region_users": settings.PASSWORD_LOGIN_FOR_REGION_USERS,
        }

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if not security.requires_two_factor(form.get_user()):
            security.mark_authenticated(self.request)  # the password is every factor they have
        # A user who needs a second factor is half logged in until they give it: the
        # middleware sends them to the code page, which marks the session then.
        return response


class LogoutView(auth_views.LogoutView):
    pass


class ActivateView(auth_views.PasswordResetConfirmView):
    """Set a password from an invitation or a reset link."""

    template_name = "accounts/activate.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, gettext_lazy("Your password is set. Log in with it."))
        return response


class PasswordResetRequestView(View):
    template_name = "accounts/password_reset.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": PasswordResetRequestForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PasswordResetRequestForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        services.password_reset_request(email=form.cleaned_data["email"])
        return render(request, self.template_name, {"sent": True})


class RegionUsersView(RegionAccessMixin, RecentAuthenticationRequiredMixin, View):
    """The region's users, the history of their roles and the invitation form, for the ombud
    and the representatives (each invites the roles DOMAIN.md's table gives them). Giving
    someone a role needs a recent login."""

    reauth_methods = ("POST",)

    template_name = "accounts/region_users.html"

    def _check(self) -> None:
        if not permissions.can_manage_region_users(self.request.user, self.region):
            raise PermissionDenied

    def _roles(self) -> frozenset[str]:
        return permissions.roles_managed_by(self.request.user, self.region)

    def _render(self, form: InviteForm) -> HttpResponse:
        roles = self._roles()
        return render(
            self.request,
            self.template_name,
            {
                "region": self.region,
                "members": [
                    (membership, membership.role in roles)
                    for membership in selectors.region_members(self.region.pk)
                ],
                "history": selectors.region_role_history(self.region.pk),
                "form": form,
            },
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._check()
        return self._render(InviteForm(roles=self._roles()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._check()
        form = InviteForm(request.POST, roles=self._roles())
        if form.is_valid():
            try:
                services.region_user_invite(
                    region=self.region,
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    role=form.cleaned_data["role"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The invitation is sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("accounts:region_users", county_code=self.region.county_code)
        return self._render(form)


class RegionMembershipView(RegionAccessMixin, RecentAuthenticationRequiredMixin, View):
    template_name = "accounts/region_membership.html"

    def _membership(self) -> RegionMembership:
        if not permissions.can_manage_region_users(self.request.user, self.region):
            raise PermissionDenied
        membership = get_object_or_404(
            RegionMembership.objects.select_related("user"),
            pk=self.kwargs["pk"],
            region=self.region,
        )
        if not permissions.can_manage_role(self.request.user, self.region, membership.role):
            raise PermissionDenied
        return membership

    def _roles(self) -> frozenset[str]:
        return permissions.roles_managed_by(self.request.user, self.region)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = self._membership()
        form = MembershipForm(
            initial={"role": membership.role, "is_active": membership.is_active},
            roles=self._roles(),
        )
        return render(
            request,
            self.template_name,
            {"region": self.region, "membership": membership, "form": form},
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = self._membership()
        form = MembershipForm(request.POST, roles=self._roles())
        if form.is_valid():
            try:
                services.region_membership_change(
                    membership=membership,
                    role=form.cleaned_data["role"],
                    active=form.cleaned_data["is_active"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The role is saved."))
                return redirect("accounts:region_users", county_code=self.region.county_code)
        return render(
            request,
            self.template_name,
            {"region": self.region, "membership": membership, "form": form},
        )


def admin_login_redirect(request: HttpRequest) -> HttpResponse:
    """/admin/login/: to the service's own login (and back to the admin site after it)."""
    from .views_security import safe_next

    return redirect(
        f"{reverse('accounts:login')}?{urlencode({'next': safe_next(request, '/admin/')})}"
    )
