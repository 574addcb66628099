"""What the page header needs to know about the user (a fixed number of queries)."""

from typing import Any

from django.conf import settings

from accounts import permissions, security
from grants.models import DecisionStatus, Grant


def navigation(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # Half logged in (the second factor still owed): no menu, no name, only logging out.
    if user is None or not security.is_fully_logged_in(user):
        return {"contact_email": settings.GRANT_CONTACT_EMAIL, "nav_signed_in": False}
    is_staff = permissions.is_officer(user) or permissions.is_auditor(user)
    return {
        "contact_email": settings.GRANT_CONTACT_EMAIL,
        "nav_signed_in": True,
        "nav_is_officer": permissions.is_officer(user),
        "nav_is_auditor": permissions.is_auditor(user),
        # The menu's "Reports" leads to the reports of the newest decided round (one query).
        "nav_reports_year": Grant.objects.filter(decision__status=DecisionStatus.DECIDED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
        if is_staff
        else None,
        "nav_regions": list(permissions.regions_visible_to(user))
        if permissions.is_region_user(user)
        else [],
    }
