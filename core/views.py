"""The front door: send each user to where their work is."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import permissions


@login_required
def home(request: Any) -> Any:
    user = request.user
    if permissions.is_officer(user):
        # Officers start from the inbox: what waits, across all grants.
        return redirect("portal:inbox")
    if permissions.is_auditor(user):
        return redirect("portal:auditor_home")
    regions = list(permissions.regions_visible_to(user)[:2])
    if len(regions) == 1:
        return redirect("regions:home", county_code=regions[0].county_code)
    return render(request, "core/home.html", {"regions": permissions.regions_visible_to(user)})


@require_safe
def accessibility(request: Any) -> Any:
    return render(request, "core/accessibility.html", {"report_url": reverse("core:accessibility")})


@never_cache
@require_safe
def health(request: Any) -> HttpResponse:
    """For the load balancer and the container's health check: the process answers through
    the whole middleware stack. No login and no query of its own."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
