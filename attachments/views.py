"""A case's files: the list and the form to attach more, for the region and for the agency,
and the download, only to those who may see the case (docs/storage.md)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts import permissions
from core.forms import apply_service_errors
from grants.mixins import StaffCaseMixin
from grants.models import Case
from requisitions.views.region import RegionCaseMixin

from . import cases, selectors
from .forms import CaseAttachmentForm
from .models import AGENCY_PARTS, REGION_PARTS, CaseAttachment, CasePart
from .services import AttachmentInfected, attachment_response


def _open_parts(case: Case, parts: tuple[CasePart, ...]) -> list[tuple[str, Any]]:
    """The parts that take files now (the service checks again under the case's lock)."""
    open_parts = []
    for part in parts:
        try:
            cases._about(case, part)
        except ValidationError:
            continue
        open_parts.append((part.value, part.label))
    return open_parts


class _CaseFilesPage(View):
    template_name = "attachments/case_files.html"
    parts: tuple[CasePart, ...]
    case: Case
    kwargs: dict[str, Any]
    request: HttpRequest

    def setup_case(self) -> None:
        raise NotImplementedError

    def may_attach(self) -> bool:
        raise NotImplementedError

    def withdrawable_parts(self) -> list[str]:
        """The parts whose files the user may withdraw now (only the region's, while open)."""
        return []

    def page_context(self) -> dict[str, Any]:
        raise NotImplementedError

    def _render(self, form: CaseAttachmentForm | None, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {
                "case": self.case,
                "grant": self.case.grant,
                "region": self.case.region,
                "files": selectors.case_files(self.case),
                "form": form,
                "is_staff": permissions.is_agency_staff(self.request.user),
                "withdrawable_parts": self.withdrawable_parts(),
                **self.page_context(),
            },
            status=status,
        )

    def _form(self, data: Any = None, files: Any = None) -> CaseAttachmentForm | None:
        if not self.may_attach():
            return None
        parts = _open_parts(self.case, self.parts)
        if not parts:
            return None
        return CaseAttachmentForm(data, files, parts=parts)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        return self._render(self._form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        if not self.may_attach():
            raise PermissionDenied
        form = self._form(request.POST, request.FILES)
        if form is None:
            messages.error(request, _("Nothing in the case takes files now."))
            return redirect(request.path)
        if not form.is_valid():
            return self._render(form)
        try:
            added = cases.case_attachments_add(
                case=self.case,
                part=form.cleaned_data["part"],
                files=form.cleaned_data["uploads"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        except AttachmentInfected as infected:
            cases.case_attachment_refusal_record(case=self.case, error=infected, actor=request.user)
            apply_service_errors(form, infected)
            return self._render(form)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self._render(form)
        messages.success(
            request,
            _("%(n)d file(s) attached: %(names)s.")
            % {"n": len(added), "names": ", ".join(link.attachment.filename for link in added)},
        )
        return redirect(request.path)


class RegionCaseFilesView(RegionCaseMixin, _CaseFilesPage):
    parts = REGION_PARTS

    def may_attach(self) -> bool:
        return permissions.can_prepare_for_region(self.request.user, self.region)

    def withdrawable_parts(self) -> list[str]:
        if not self.may_attach():
            return []
        return [part for part, _label in _open_parts(self.case, REGION_PARTS)]

    def page_context(self) -> dict[str, Any]:
        return {"side": "region"}


class StaffCaseFilesView(StaffCaseMixin, _CaseFilesPage):
    parts = AGENCY_PARTS

    def may_attach(self) -> bool:
        return permissions.is_officer(self.request.user)

    def page_context(self) -> dict[str, Any]:
        return {"side": "staff"}


class RegionCaseFileDownloadView(RegionCaseMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.setup_case()
        link = get_object_or_404(
            CaseAttachment.objects.select_related("attachment"), pk=kwargs["pk"], case=self.case
        )
        return attachment_response(link.attachment)


class StaffCaseFileDownloadView(StaffCaseMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.setup_case()
        link = get_object_or_404(
            CaseAttachment.objects.select_related("attachment"), pk=kwargs["pk"], case=self.case
        )
        return attachment_response(link.attachment)


class RegionCaseFileWithdrawView(RegionCaseMixin, View):
    """POST only: the region takes a file back from its submission not yet sent (a button on
    the files page). The file stays in the case's records, marked withdrawn."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        if not permissions.can_prepare_for_region(request.user, self.region):
            raise PermissionDenied
        link = get_object_or_404(
            CaseAttachment.objects.select_related("attachment", "case"),
            pk=kwargs["pk"],
            case=self.case,
        )
        try:
            cases.case_attachment_withdraw(link=link, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is withdrawn: it is no longer part of the submission and stays "
                    "in the case's records."
                )
                % {"name": link.attachment.filename},
            )
        return redirect(
            "attachments:region_case",
            county_code=self.case.region.county_code,
            year=self.case.grant.year,
        )
