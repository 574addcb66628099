"""Admin building blocks shared by the apps."""

from functools import lru_cache
from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR, IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, router, transaction
from django.db.models import Count, Window
from django.forms import Media
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.http import urlencode

from core import formats, page_cache
from records.models import AuditAction
from records.services import audit_record


class SafeChangeList(ChangeList):
    """Django's list, except that a date in the address no calendar has (the year 10 000, a
    year of 23 digits), which Django's date hierarchy turns into an OverflowError or a
    ValueError it does not catch, is a wrong filter: the list says so instead of a server
    error."""

    def get_filters(self, request: Any) -> Any:
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_query_string(self, new_params: Any = None, remove: Any = None) -> str:
        """Django's address of the list with ``new_params`` set and the parameters starting
        with any of ``remove`` left out, each parameter's "key=value" encoded once per list:
        the filter, sorting and page links (some seventy) each differ from the list's own
        parameters in one."""
        params = dict(self.filter_params)
        for prefix in remove or ():
            for key in [key for key in params if key.startswith(prefix)]:
                del params[key]
        for key, value in (new_params or {}).items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        encoded: dict[Any, str] = self.__dict__.setdefault("_encoded_parameters", {})
        pieces = []
        for key, value in sorted(params.items()):
            # The value's type too: True and 1 are equal keys but not the same text.
            token: Any = (key, type(value), tuple(value) if isinstance(value, list) else value)
            try:
                piece = encoded.get(token)
            except TypeError:  # a value that cannot be a key: encoded every time
                token, piece = None, None
            if piece is None:
                piece = urlencode([(key, value)], doseq=True)
                if token is not None:
                    encoded[token] = piece
            if piece:
                pieces.append(piece)
        return "?" + "&".join(pieces)

    def get_results(self, request: Any) -> None:
        """Django's page of the list and its count, read in one statement: the page's rows,
        each with the number of records the list's filters and search find (``COUNT(*)
        OVER ()``, counted before the page is cut), instead of a COUNT and then the rows.

        Django's own two statements where one would not do: a list that edits in place (its
        forms need the rows as a query), "show all", a list made distinct (the window would
        count the duplicates), a paginator of the admin's own, a page number no list reaches,
        and a page that finds no rows after the first (Django's count then tells an empty
        list from a page past its end)."""
        model_admin = self.model_admin
        paginator = model_admin.get_paginator(request, self.queryset, self.list_per_page)
        offset = (self.page_num - 1) * self.list_per_page
        if (
            self.list_editable
            or self.show_all
            or self.queryset.query.distinct
            or type(paginator) is not Paginator
            or not 0 <= offset <= _LARGEST_OFFSET
        ):
            return super().get_results(request)
        rows = list(
            self.queryset.annotate(**{_LIST_TOTAL: Window(Count("*"))})[
                offset : offset + self.list_per_page
            ]
        )
        if not rows and offset:
            return super().get_results(request)
        result_count = getattr(rows[0], _LIST_TOTAL) if rows else 0
        paginator.__dict__["count"] = result_count  # Paginator.count, a cached property
        full_result_count = (
            self.root_queryset.count() if model_admin.show_full_result_count else None
        )
        self.result_count = result_count
        self.show_full_result_count = model_admin.show_full_result_count
        self.show_admin_actions = not self.show_full_result_count or bool(full_result_count)
        self.full_result_count = full_result_count
        self.result_list = rows
        self.can_show_all = result_count <= self.list_max_show_all
        self.multi_page = result_count > self.list_per_page
        self.paginator = paginator

    def url_for_result(self, result: Any) -> str:
        """Each row's address from one reverse per list (a whole-number key put into it),
        not one per row."""
        pk = getattr(result, self.pk_attname)
        if type(pk) is not int:
            return super().url_for_result(result)
        pattern = self.__dict__.get("_change_url")
        if pattern is None:
            keyed = _Keyed(self.pk_attname)
            pattern = self._change_url = super().url_for_result(keyed)  # type: ignore[arg-type]
        return pattern.replace(_KEY, str(pk), 1)


# The name each row of a list page carries its list's count under (SafeChangeList.get_results).
_LIST_TOTAL = "changelist_total"
# A page number in the address past this is past the end of any list: Django's count says so,
# where an OFFSET this large would be out of the database's range (a server error).
_LARGEST_OFFSET = 2**62

# A key no address holds otherwise, that quote() and reverse() leave as it is.
_KEY = "0key0key0"


class _Keyed:
    def __init__(self, attname: str) -> None:
        setattr(self, attname, _KEY)


def is_money_field(field: Any) -> bool:
    """An amount in öre: a ``BigIntegerField`` named ``amount``, ``amount_*`` or ``*_amount``
    (counts such as a population are ``PositiveBigIntegerField``)."""
    if not isinstance(field, models.BigIntegerField) or isinstance(
        field, models.PositiveBigIntegerField
    ):
        return False
    name = field.name
    return name == "amount" or name.startswith("amount_") or name.endswith("_amount")


def _money_fields(model: Any) -> dict[str, Any]:
    return {field.name: field for field in model._meta.concrete_fields if is_money_field(field)}


def _date_fields(model: Any) -> dict[str, Any]:
    return {
        field.name: field
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
    }


def _plain_fields(model: Any) -> dict[str, Any]:
    """The fields a list shows as a choice's label or a yes/no icon."""
    return {
        field.name: field
        for field in model._meta.concrete_fields
        if not field.is_relation
        and (isinstance(field, models.BooleanField) or (field.choices and not field.primary_key))
    }


def table_date_column(field_name: str, description: Any, *, with_time: bool):
    """A list column showing a date as the service's tables do ("2025-03-14", with the time
    to the minute for a moment), sortable by the field."""

    @admin.display(description=description, ordering=field_name)
    def column(obj: Any) -> str:
        value = getattr(obj, field_name)
        if value is None:
            return "–"
        if with_time:
            return formats.moment_iso(value)
        return formats.day_iso(value)

    column.__name__ = f"{field_name}_in_table"
    return column


def _choice_column(field: Any):
    """A list column showing a field's choice as Django's own does (its label; a
    value that is not a choice shows as empty), without the admin's per-cell lookups."""
    labels = dict(field.flatchoices)

    @admin.display(description=field.verbose_name, ordering=field.name)
    def column(obj: Any) -> Any:
        return labels.get(getattr(obj, field.attname), admin.site.empty_value_display)

    column.__name__ = field.name  # the cell's class stays field-<name>
    return column


@lru_cache(maxsize=3)
def _icon(value: bool | None) -> str:
    """Django's yes/no icon (admin_list._boolean_icon), made once per value."""
    name = {True: "yes", False: "no", None: "unknown"}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), value)


def _boolean_column(field: Any):
    """A list column showing a yes/no field with Django's icons, each made once."""

    @admin.display(description=field.verbose_name, ordering=field.name)
    def column(obj: Any) -> str:
        return _icon(getattr(obj, field.attname))

    column.__name__ = field.name
    return column


def _kronor_column(field_name: str, description: Any):
    @admin.display(description=description, ordering=field_name)
    def column(obj: Any) -> str:
        value = getattr(obj, field_name)
        return "–" if value is None else formats.amount(value)

    column.__name__ = f"{field_name}_kronor"
    return column


def _follow(obj: Any, path: str) -> Any:
    for attribute in path.split("."):
        obj = getattr(obj, attribute, None)
        if obj is None:
            return None
    return obj


def _case_args(case: Any) -> list[Any]:
    return [case.grant.year, case.region.county_code]


# Where the service shows each kind of record to officers and auditors: (model, the path to
# the object the page is about, the page). The first match wins.
_SERVICE_PAGES: list[tuple[str, str, str]] = [
    ("requisitions.requisition", "pk", "requisitions:review"),
    ("requisitions.paymentdecision", "requisition_id", "requisitions:review"),
    ("requisitions.disbursement", "payment_decision.requisition_id", "requisitions:review"),
    ("requisitions.paymentfile", "", "requisitions:payment_files"),
    ("reports.report", "case", "reports:review"),
    ("reports.reportversion", "report.case", "reports:review"),
    ("reports.reportpurpose", "report.case", "reports:review"),
    ("reports.completionrequest", "report.case", "reports:review"),
    ("repayments.claim", "case", "repayments:case"),
    ("repayments.claimadjustment", "claim.case", "repayments:case"),
    ("repayments.repayment", "claim.case", "repayments:case"),
    ("repayments.bankimport", "pk", "repayments:bank_import_preview"),
    ("repayments.banktransaction", "bank_import_id", "repayments:bank_import_preview"),
    ("repayments.referencerate", "", "repayments:reference_rates"),
    ("records.document", "pk", "records:document"),
    ("grants.grant", "year", "grants:detail"),
    ("grants.decision", "grant.year", "grants:detail"),
    ("grants.deadline", "grant.year", "grants:detail"),
    ("grants.allocationtable", "grant.year", "grants:allocation"),
    ("grants.allocation", "table.grant.year", "grants:allocation"),
    ("reporting.agencyrequisition", "grant.year", "reporting:kammarkollegiet"),
    ("reporting.administrationcost", "grant.year", "reporting:kammarkollegiet"),
    ("reporting.agencyrepayment", "grant.year", "reporting:kammarkollegiet"),
    ("reporting.ministryreport", "grant.year", "reporting:ministry"),
]


def service_page(obj: Any) -> str | None:
    """The address of the service's own (read-only for auditors) page for ``obj``, or None."""
    from django.urls import reverse

    label = obj._meta.label_lower
    if label == "grants.case" or (label == "records.auditevent" and obj.grant and obj.region):
        return reverse("repayments:case", args=[obj.grant.year, obj.region.county_code])
    for model, path, name in _SERVICE_PAGES:
        if model != label:
            continue
        if not path:
            return reverse(name)
        target = _follow(obj, path)
        if target is None:
            return None
        if name in ("reports:review", "repayments:case"):
            return reverse(name, args=_case_args(target))
        return reverse(name, args=[target])
    return None


def _label(field: Any) -> str:
    """The field's name without the unit: the column shows kronor, not öre."""
    return str(field.verbose_name).replace(" (öre)", "").replace(" (ore)", "")


class SiteAdmin(admin.ModelAdmin):
    """The base of every admin of the project.

    Its lists show money in kronor and dates as the service's tables do, whatever the
    admin names in ``list_display``; "view on site" leads to the service's own page for the
    object where it has one (the model's ``get_absolute_url``)."""

    def get_changelist(self, request: Any, **kwargs: Any) -> Any:
        return SafeChangeList

    def view_on_site(self, obj: Any) -> str | None:  # type: ignore[override]
        return service_page(obj)

    def get_list_display(self, request: Any) -> Any:
        # The same column objects on every call: Django finds the sortable columns by
        # asking again (get_sortable_by) and comparing what it gets.
        columns = self.__dict__.setdefault("_list_columns", {})
        shown: list[Any] = []
        for name in super().get_list_display(request):
            if not isinstance(name, str):
                shown.append(name)
                continue
            if name not in columns:
                columns[name] = self._column(name)
            shown.append(columns[name])
        return shown

    def _column(self, name: str) -> Any:
        money = _money_fields(self.model)
        dates = _date_fields(self.model)
        # Read-only lists show choices and yes/no fields through cheap columns of their
        # own; a list that edits in place keeps Django's (list_editable names the fields).
        plain = _plain_fields(self.model) if not self.list_editable else {}
        if name in plain:
            field = plain[name]
            if isinstance(field, models.BooleanField):
                return _boolean_column(field)
            return _choice_column(field)
        if name in money:
            return _kronor_column(name, _label(money[name]))
        if name in dates:
            field = dates[name]
            return table_date_column(
                name, field.verbose_name, with_time=isinstance(field, models.DateTimeField)
            )
        return name


class AuditedAdmin(SiteAdmin):
    """For the few records the admin site may change (users, groups, region roles, the
    regions' reference data, population figures, reminder rules, second-factor devices): each
    addition, change and deletion also writes an audit event, in the same transaction as
    the change, with what Django's own admin log records. Django's admin wraps its forms'
    saves and deletions in a transaction; its list actions (deleting the selected devices or
    groups) it does not, so they are wrapped here. The trail is then complete, and the kept
    pages of :mod:`core.page_cache` see the change."""

    def response_action(self, request: Any, queryset: Any, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().response_action(request, queryset, *args, **kwargs)

    def _audit(self, request: Any, obj: Any, action: AuditAction, message: Any) -> None:
        # A savepoint inside the admin's transaction; its own transaction where Django's
        # view has none (the user admin's password form).
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=action,
                target=obj,
                data={"model": obj._meta.label_lower, "change": message},
            )

    def log_addition(self, request: Any, obj: Any, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        self._audit(request, obj, AuditAction.ADMIN_ADDED, message)
        return entry

    def log_change(self, request: Any, obj: Any, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        self._audit(request, obj, AuditAction.ADMIN_CHANGED, message)
        return entry

    def log_deletions(self, request: Any, queryset: Any) -> Any:
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            self._audit(request, obj, AuditAction.ADMIN_DELETED, str(obj))
        return entries


class ReadOnlyAdmin(SiteAdmin):
    """For records whose changes go through services only: everyone may only view them.

    The admin is a window for officers and auditors; a decided decision, an allocation or
    an audit event is never added, edited or deleted here. Their lists are served from the
    viewer's kept page while no audit event has been written since (:mod:`core.page_cache`).
    """

    list_per_page = 50  # as the officer's queue; a page of 100 rows is slow to render and read
    # A filtered list says how many match, not also how many there are in all: that is one
    # COUNT over the whole table less on every filtered page.
    show_full_result_count = False
    # False for records written without an audit event (the outbox, the reminder sweep's).
    keep_pages = True
    # Django's list page, each row made once from its cells (core/admin_rows.py).
    change_list_template = "admin/read_only_change_list.html"

    def changelist_view(self, request: Any, extra_context: Any = None) -> Any:
        def show() -> Any:
            context = extra_context
            if IS_POPUP_VAR not in request.GET and not self.get_actions(request):
                # The admin's scripts are for forms: selecting rows for an action, filling
                # in a field from another, looking up a related record. A read-only list
                # without actions has none of these, so its page loads none of them (jQuery
                # among them); its filters and the theme keep their own scripts. A pop-up
                # list keeps Django's, which answer the page that opened it.
                context = {"media": Media(), **(extra_context or {})}
            return super(ReadOnlyAdmin, self).changelist_view(request, context)

        if not self.keep_pages:
            return show()
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return page_cache.serve(request, show)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _kronor_attributes(self) -> dict[str, str]:
        """{money field: the name of the admin's column showing it in kronor}."""
        attributes = {}
        for name, field in _money_fields(self.model).items():
            attribute = f"{name}_kronor"
            if not hasattr(self, attribute):
                setattr(self, attribute, _kronor_column(name, _label(field)))
            attributes[name] = attribute
        return attributes

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        declared = list(super().get_readonly_fields(request, obj))
        extra = [name for name in self._kronor_attributes().values() if name not in declared]
        return [*declared, *extra]

    def get_fields(self, request: Any, obj: Any = None) -> Any:
        """The record's page shows each amount in kronor in place of its öre."""
        attributes = self._kronor_attributes()
        fields: list[Any] = []
        for name in super().get_fields(request, obj):
            shown = attributes.get(name, name) if isinstance(name, str) else name
            if shown not in fields:
                fields.append(shown)
        return fields


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def amount_column(field_name: str, description: Any):
    """A list column showing an öre field as Swedish kronor, sortable by the field."""

    @admin.display(description=description, ordering=field_name)
    def column(model_admin, obj):
        value = getattr(obj, field_name)
        return "–" if value is None else formats.amount(value)

    column.__name__ = f"{field_name}_kronor"
    return column
