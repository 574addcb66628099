"""What the page header needs to know about the user, without a query of its own: the roles
and a region user's regions (county code and name, for the menu) come with the user
(accounts/backends.py; asking for them cost a region user's page about 0.3 ms).

The header's links are the same on every page, so their addresses are worked out once per
URL configuration and script prefix, not by a ``{% url %}`` per link on every page (a dozen
of them cost an officer's page about a millisecond)."""

import functools
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from accounts import permissions, security
from core.address_patterns import address_pattern

# The header's and the footer's links, by the name the template uses.
HEADER_LINKS = {
    "home": "core:home",
    "account": "accounts:account",
    "logout": "accounts:logout",
    "set_language": "set_language",
    "search": "reporting:search",
    "accessibility": "core:accessibility",
}
# The menu, in order: (address name, label, who sees it).
AUDITOR, STAFF, NOT_STAFF, ADMIN_SITE = "auditor", "staff", "not_staff", "admin_site"
MENU = (
    ("portal:auditor_home", _("Audit"), AUDITOR),
    ("portal:inbox", _("Inbox"), STAFF),
    ("grants:list", _("Grants"), STAFF),
    ("requisitions:queue", _("Requisitions"), STAFF),
    ("reports:newest_queue", _("Reports"), STAFF),
    ("requisitions:payment_files", _("Payment files"), STAFF),
    ("repayments:list", _("Repayments"), STAFF),
    ("ombud:review_list", _("Ombud applications"), STAFF),
    ("reporting:audit_trail", _("Audit trail"), STAFF),
)
MENU_AFTER_REGIONS = (
    ("ombud:mine", _("Ombud application"), NOT_STAFF),
    ("admin:index", _("Admin site"), ADMIN_SITE),
)


@functools.lru_cache(maxsize=16)
def _addresses(urlconf: str | None, script_prefix: str) -> dict[str, str]:
    names = [*HEADER_LINKS.values(), *(name for name, _l, _w in MENU + MENU_AFTER_REGIONS)]
    return {name: reverse(name, urlconf=urlconf) for name in names}


def addresses() -> dict[str, str]:
    """Address name → path of every link in the header and the footer."""
    return _addresses(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def _menu(user: Any, known: dict[str, str]) -> list[tuple[str, Any]]:
    shown = {
        AUDITOR: permissions.is_auditor(user),
        STAFF: permissions.is_agency_staff(user),
        NOT_STAFF: not permissions.is_agency_staff(user),
        ADMIN_SITE: user.is_staff,
    }
    links: list[tuple[str, Any]] = [(known[name], label) for name, label, who in MENU if shown[who]]
    if permissions.is_region_user(user):
        home = address_pattern("regions:home", "county_code")
        links += [
            (home.format(county_code=quote(code)), name)
            for code, name in permissions.regions_in_menu(user)
        ]
    links += [(known[name], label) for name, label, who in MENU_AFTER_REGIONS if shown[who]]
    return links


def navigation(request: Any) -> dict[str, Any]:
    known = addresses()
    header = {key: known[name] for key, name in HEADER_LINKS.items()}
    user = getattr(request, "user", None)
    # Half logged in (the second factor still owed): no menu, no name, only logging out.
    if user is None or not security.is_fully_logged_in(user):
        return {
            "contact_email": settings.GRANT_CONTACT_EMAIL,
            "nav_signed_in": False,
            "nav_links": header,
        }
    return {
        "contact_email": settings.GRANT_CONTACT_EMAIL,
        "nav_signed_in": True,
        "nav_links": header,
        "nav_menu": _menu(user, known),
        "nav_is_staff": permissions.is_agency_staff(user),
    }
