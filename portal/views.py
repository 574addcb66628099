"""Start pages: where each kind of user begins their day."""

from typing import Any

from django.views.generic import TemplateView

from accounts.mixins import StaffRequiredMixin
from grants.models import DecisionStatus
from grants.selectors import grants_for_listing
from regions.models import Region


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
