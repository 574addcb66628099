"""Officers: announcements to the regions, each grant's reminder log, and the reminder
rules (added and changed from the reminders page)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.mixins import OfficerRequiredMixin, StaffRequiredMixin
from accounts.permissions import is_officer
from core import clock
from core.forms import apply_service_errors
from core.params import whole_number
from grants.models import AGENCY_DEADLINE_KINDS, Deadline
from grants.selectors import grant_for_year

from . import selectors, services
from .forms import AgencyStepDoneForm, AnnouncementForm, ReminderRuleForm
from .models import ReminderRule


class AnnouncementsView(StaffRequiredMixin, View):
    template_name = "reminders/announcements.html"

    def _render(self, request: HttpRequest, grant: Any, form: AnnouncementForm) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "grant": grant,
                "form": form,
                "announcements": selectors.announcements(grant),
                "can_act": is_officer(request.user),
            },
        )

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        return self._render(request, grant_for_year(year, decided_only=True), AnnouncementForm())

    def post(self, request: HttpRequest, year: int) -> HttpResponse:
        if not is_officer(request.user):
            raise PermissionDenied
        grant = grant_for_year(year, decided_only=True)
        form = AnnouncementForm(request.POST, request.FILES)
        if form.is_valid():
            files = [(f.name, f.content_type, f.read()) for f in form.cleaned_data["attachments"]]
            try:
                announcement = services.announcement_publish(
                    grant=grant,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    attachments=files,
                    actor=request.user,
                    shown_until=form.cleaned_data["shown_until"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The announcement is published and e-mailed to the regions' contacts: %(title)s"
                    )
                    % {"title": announcement.title},
                )
                return redirect("reminders:announcements", year=grant.year)
        return self._render(request, grant, form)


class ReminderLogView(StaffRequiredMixin, View):
    template_name = "reminders/reminder_log.html"

    def _render(self, request: HttpRequest, grant: Any, **extra: Any) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "grant": grant,
                "log": selectors.reminder_log(grant),
                "counts": selectors.reminder_counts(grant),
                "agency_deadlines": selectors.agency_deadlines(grant),
                "rules": ReminderRule.objects.all(),
                "done_form": extra.pop("done_form", None)
                or AgencyStepDoneForm(initial={"done_on": clock.today()}),
                "can_act": is_officer(request.user),
                **extra,
            },
        )

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        return self._render(request, grant_for_year(year, decided_only=True))

    def post(self, request: HttpRequest, year: int) -> HttpResponse:
        """Mark one of the agency's own steps done (no more reminders about it)."""
        if not is_officer(request.user):
            raise PermissionDenied
        grant = grant_for_year(year, decided_only=True)
        deadline_id = request.POST.get("deadline", "")
        deadline = get_object_or_404(
            Deadline,
            # A tampered field is a deadline that is not there, not a server error.
            pk=whole_number(deadline_id) or 0,
            grant=grant,
            kind__in=AGENCY_DEADLINE_KINDS,
        )
        form = AgencyStepDoneForm(request.POST)
        if form.is_valid():
            try:
                services.agency_step_mark_done(
                    deadline=deadline,
                    done_on=form.cleaned_data["done_on"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, _("Marked done: %(step)s") % {"step": deadline.get_kind_display()}
                )
                return redirect("reminders:log", year=grant.year)
        return self._render(request, grant, done_form=form)


class ReminderRuleView(OfficerRequiredMixin, View):
    """Add a reminder rule (no ``pk``) or change one. The rules hold for every grant; the
    page is reached from a grant's reminders page and leads back to it."""

    template_name = "reminders/rule_form.html"

    def _render(
        self, request: HttpRequest, grant: Any, rule: ReminderRule | None, form: ReminderRuleForm
    ) -> HttpResponse:
        return render(request, self.template_name, {"grant": grant, "rule": rule, "form": form})

    def _rule(self, pk: int | None) -> ReminderRule | None:
        return None if pk is None else get_object_or_404(ReminderRule, pk=pk)

    def get(self, request: HttpRequest, year: int, pk: int | None = None) -> HttpResponse:
        grant = grant_for_year(year, decided_only=True)
        rule = self._rule(pk)
        initial = (
            {name: getattr(rule, name) for name in services.RULE_FIELDS}
            if rule
            else {"is_active": True}
        )
        return self._render(request, grant, rule, ReminderRuleForm(initial=initial))

    def post(self, request: HttpRequest, year: int, pk: int | None = None) -> HttpResponse:
        grant = grant_for_year(year, decided_only=True)
        rule = self._rule(pk)
        form = ReminderRuleForm(request.POST)
        if form.is_valid():
            try:
                saved = services.reminder_rule_save(
                    rule=rule, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, _("The reminder rule is saved: %(rule)s") % {"rule": saved}
                )
                return redirect("reminders:log", year=grant.year)
        return self._render(request, grant, rule, form)
