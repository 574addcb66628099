"""Admin building blocks shared by the apps."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import router, transaction

from core import page_cache
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


class SiteAdmin(admin.ModelAdmin):
    """The base of every admin of the project."""

    def get_changelist(self, request: Any, **kwargs: Any) -> Any:
        return SafeChangeList


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
    # False for records written without an audit event (the outbox, the reminder sweep's).
    keep_pages = True

    def changelist_view(self, request: Any, extra_context: Any = None) -> Any:
        if not self.keep_pages:
            return super().changelist_view(request, extra_context)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        show = super().changelist_view
        return page_cache.serve(request, lambda: show(request, extra_context))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def amount_column(field_name: str, description: Any):
    """A list column showing an öre field as Swedish kronor, sortable by the field."""
    from core.money import format_kronor

    @admin.display(description=description, ordering=field_name)
    def column(model_admin, obj):
        value = getattr(obj, field_name)
        return "–" if value is None else format_kronor(value)

    column.__name__ = f"{field_name}_kronor"
    return column
