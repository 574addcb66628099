"""A user's page kept until anything it shows can have changed.

The main pages (the region's home, the requisition and report forms, the officer's queue,
the overview, the admin site's lists) cost 14–50 ms of CPU to build, almost all of it in
reading the case data and rendering it; served again they cost 2–3 ms (docs/performance.md). Most views of them repeat the last one exactly. So
a page is kept, per user, under a key that changes whenever its content can:

- the request's path and query string, the user, the language;
- today's date in Stockholm (deadlines open and close by the day);
- the **data version**: the id of the newest audit event.

Every change to the case data — by a service, by the admin site
(:class:`core.admin.AuditedAdmin`) — writes an audit event in the same transaction, and
``audit_record`` takes the chain's lock before allocating the event's id, so ids become
visible in commit order. A request reads the version *before* it reads any data, so a page
kept under version N holds data at least as new as N, and once a change commits every
request sees a higher version. A kept page can therefore never show data older than a
committed change. ``VERSIONED_TABLES`` names the tables a kept page may read; the tests
fail when a kept page reads any other (``tests/permissions/test_kept_pages.py``), and show
that a change, a new day, another language or another user gets a new page
(``tests/requisitions/test_kept_pages.py``).

What is not the same for every view of a page is never kept: a request with a message to
show is answered afresh (and its page is not kept), and the forms' CSRF tokens are cut out
when a page is kept and the requesting session's token is put back when it is served.
Permission checks run on every request, before the kept page is looked up.

The pages live in the process's own memory (the ``pages`` cache): nothing to invalidate
across servers, and a deploy or restart starts empty. ``PAGE_CACHE = False`` turns it off.
"""

import hashlib
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils.translation import get_language

from core import clock

# The only tables a kept page may read: each is written only in a transaction that also
# writes an audit event, by a service or the audited admin site. (A login updates the
# user's last_login without one; no kept page shows it.)
VERSIONED_TABLES = frozenset(
    {
        "accounts_regionmembership",
        "accounts_user",
        "auth_group",
        "auth_permission",
        "accounts_user_groups",
        "accounts_user_user_permissions",
        "auth_group_permissions",
        "django_content_type",
        "grants_allocation",
        "grants_allocationtable",
        "grants_case",
        "grants_deadline",
        "grants_decision",
        "grants_grant",
        "grants_publishedallocation",
        "records_auditevent",
        "records_document",
        "regions_populationdataset",
        "regions_populationfigure",
        "regions_populationimport",
        "regions_region",
        "reminders_agencystepdone",
        "reminders_announcement",
        "reminders_announcement_attachments",
        "repayments_bankimport",
        "repayments_banktransaction",
        "repayments_claimadjustment",
        "repayments_claim",
        "repayments_referencerate",
        "repayments_repayment",
        "reports_completionrequest",
        "reports_report",
        "reports_reportpurpose",
        "reports_reportversion",
        "reporting_administrationcost",
        "reporting_agencyrepayment",
        "reporting_agencyrequisition",
        "reporting_ministryreport",
        "requisitions_disbursement",
        "requisitions_paymentdecision",
        "requisitions_paymentfile",
        "requisitions_requisition",
    }
)

# Django's hidden CSRF field, as {% csrf_token %} renders it: the value is cut out.
_CSRF_VALUE = re.compile(rb'(?<=<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*')


def data_version() -> int:
    """The id of the newest audit event (0 before the first)."""
    from records.selectors import latest_event_id

    return latest_event_id()


def _key(request: HttpRequest) -> str:
    parts = (
        request.get_full_path(),
        str(request.user.pk),
        get_language() or "",
        clock.today().isoformat(),
        str(data_version()),
    )
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _has_messages(request: HttpRequest) -> bool:
    # len() loads the messages without marking them shown.
    return len(get_messages(request)) > 0


def serve(request: HttpRequest, respond: Callable[[], HttpResponse]) -> HttpResponse:
    """The user's kept page for this request, or ``respond()``'s answer, kept when it is a
    complete HTML page. Call it after the view's permission checks."""
    if (
        not settings.PAGE_CACHE
        or request.method != "GET"
        or not request.user.is_authenticated
        or _has_messages(request)
    ):
        return respond()
    store = caches["pages"]
    key = _key(request)
    kept = store.get(key)
    if kept is not None:
        content_type, pieces = kept
        return HttpResponse(get_token(request).encode().join(pieces), content_type=content_type)
    response = respond()
    if isinstance(response, SimpleTemplateResponse):
        response.render()
    if (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        # Cookies are not kept with a page; the CSRF cookie is set again on every serving.
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and not _has_messages(request)
    ):
        store.set(key, (response["Content-Type"], _CSRF_VALUE.split(response.content)))
    return response


class KeptPageMixin:
    """A view whose GET answer is served from the user's kept page. Put it after the mixins
    that check access, which run in ``dispatch`` before ``get``."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        show = super().get  # type: ignore[misc]
        return serve(request, lambda: show(request, *args, **kwargs))
