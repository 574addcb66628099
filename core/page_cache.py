"""A user's page kept until anything it shows can have changed.

The main pages (the region's home, the requisition and report forms, the officer's queue
and inbox, the overview, the admin site's lists) cost 14–50 ms of CPU to build, almost all of it in
reading the case data and rendering it; served again they cost 2–3 ms
(docs/performance.md). Most views of them repeat the last one exactly. So a page is kept,
per user, under a key that changes whenever its content can:

- the request's path and query string, the user, the language;
- today's date in Stockholm (deadlines open and close by the day);
- the **data version** of the parts of the data the page shows: the id of the newest audit
  event that changed any of them (``records.DataVersion``).

Every change to the case data — by a service, by the admin site
(:class:`core.admin.AuditedAdmin`) — writes an audit event in the same transaction, and
``audit_record`` takes the chain's lock before allocating the event's id and moves the
versions of the parts the change touches (``changed_scopes``: from the grant and the region
the event names) to that id, in the same transaction. So versions become visible in commit
order. A request reads the version *before* it reads any data, so a page kept under version
N holds data at least as new as N, and once a change commits every request for a page that
shows the changed part sees a higher version. A kept page can therefore never show data
older than a committed change.

The parts: ``all`` (every change; the queues, the inbox and the admin site's lists depend on
it), one grant with every case in it (``grant:<year>``; the overview), one region's cases in
every grant (``region:<id>``), the grants themselves (``grants``: a decision, a deadline, a
notice, which every region's pages show) and what everyone sees (``everyone``: a change
that names no grant, such as users, roles and the regions' reference data). A region's page
depends on its region, the grants and everyone's data, so a change in another region's
case leaves it kept.

A user's own markers, written without an audit event (the read markers of messages,
``PER_USER_TABLES``), may be read by a kept page whose key also holds the user's newest
marker (``KeptPageMixin.kept_page_variant``; the region's start page counts the user's
unread messages this way, and so does the officer's inbox; an auditor's inbox, which shows
what no officer has read, holds anyone's newest marker). The marker is read in the same
statement as the data version (``Marker``): serving such a page kept asks the database for
the session, the user and this one statement.

``VERSIONED_TABLES`` names the tables a kept page may read; the tests
fail when a kept page reads any other (``tests/permissions/test_kept_pages.py``), and show
that a change, a new day, another language or another user gets a new page
(``tests/requisitions/test_kept_pages.py``) and that another region's change does not
(``tests/requisitions/test_kept_pages_scopes.py``).

What is not the same for every view of a page is never kept: a request with a message to
show is answered afresh (and its page is not kept), and the forms' CSRF tokens are cut out
when a page is kept and the requesting session's token is put back when it is served.
Permission checks run on every request, before the kept page is looked up.

The pages live in the ``pages`` cache: Redis, shared by every worker process, when
``PAGE_CACHE_URL`` (by default ``REDIS_URL``) is set, otherwise each process's own memory
(``make run``). Nothing needs invalidating: a changed version is a new key, and the old
pages expire. When Redis does not answer, the page is built as if nothing were kept. A
served kept page carries ``X-Page: kept``. ``PAGE_CACHE = False`` turns it off.
"""

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils.translation import get_language

from core import clock
from core.sql import rows

# The only tables a kept page may read: each is written only in a transaction that also
# writes an audit event, by a service or the audited admin site. (A login updates the
# user's last_login without one; no kept page shows it.)
VERSIONED_TABLES = frozenset(
    {
        "accounts_regionmembership",
        "accounts_user",
        "attachments_attachment",
        "conversations_message",
        "conversations_messageattachment",
        "attachments_attachmentscan",
        "attachments_caseattachment",
        "attachments_caseattachmentwithdrawal",
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
        "ombud_mandatedocument",
        "ombud_ombudapplication",
        "ombud_ombuddecision",
        "records_auditevent",
        "records_dataversion",
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
        # Written with its audit event (signature.recorded) in the submission's transaction.
        "signatures_signature",
    }
)

# Tables of each user's own markers, written without an audit event (a user's read markers
# on messages: conversations.MessageRead). A kept page may read them only when its key holds
# the user's newest marker (``KeptPageMixin.kept_page_variant``), so that a new marker makes
# a new page; the rows are never changed or deleted, so the newest one says it all.
PER_USER_TABLES = frozenset({"conversations_messageread"})

logger = logging.getLogger(__name__)

# Says a page was served from its kept copy ("kept"), for the benchmark and the operator.
KEPT_HEADER = "X-Page"

# Django's hidden CSRF field, as {% csrf_token %} renders it: the value is cut out.
_CSRF_VALUE = re.compile(rb'(?<=<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*')


# The parts of the data a change can touch, and so the parts a kept page can depend on.
# Every audited change moves ALL; a page that shows everything (the queues, the inbox, the
# admin site's lists) depends on ALL alone.
ALL = "all"
# What every page shows: the regions' reference data, users and roles, anything without a
# grant.
EVERYONE = "everyone"
# A change to a grant itself (its decision, deadlines, allocation, notices), which every
# region's pages show.
GRANTS = "grants"


def grant_scope(year: int) -> str:
    """Everything in one grant: the grant and every region's case in it."""
    return f"grant:{year}"


def region_scope(region_id: int) -> str:
    """One region's cases, in every grant."""
    return f"region:{region_id}"


def changed_scopes(*, grant_year: int | None, region_id: int | None) -> list[str]:
    """The parts of the data an audited change touches, from the grant and the region its
    event names: a region's case in a grant, a grant itself, or something of everyone's."""
    if grant_year is None:
        return [ALL, EVERYONE]
    if region_id is None:
        return [ALL, GRANTS, grant_scope(grant_year)]
    return [ALL, grant_scope(grant_year), region_scope(region_id)]


def region_page_scopes(region_id: int) -> tuple[str, ...]:
    """A region's own page: its cases, the grants themselves, and what everyone sees."""
    return (region_scope(region_id), GRANTS, EVERYONE)


def grant_page_scopes(year: int) -> tuple[str, ...]:
    """A page about one grant (the overview): the grant with every case in it."""
    return (grant_scope(year), EVERYONE)


@dataclass(frozen=True)
class Marker:
    """What else a kept page's key holds: the newest of the user's markers in a
    ``PER_USER_TABLES`` table the page reads, as a statement giving it as one value
    (``SELECT MAX(id) FROM … WHERE …``) and its values. It is read in the same statement as
    the data version, so serving a kept page asks the database once for both."""

    statement: str
    parameters: tuple[Any, ...] = ()


def data_version(scopes: tuple[str, ...] = (ALL,), marker: Marker | None = None) -> tuple[int, Any]:
    """The newest version of the given parts of the data (0 before any change) and, with a
    ``marker``, its value (None without), in one statement."""
    from records.selectors import latest_version_statement

    statement, parameters = latest_version_statement(scopes)
    if marker is not None:
        statement = f"SELECT ({statement}), ({marker.statement})"
        parameters = [*parameters, *marker.parameters]
    row = rows(statement, parameters)[0]
    return row[0] or 0, row[1] if marker is not None else None


def _key(request: HttpRequest, scopes: tuple[str, ...], marker: Marker | None = None) -> str:
    version, newest = data_version(scopes, marker)
    parts = (
        request.get_full_path(),
        str(request.user.pk),
        get_language() or "",
        clock.today().isoformat(),
        ",".join(scopes),
        str(version),
        "" if marker is None else f"marker:{newest or 0}",
    )
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _has_messages(request: HttpRequest) -> bool:
    # len() loads the messages without marking them shown.
    return len(get_messages(request)) > 0


def serve(
    request: HttpRequest,
    respond: Callable[[], HttpResponse],
    scopes: tuple[str, ...] = (ALL,),
    variant: Callable[[], Marker | None] | None = None,
) -> HttpResponse:
    """The user's kept page for this request, or ``respond()``'s answer, kept when it is a
    complete HTML page. ``scopes`` are the parts of the data the page shows (everything
    unless the view says less); ``variant`` gives what else the key must hold (the user's
    newest marker in ``PER_USER_TABLES``, a ``Marker``). Call it after the view's permission
    checks."""
    if (
        not settings.PAGE_CACHE
        or request.method != "GET"
        or not request.user.is_authenticated
        or _has_messages(request)
    ):
        return respond()
    store = caches["pages"]
    key = _key(request, scopes, variant() if variant is not None else None)
    kept = _kept(store, key)
    if kept is not None:
        content_type, pieces = kept
        response = HttpResponse(get_token(request).encode().join(pieces), content_type=content_type)
        response[KEPT_HEADER] = "kept"
        return response
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
        _keep(store, key, (response["Content-Type"], _CSRF_VALUE.split(response.content)))
    return response


def _kept(store: Any, key: str) -> Any:
    """The kept page, or None; a store that does not answer (Redis down) means building the
    page, never an error page."""
    try:
        return store.get(key)
    except Exception:  # whatever the store raised, the page is built instead
        logger.warning("The kept pages' store did not answer; building the page.", exc_info=True)
        return None


def _keep(store: Any, key: str, page: Any) -> None:
    try:
        store.set(key, page)
    except Exception:  # not keeping a page is harmless
        logger.warning("The kept pages' store did not answer; the page is not kept.")


class KeptPageMixin:
    """A view whose GET answer is served from the user's kept page. Put it after the mixins
    that check access, which run in ``dispatch`` before ``get``."""

    def kept_page_scopes(self) -> tuple[str, ...]:
        """The parts of the data the page shows (everything, unless a view says less)."""
        return (ALL,)

    def kept_page_variant(self) -> Marker | None:
        """What else tells one kept page from another: the user's newest marker in a
        ``PER_USER_TABLES`` table the page reads (nothing, unless a view says so)."""
        return None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        show = super().get  # type: ignore[misc]
        return serve(
            request,
            lambda: show(request, *args, **kwargs),
            self.kept_page_scopes(),
            self.kept_page_variant,
        )
