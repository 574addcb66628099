"""The rows of a read-only admin list made once each (core/admin_rows.py)."""

from typing import Any

from django import template

from core.admin_rows import list_filter, list_pagination, list_search, read_only_result_list

register = template.Library()


@register.inclusion_tag("admin/change_list_results.html")
def read_only_result_list_tag(cl: Any) -> dict[str, Any]:
    return read_only_result_list(cl)


@register.simple_tag
def read_only_list_filter(cl: Any, spec: Any) -> Any:
    return list_filter(cl, spec)


@register.simple_tag(takes_context=True)
def app_address(context: Any, app_label: str) -> str:
    """The address of an app's page in the admin site (core/admin_site.py)."""
    return context["admin_addresses"]["apps"][app_label]


@register.simple_tag
def read_only_list_pagination(cl: Any) -> Any:
    return list_pagination(cl)


@register.simple_tag
def read_only_list_search(cl: Any) -> Any:
    return list_search(cl)
