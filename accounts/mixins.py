"""View mixins that ask :mod:`accounts.permissions`; anonymous users go to the login page."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from regions.models import Region

from . import permissions


class StaffRequiredMixin(LoginRequiredMixin):
    """Officers and auditors (auditors only ever read)."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not permissions.is_agency_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OfficerRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not permissions.is_officer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RegionAccessMixin(LoginRequiredMixin):
    """Resolves ``self.region`` from the URL's county code; only users who may see it pass."""

    region: Region

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        region = permissions.region_with_role(request.user, kwargs["county_code"])
        if region is None:
            raise Http404("no such region")
        self.region = region
        if not permissions.can_view_region(request.user, self.region):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RecentAuthenticationRequiredMixin:
    """For the most sensitive acts: the user must have logged in (or confirmed their password
    and code) within REAUTH_MAX_AGE_MINUTES; otherwise they confirm it first."""

    reauth_methods: tuple[str, ...] = ("GET", "POST")

    def reauth_return_url(self) -> str:
        return self.request.get_full_path()  # type: ignore[attr-defined]

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        from .security import recently_authenticated

        if (
            request.method in self.reauth_methods
            and request.user.is_authenticated
            and not recently_authenticated(request)
        ):
            self.request = request
            return redirect(
                f"{reverse('accounts:reauthenticate')}?{urlencode({'next': self.reauth_return_url()})}"
            )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
