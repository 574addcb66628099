"""The service's admin site: Django's, with the list of every app and model worked out only
where a page shows it.

Django lists every app and model the user may see for every admin page (``available_apps``
in ``AdminSite.each_context``, for the model list beside each page), which cost about a
quarter of building a list page. That list beside the pages is switched off (the index and
the breadcrumbs lead everywhere), so here the app list is worked out when it is first read:
on the index and an app's page, not on a list or a record."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as AdminAppConfig
from django.http import HttpRequest
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


class AdminConfig(AdminAppConfig):
    """Django's admin app with this site (INSTALLED_APPS names it instead of
    ``django.contrib.admin``)."""

    default_site = "core.admin_site.StatsbidragAdminSite"
