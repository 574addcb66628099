"""Admin building blocks shared by the apps."""

from typing import Any

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records whose changes go through services only: everyone may only view them.

    The admin is a window for officers and auditors; a decided decision, an allocation or
    an audit event is never added, edited or deleted here.
    """

    list_per_page = 50  # as the officer's queue; a page of 100 rows is slow to render and read

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
