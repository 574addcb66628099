"""The calendar feeds and the page where a user makes, copies and renews their addresses
(docs/calendar.md)."""

from typing import cast

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_safe

from accounts.calendar import (
    Feed,
    calendar_address_issue,
    feed_for_token,
    feeds_for,
    open_tokens,
)
from accounts.models import User
from core.confirm import Confirmation, confirmation_page, is_confirmed

from .calendar import feed


@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The iCalendar file behind a secret address. No session: a calendar application
    fetches it without cookies. The address is checked at every request; one that is
    unknown, withdrawn or whose user no longer holds the role answers 404, never data."""
    address = feed_for_token(secret)
    if address is None:
        raise Http404("no such calendar")
    response = HttpResponse(
        feed(address, request.build_absolute_uri), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="statsbidrag.ics"'
    return response


def feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("portal:calendar_feed", kwargs={"secret": token}))


class CalendarView(LoginRequiredMixin, View):
    """The user's calendar addresses: one per feed their roles give them. An address is
    shown once, when it is made (only its hash is kept); renewing withdraws the old one
    and asks for confirmation first."""

    template_name = "portal/calendar.html"

    def _render(
        self, request: HttpRequest, *, made: tuple[Feed, str] | None = None
    ) -> HttpResponse:
        tokens = open_tokens(request.user)
        feeds = [
            {
                "feed": item,
                "token": tokens.get(item.key),
                "address": made[1] if made is not None and made[0] == item else None,
                "webcal": webcal(made[1]) if made is not None and made[0] == item else None,
            }
            for item in feeds_for(request.user)
        ]
        return render(request, self.template_name, {"feeds": feeds})

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        key = request.POST.get("feed", "")
        chosen = next((item for item in feeds_for(request.user) if item.key == key), None)
        if chosen is None:
            # Not one of the user's feeds (a tampered field, or a role that has ended).
            raise Http404("no such feed")
        if chosen.key in open_tokens(request.user) and not is_confirmed(request):
            return confirmation_page(
                request,
                Confirmation(
                    title=_("Renew the calendar address"),
                    summary=_(
                        "You get a new address for %(feed)s. The address you have now stops "
                        "working at once: calendars that use it show no more deadlines until "
                        "you subscribe with the new one."
                    )
                    % {"feed": feed_title(chosen)},
                    button=_("Renew the address"),
                    cancel_url=reverse("portal:calendar"),
                    danger=True,
                ),
            )
        user = cast(User, request.user)
        token = calendar_address_issue(user=user, feed=chosen, actor=user)
        return self._render(request, made=(chosen, feed_url(request, token)))


def webcal(address: str) -> str:
    """The same address for a calendar application to subscribe to (webcal://)."""
    return "webcal://" + address.split("://", 1)[1]


def feed_title(item: Feed) -> str:
    if item.region is not None:
        return _("the deadlines of %(region)s") % {"region": item.region.name}
    return _("the deadlines of every grant and the agency's own")
