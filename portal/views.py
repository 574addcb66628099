"""The officers' inbox (the start page for agency staff)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from accounts.mixins import OfficerRequiredMixin, StaffRequiredMixin
from accounts.permissions import is_officer
from core import clock

from .inbox import inbox_for, only_mine


class InboxView(StaffRequiredMixin, View):
    """Everything that waits, across all grants. Auditors see it too (they only read)."""

    mine = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        everything = inbox_for(request.user, today=clock.today())
        officer = is_officer(request.user)
        mine = only_mine(everything, request.user) if officer else None
        return render(
            request,
            "portal/inbox.html",
            {
                "inbox": mine if self.mine and mine is not None else everything,
                "all_total": everything.total,
                "mine_total": mine.total if mine is not None else None,
                "is_officer": officer,
                "showing_mine": self.mine,
            },
        )


class MyInboxView(OfficerRequiredMixin, InboxView):
    """The items of the cases assigned to the officer."""

    mine = True
