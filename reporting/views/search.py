"""The header's search for officers and auditors: cases by region, reference, OCR, amount,
person or e-mail, each linked to its case page."""

from typing import Any

from django.views.generic import TemplateView

from accounts.mixins import StaffRequiredMixin

from ..search import MAX_LENGTH, MIN_LENGTH, clean_query, search_cases


class SearchView(StaffRequiredMixin, TemplateView):
    template_name = "reporting/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        query = clean_query(raw)
        context.update(
            query=query,
            asked=bool(raw.strip()),
            hits=search_cases(query) if query else [],
            min_length=MIN_LENGTH,
            max_length=MAX_LENGTH,
        )
        return context
