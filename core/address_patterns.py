"""Addresses with a hole for each parameter, reversed once per URL configuration and script
prefix, so that a page's rows fill in their addresses (``str.format``) instead of running
``reverse()`` (or ``{% url %}``) for each row."""

from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse

# Values no address holds, one of its own for each parameter, put where each parameter
# goes and then replaced by its hole.
_INT, _STR = 987654320, "xholex"
_TEXT_PARAMETERS = frozenset({"county_code", "section"})


@lru_cache(maxsize=64)
def _pattern(name: str, prefix: str, urlconf: Any, params: tuple[str, ...]) -> str:
    kwargs: dict[str, Any] = {
        param: f"{_STR}{index}" if param in _TEXT_PARAMETERS else _INT + index
        for index, param in enumerate(params)
    }
    address = reverse(name, kwargs=kwargs) if params else reverse(name)
    for param in params:
        address = address.replace(str(kwargs[param]), "{" + param + "}", 1)
    return address


def address_pattern(name: str, *params: str) -> str:
    """The address of the URL ``name`` with ``{param}`` where each parameter goes:
    ``address_pattern("regions:case", "county_code", "year").format(county_code="01",
    year=2025)`` is ``reverse("regions:case", args=["01", 2025])``."""
    return _pattern(name, get_script_prefix(), get_urlconf(), params)
