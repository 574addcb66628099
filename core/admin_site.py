"""The service's admin site: Django's, with the list of every app and model worked out only
where a page shows it.

Django lists every app and model the user may see for every admin page (``available_apps``
in ``AdminSite.each_context``, for the model list beside each page), which cost about a
quarter of building a list page. That list beside the pages is switched off (the index and
the breadcrumbs lead everywhere), so here the app list is worked out when it is first read:
on the index and an app's page, not on a list or a record.

The addresses every admin page's header and breadcrumbs lead to (the index, changing the
password, logging out, each app's page) are worked out once per URL configuration and script
prefix, as the service's own header's are (portal/context_processors.py), not by a
``{% url %}`` per link on every page."""

import functools
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as AdminAppConfig
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


class StatsbidragAdminSite(admin.AdminSite):
    site_header = _("Statsbidrag – administration")
    site_title = _("Statsbidrag")
    index_title = _("Records and configuration")
    enable_nav_sidebar = False

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> Any:
        build = super().get_app_list
        return SimpleLazyObject(lambda: build(request, app_label))

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        context["admin_addresses"] = self.addresses()
        return context

    def addresses(self) -> dict[str, Any]:
        """{"index", "password_change", "logout", "docs" (None without the admin
        documentation), "apps": {app label: its page}} for the current URL configuration."""
        labels = frozenset(model._meta.app_label for model in self._registry)
        return _addresses(
            self.name, labels, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
        )


@functools.lru_cache(maxsize=16)
def _addresses(
    site: str, labels: frozenset[str], urlconf: str, script_prefix: str
) -> dict[str, Any]:
    try:
        docs = reverse("django-admindocs-docroot", urlconf=urlconf)
    except NoReverseMatch:
        docs = None
    return {
        "index": reverse(f"{site}:index", urlconf=urlconf),
        "password_change": reverse(f"{site}:password_change", urlconf=urlconf),
        "logout": reverse(f"{site}:logout", urlconf=urlconf),
        "docs": docs,
        "apps": {
            label: reverse(f"{site}:app_list", kwargs={"app_label": label}, urlconf=urlconf)
            for label in labels
        },
    }


class AdminConfig(AdminAppConfig):
    """Django's admin app with this site (INSTALLED_APPS names it instead of
    ``django.contrib.admin``)."""

    default_site = "core.admin_site.StatsbidragAdminSite"
