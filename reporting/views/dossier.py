"""The case dossier (ärendeakt) as one zip: officers and auditors, never region users."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views import View

from grants.mixins import StaffCaseMixin

from ..dossier import case_dossier
from .files import file_response


class CaseDossierView(StaffCaseMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_case()
        return file_response(case_dossier(self.case))
