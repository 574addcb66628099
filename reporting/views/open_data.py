"""Open data on the allocation: no login, cacheable, 404 for a year with no decided grant."""

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from grants.selectors import grant_for_year

from ..open_data import allocation_csv, allocation_records


class _DecimalAsNumber(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return float(o)
        return super().default(o)


@require_GET
def allocation_json(request: HttpRequest, year: int) -> JsonResponse:
    grant = grant_for_year(year, decided_only=True)
    response = JsonResponse(
        allocation_records(grant),
        safe=False,
        encoder=_DecimalAsNumber,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def allocation_csv_view(request: HttpRequest, year: int) -> HttpResponse:
    grant = grant_for_year(year, decided_only=True)
    response = HttpResponse(
        allocation_csv(allocation_records(grant)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="fordelning-{grant.year}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
