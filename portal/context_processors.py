"""What the page header needs to know about the user: at most one query (a region user's
regions; the roles come with the user, accounts/backends.py)."""

from typing import Any

from django.conf import settings

from accounts import permissions, security


def navigation(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # Half logged in (the second factor still owed): no menu, no name, only logging out.
    if user is None or not security.is_fully_logged_in(user):
        return {"contact_email": settings.GRANT_CONTACT_EMAIL, "nav_signed_in": False}
    return {
        "contact_email": settings.GRANT_CONTACT_EMAIL,
        "nav_signed_in": True,
        "nav_is_officer": permissions.is_officer(user),
        "nav_is_auditor": permissions.is_auditor(user),
        "nav_regions": list(permissions.regions_visible_to(user))
        if permissions.is_region_user(user)
        else [],
    }
