from django.contrib import admin
from django.urls import include, path

from accounts.views import admin_login_redirect

urlpatterns = [
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("bidrag/befolkning/", include("regions.population_urls")),
    path("bidrag/", include("grants.urls")),
    path("region/", include("portal.region_urls")),
    path("", include("requisitions.urls")),
    path("", include("reports.urls")),
    path("", include("repayments.urls")),
    path("", include("reminders.urls")),
    path("", include("reporting.urls")),
    path("", include("ombud.urls")),
    path("", include("conversations.urls")),
    path("", include("attachments.urls")),
    path("", include("signatures.urls")),
    path("", include("portal.urls")),
    path("dokument/", include("records.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin site's own login would take a password without the service's throttling,
    # lockout and second factor: it sends people to the service's login instead.
    path("admin/login/", admin_login_redirect, name="admin_login"),
    path("admin/", admin.site.urls),
]
