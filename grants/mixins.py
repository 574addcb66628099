"""Resolving a region's case from an officer URL (/handlaggare/bidrag/<year>/region/<code>/…)."""

from typing import Any

from django.shortcuts import get_object_or_404

from accounts.mixins import StaffRequiredMixin
from regions.models import Region

from .models import Case, Grant
from .selectors import grant_for_year


class StaffCaseMixin(StaffRequiredMixin):
    grant: Grant
    region: Region
    case: Case
    kwargs: dict[str, Any]

    def setup_case(self) -> None:
        self.grant = grant_for_year(self.kwargs["year"], decided_only=True)
        self.region = get_object_or_404(Region, county_code=self.kwargs["county_code"])
        self.case = get_object_or_404(
            Case.objects.select_related("grant__decision", "region", "assigned_to"),
            grant=self.grant,
            region=self.region,
        )
