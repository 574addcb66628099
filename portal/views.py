"""Start pages: where each kind of user begins their day. The region's start page and its
case pages gather every step of every grant; a region user only ever reaches their own
region. The auditor's start page lists every read-only page of the service."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from accounts import permissions
from accounts.mixins import OfficerRequiredMixin, RegionAccessMixin, StaffRequiredMixin
from attachments.selectors import case_files
from conversations.selectors import newest_read_marker
from core import clock
from core.page_cache import KeptPageMixin, Marker, region_page_scopes
from grants.models import DecisionStatus
from grants.selectors import (
    allocation_for_region,
    deadlines_for,
    grant_for_year,
    grants_for_listing,
)
from records.selectors import case_documents, case_history
from regions.models import Region
from requisitions import selectors as requisition_selectors
from requisitions.services import requisition_is_open

from .inbox import SHOWN, SOURCE_KEYS, inbox_for, section_page
from .selectors import region_grant_rows, region_notices, region_start_page
from .where import deadline_rows, table_rows, with_where


class RegionHomeView(RegionAccessMixin, KeptPageMixin, TemplateView):
    template_name = "portal/region_home.html"

    def kept_page_scopes(self) -> tuple[str, ...]:
        return region_page_scopes(self.region.pk)

    def _reads_messages(self) -> bool:
        return permissions.can_prepare_for_region(self.request.user, self.region)

    def kept_page_variant(self) -> Marker | None:
        # The unread messages are the user's own: reading them makes a new page.
        return newest_read_marker(self.request.user) if self._reads_messages() else None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        can_prepare = permissions.can_prepare_for_region(self.request.user, self.region)
        start = region_start_page(self.region.pk)
        deadline_rows(
            start.to_do,
            county_code=self.region.county_code,
            can_prepare=can_prepare,
            today=clock.today(),
        )
        others_rows = table_rows(
            with_where(start.others, county_code=self.region.county_code, can_prepare=can_prepare)
        )
        notices = region_notices(
            self.region.pk, self.request.user.pk, reads_messages=self._reads_messages()
        )
        context.update(
            unread_messages=notices.unread,
            region=self.region,
            start=start,
            others_rows=others_rows,
            today=clock.today(),
            can_manage_users=permissions.can_manage_region_users(self.request.user, self.region),
            can_prepare=can_prepare,
            announcements=notices.announcements,
        )
        return context


REGION_GRANTS_PAGE_SIZE = 20


class RegionGrantsView(RegionAccessMixin, TemplateView):
    """Every decided grant of the region, newest first, a page at a time: where each stands
    (the start page shows only the newest of those without anything to do)."""

    template_name = "portal/region_grants.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows, _count = region_grant_rows(self.region.pk, now=clock.now())
        page = Paginator(rows, REGION_GRANTS_PAGE_SIZE).get_page(self.request.GET.get("sida"))
        rows = with_where(
            list(page.object_list),
            county_code=self.region.county_code,
            can_prepare=permissions.can_prepare_for_region(self.request.user, self.region),
        )
        context.update(
            region=self.region,
            rows=rows,
            table_rows=table_rows(rows),
            page_obj=page,
        )
        return context


class RegionCaseView(RegionAccessMixin, TemplateView):
    """The region's case in one grant: steps, requisitions, documents and history."""

    template_name = "portal/region_case.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        grant = grant_for_year(self.kwargs["year"], decided_only=True)
        case = requisition_selectors.case_for(grant, self.region.pk)
        context.update(
            region=self.region,
            grant=grant,
            case=case,
            allocation=allocation_for_region(grant, self.region.pk),
            deadlines=[d for d in deadlines_for(grant) if d.is_for_regions],
            requisitions=requisition_selectors.case_requisitions(case),
            requisition_open=requisition_is_open(case),
            documents=case_documents(grant.pk, self.region.pk),
            files=case_files(case),
            side="region",
            history=case_history(grant.pk, self.region.pk),
            today=clock.today(),
            can_prepare=permissions.can_prepare_for_region(self.request.user, self.region),
        )
        return context


@login_required
def my_region(request: Any) -> Any:
    """/region/: a user with one region goes straight to it; anyone else to the front door."""
    regions = list(permissions.regions_visible_to(request.user)[:2])
    if len(regions) == 1:
        return redirect("regions:home", county_code=regions[0].county_code)
    return redirect("core:home")


class AuditorHomeView(StaffRequiredMixin, TemplateView):
    """The auditor's start page: every read-only page of the service, by grant, and the
    audit trail. Nothing here changes anything; officers may read it too."""

    template_name = "portal/auditor_home.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        grants = list(grants_for_listing().filter(decision__status=DecisionStatus.DECIDED))
        context.update(
            grants=grants,
            current=grants[0] if grants else None,
            regions=Region.objects.all(),
        )
        return context


class KeptInboxMixin(KeptPageMixin):
    """The inbox's pages are kept (core.page_cache) until anything changes (they show every
    grant and case) or a message is read: the officer's own read markers, or, for an
    auditor, who sees what no officer has read, anyone's."""

    def kept_page_variant(self) -> Marker | None:
        user = self.request.user  # type: ignore[attr-defined]
        return newest_read_marker(user if permissions.is_officer(user) else None)


class InboxPage(View):
    """The inbox as built afresh (KeptInboxMixin serves it kept)."""

    mine = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        inbox = inbox_for(request.user, today=clock.today(), mine_only=self.mine)
        return render(
            request,
            "portal/inbox.html",
            {
                "inbox": inbox,
                "all_total": inbox.total,
                "mine_total": inbox.mine_total,
                "is_officer": inbox.mine_total is not None,
                "showing_mine": self.mine,
                "shown": SHOWN,
            },
        )


class InboxView(StaffRequiredMixin, KeptInboxMixin, InboxPage):
    """The officers' inbox: everything that waits, across all grants, each kind with its
    count and its first items. Auditors may read it."""


class MyInboxView(OfficerRequiredMixin, InboxView):
    """The items of the cases assigned to the officer."""

    mine = True


class InboxSectionPage(View):
    """A page of one section of the inbox as built afresh (KeptInboxMixin serves it kept)."""

    mine = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = kwargs["section"]
        number = request.GET.get("sida", "1")
        if key not in SOURCE_KEYS or not number.isdigit() or not 0 < int(number) < 10_000:
            raise Http404
        page = section_page(
            request.user, key, today=clock.today(), number=int(number), mine_only=self.mine
        )
        if page is None:
            raise Http404
        return render(
            request,
            "portal/inbox_section.html",
            {
                "page": page,
                "section": page.section,
                "showing_mine": self.mine,
                "inbox_url": reverse("portal:inbox_mine" if self.mine else "portal:inbox"),
            },
        )


class InboxSectionView(StaffRequiredMixin, KeptInboxMixin, InboxSectionPage):
    """Every item of one section of the inbox, a page at a time (``?sida=N``)."""


class MyInboxSectionView(OfficerRequiredMixin, InboxSectionView):
    """One section of the officer's own cases."""

    mine = True
