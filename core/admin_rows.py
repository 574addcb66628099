"""The rows of a read-only admin list, each made once from its cells.

Django's list (``items_for_result`` in ``admin_list``) works out each cell anew: which kind of
column it is, its classes, its empty value, one ``format_html`` per cell and one per link,
and the template then writes each cell through a loop of its own. For the read-only lists
(:class:`core.admin.ReadOnlyAdmin`) the kind of each column, its classes and its empty value
are worked out once per list, and each row is one format of its cells, each escaped as
``format_html`` escapes it: the same markup as Django's (the first column a ``<th>``
linking to the record, a ``field-<name>`` class on each cell, ``nowrap`` where Django puts
it). A list this does not cover (one that edits in place, a pop-up, a column of another
kind) is Django's own."""

import datetime
from collections.abc import Callable
from html import escape as escape_text
from typing import Any

from django.contrib.admin.templatetags.admin_list import (  # type: ignore[attr-defined]
    _coerce_field_name,
    admin_list_filter,
    pagination,
    paginator_number,
    result_headers,
    result_list,
    search_form,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.template.defaultfilters import iriencode
from django.templatetags.static import static
from django.urls import NoReverseMatch
from django.utils.functional import Promise
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

# A cell: how to read its value from a row, how to show the value, and whether Django puts
# "nowrap" on it depending on the value (a column that is a function, giving a date).
Reader = Callable[[Any], Any]
Shower = Callable[[Any], Any]


class _Unsupported(Exception):
    pass


def _column(cl: Any, name: Any, index: int, linked: bool) -> tuple[list[str], Reader, Shower, bool]:
    """(classes, read, show, classes depend on the value) for one column, as Django's
    ``lookup_field`` and ``items_for_result`` would treat it."""
    model_admin = cl.model_admin
    empty = model_admin.get_empty_value_display()
    classes = [f"field-{_coerce_field_name(name, index)}"]
    if callable(name):
        attr = name
        read: Reader = name
    elif name == "action_checkbox":
        raise _Unsupported(name)
    else:
        field = None
        if "__" not in name:
            try:
                field = cl.lookup_opts.get_field(name)
            except FieldDoesNotExist:
                field = None
        if field is not None:
            related = isinstance(field.remote_field, models.ManyToOneRel)
            if field.auto_created or field.many_to_many:
                raise _Unsupported(name)
            if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
                classes.append("nowrap")
            if related:

                def show_related(value: Any) -> Any:
                    return empty if value is None else value

                return classes, _attribute(name), show_related, False

            def show_field(value: Any, field: Any = field) -> Any:
                if isinstance(value, str) and not value.strip():
                    value = ""
                return display_for_field(value, field, empty, avoid_link=linked)

            return classes, _attribute(name), show_field, False
        if "__" in name:
            raise _Unsupported(name)
        if hasattr(model_admin, name) and name != "__str__":
            attr = getattr(model_admin, name)
            read = attr
        else:
            # A method or attribute of the model ("__str__"): read per row.
            def read(obj: Any, name: str = name) -> Any:
                value = getattr(obj, name)
                return value() if callable(value) else value

            attr = None
    empty = getattr(attr, "empty_value_display", empty)
    boolean = getattr(attr, "boolean", False)

    def show(value: Any) -> Any:
        if isinstance(value, Promise):
            value = str(value)  # a choice's label, translated
        if isinstance(value, str) and value.strip():
            return value  # what display_for_value gives a text, without its tests
        if isinstance(value, str):
            value = ""
        return display_for_value(value, empty, boolean)

    return classes, read, show, True


def _html(value: Any) -> str:
    """What ``conditional_escape`` gives, as plain text: markup as it is, anything else
    escaped by ``html.escape`` (which Django's ``escape`` calls), without the wrapper Django
    puts around each call to look for lazy arguments (a list makes hundreds of these)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape_text(str(value))


def _attribute(name: str) -> Reader:
    def read(obj: Any) -> Any:
        return getattr(obj, name)

    return read


def _rows(cl: Any) -> list[SafeString]:
    if cl.formset is not None or cl.is_popup or cl.list_display_links is None:
        raise _Unsupported("list")
    links = cl.list_display_links
    linked = [
        (index == 0 and not links) or name in links for index, name in enumerate(cl.list_display)
    ]
    columns = [
        _column(cl, name, index, linked[index]) for index, name in enumerate(cl.list_display)
    ]
    if True not in linked:
        raise _Unsupported("no link")
    link_at = linked.index(True)
    if linked.count(True) > 1:
        raise _Unsupported("several links")
    context = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}

    # The values first: a column that is a function and gives a date or a time has
    # "nowrap" on that cell in Django's list, which this list does not do per cell.
    table = []
    for result in cl.result_list:
        values = []
        for _classes, read, _show, dynamic in columns:
            try:
                value = read(result)
            except ObjectDoesNotExist:
                raise _Unsupported("missing") from None
            if dynamic and isinstance(value, (datetime.date, datetime.time)):
                raise _Unsupported("date from a function")
            values.append(value)
        table.append((result, values))

    cells = []
    for index, (classes, _read, _show, _dynamic) in enumerate(columns):
        css = escape(" ".join(classes)).replace("{", "{{").replace("}", "}}")
        if index == link_at:
            tag = "th" if index == 0 else "td"
            cells.append(f'<{tag} class="{css}"><a href="{{}}">{{}}</a></{tag}>')
        else:
            cells.append(f'<td class="{css}">{{}}</td>')
    row_format = "<tr>" + "".join(cells) + "</tr>"
    shows = [column[2] for column in columns]

    rows = []
    for result, values in table:
        shown = [show(value) for show, value in zip(shows, values, strict=True)]
        try:
            url = cl.url_for_result(result)
        except NoReverseMatch:
            raise _Unsupported("no address") from None
        if cl.preserved_filters:
            url = add_preserved_filters(context, url)
        shown.insert(link_at, url)
        row = row_format.format(*map(_html, shown))
        rows.append(mark_safe(row))  # noqa: S308 - every cell escaped by _html  # nosec
    return rows


def read_only_result_list(cl: Any) -> dict[str, Any]:
    """The context of ``admin/change_list_results.html``: Django's headers and
    the rows made by :func:`_rows`, or Django's own ``result_list`` for a list they do not
    cover (``rows`` is then None)."""
    try:
        rows = _rows(cl)
    except _Unsupported:
        return {**result_list(cl), "rows": None}
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
        "rows": mark_safe("\n".join(rows)),  # noqa: S308 - rows made safe above  # nosec
    }


def list_filter(cl: Any, spec: Any) -> SafeString:
    """One filter of the list's side panel, in the markup of Django's ``admin/filter.html``
    (each choice a link keeping the other filters, the chosen one marked), written as one
    f-string per choice, each text escaped, instead of through the template. A filter with
    a template of its own is Django's."""
    if spec.template != "admin/filter.html":
        return admin_list_filter(cl, spec)
    selected = ' class="selected"'
    choices = "".join(
        f"\n    <li{selected if choice['selected'] else ''}>\n"
        f'    <a href="{_html(iriencode(choice["query_string"]))}">{_html(choice["display"])}</a>'
        "</li>\n  "
        for choice in spec.choices(cl)
    )
    title = spec.title
    by = gettext(" By %(filter_title)s ") % {"filter_title": title}
    return mark_safe(  # noqa: S308 - every text in it escaped by _html  # nosec
        f'<details data-filter-title="{_html(title)}" open>\n  <summary>\n    {_html(by)}\n'
        f"  </summary>\n  <ul>\n  {choices}\n  </ul>\n</details>\n"
    )


def list_pagination(cl: Any) -> SafeString:
    """The line under the list in the markup of Django's ``admin/pagination.html``: the links
    to the pages, how many records there are, "show all" where allowed."""
    context = pagination(cl)
    pages = (
        format_html_join(
            "\n", "{}", ((paginator_number(cl, page),) for page in context["page_range"])
        )
        if context["pagination_required"]
        else ""
    )
    name = cl.opts.verbose_name if cl.result_count == 1 else cl.opts.verbose_name_plural
    show_all = (
        format_html(
            '<a href="{}" class="showall">{}</a>', context["show_all_url"], gettext("Show all")
        )
        if context["show_all_url"]
        else ""
    )
    return format_html(
        '<p class="paginator">\n{}\n{} {}\n{}\n</p>\n', pages, cl.result_count, name, show_all
    )


def list_search(cl: Any) -> SafeString:
    """The search box above the list in the markup of Django's ``admin/search_form.html``
    (the list's other parameters kept as hidden fields), for a list that is not a pop-up."""
    if not cl.search_fields:
        return SafeString("")
    context = search_form(cl)
    search_var = context["search_var"]
    count = ""
    if context["show_result_count"]:
        total = (
            gettext("%(full_result_count)s total") % {"full_result_count": cl.full_result_count}
            if cl.show_full_result_count
            else gettext("Show all")
        )
        count = format_html(
            '<span class="small quiet">{} (<a href="?{}">{}</a>)</span>',
            ngettext("%(counter)s result", "%(counter)s results", cl.result_count)
            % {"counter": cl.result_count},
            context["is_facets_var"] if cl.add_facets else "",
            total,
        )
    hidden = format_html_join(
        "\n",
        '<input type="hidden" name="{}" value="{}">',
        ((name, value) for name, value in cl.params.items() if name != search_var),
    )
    help_text = (
        format_html(
            '<br class="clear">\n<div class="help" id="searchbar_helptext">{}</div>',
            cl.search_help_text,
        )
        if cl.search_help_text
        else ""
    )
    return format_html(
        '<div id="toolbar"><form id="changelist-search" method="get" role="search">\n'
        "<div><!-- DIV needed for valid HTML -->\n"
        '<label for="searchbar"><img src="{}" alt="Search"></label>\n'
        '<input type="text" size="40" name="{}" value="{}" id="searchbar"{}>\n'
        '<input type="submit" value="{}">\n{}\n{}\n</div>\n{}\n</form></div>\n',
        static("admin/img/search.svg"),
        search_var,
        cl.query,
        SafeString(' aria-describedby="searchbar_helptext"') if cl.search_help_text else "",
        gettext("Search"),
        count,
        hidden,
        help_text,
    )
