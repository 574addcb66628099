"""The conversation's two pages: the region's under its case, the officers' under theirs.

Reading the page marks the other side's messages read for the user who reads them (an
officer on the officers' page, a region user on the region's page); an auditor, or an
officer looking at the region's page, only reads. Only the writers post: the region's users
on the region's page, officers on theirs."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts import permissions
from accounts.mixins import RegionAccessMixin
from attachments.services import attachment_response
from core.forms import apply_service_errors
from grants.mixins import StaffCaseMixin
from grants.models import Case
from grants.selectors import grant_for_year
from requisitions.selectors import case_for

from . import selectors, services
from .forms import MessageForm
from .models import Side


def _render(
    request: HttpRequest,
    case: Case,
    *,
    reader: str,
    writes: bool,
    marks: bool,
    form: MessageForm | None = None,
) -> HttpResponse:
    """The page; ``reader`` is the side whose page it is (the other side's messages are
    the ones to read)."""
    conversation = list(selectors.case_messages(case))
    other = Side.REGION if reader == Side.AGENCY else Side.AGENCY
    unread: set[int] = set()
    if marks:
        unread = selectors.unread_ids(case, request.user, written_by=other)
        services.messages_mark_read(
            messages=[m for m in conversation if m.pk in unread], user=request.user
        )
    return render(
        request,
        "conversations/conversation.html",
        {
            "case": case,
            "grant": case.grant,
            "region": case.region,
            "conversation": conversation,
            "unread": unread,
            "reader": reader,
            "form": (form or MessageForm()) if writes else None,
            "file_url": "conversations:officer_file"
            if reader == Side.AGENCY
            else "conversations:region_file",
        },
    )


class RegionCaseConversationMixin(RegionAccessMixin):
    kwargs: dict[str, Any]

    def conversation_case(self) -> Case:
        grant = grant_for_year(self.kwargs["year"], decided_only=True)
        return case_for(grant, self.region.pk)


class RegionConversationView(RegionCaseConversationMixin, View):
    """/region/<code>/bidrag/<year>/meddelanden/: the region's users read and write; the
    agency's staff may read it as the region sees it."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.conversation_case()
        writer = permissions.can_prepare_for_region(request.user, self.region)
        return _render(request, case, reader=Side.REGION, writes=writer, marks=writer)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_prepare_for_region(request.user, self.region):
            raise PermissionDenied
        case = self.conversation_case()
        return _post(request, case, reader=Side.REGION)


class OfficerConversationView(StaffCaseMixin, View):
    """/handlaggare/bidrag/<year>/region/<code>/meddelanden/: officers read and write;
    auditors read."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        officer = permissions.is_officer(request.user)
        return _render(request, self.case, reader=Side.AGENCY, writes=officer, marks=officer)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.is_officer(request.user):
            raise PermissionDenied
        self.setup_case()
        return _post(request, self.case, reader=Side.AGENCY)


def _post(request: HttpRequest, case: Case, *, reader: str) -> HttpResponse:
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = services.message_send(
                case=case,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect(services.conversation_url(case, reader) + f"#message-{message.pk}")
    return _render(request, case, reader=reader, writes=True, marks=False, form=form)


class RegionFileView(RegionCaseConversationMixin, View):
    """A file of a message on the region's case, as a download."""

    def get(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> FileResponse:
        link = selectors.message_file(self.conversation_case(), pk)
        if link is None:
            raise Http404("no such file on this case")
        return attachment_response(link.attachment)


class OfficerFileView(StaffCaseMixin, View):
    def get(self, request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> FileResponse:
        self.setup_case()
        link = selectors.message_file(self.case, pk)
        if link is None:
            raise Http404("no such file on this case")
        return attachment_response(link.attachment)
