from django.contrib import admin
from django.urls import include, path

from accounts.views import admin_login_redirect

# Django tries the patterns in order, and an include with an empty prefix tries every one of
# its patterns: the includes with a prefix of their own come before the other apps' empty
# prefixes, so that an address under /admin/ (some sixty models) or /region/ is not first
# tried against every officer's page. No address matches two of these
# (tests/config/test_urls.py).
urlpatterns = [
    path("", include("core.urls")),  # the start page, health, accessibility: none under these
    # The admin site's own login would take a password without the service's throttling,
    # lockout and second factor: it sends people to the service's login instead.
    path("admin/login/", admin_login_redirect, name="admin_login"),
    path("admin/", admin.site.urls),
    path("region/", include("portal.region_urls")),
    path("bidrag/befolkning/", include("regions.population_urls")),
    path("bidrag/", include("grants.urls")),
    path("dokument/", include("records.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
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
]
