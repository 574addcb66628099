"""The agency's staff roles, kept as groups whose permissions are derived from code here.

- Officers (handläggare) run grants: they may view everything in the admin site and change
  the reference and configuration data listed in ``OFFICER_CHANGE_MODELS``. Money and status
  change only through the application's services, never through the admin.
- Auditors (revisorer) may view everything and change nothing.
"""

from django.apps import apps as global_apps
from django.db import models
from django.utils.translation import gettext_lazy as _

# Apps whose models staff may see in the admin site.
AUDITED_APPS = (
    "auth",
    "accounts",
    "regions",
    "grants",
    "records",
    "attachments",
    "notifications",
    "requisitions",
    "reports",
    "repayments",
    "reminders",
    "reporting",
    "ombud",
    "conversations",
    "signatures",
)

# Models officers may add and change in the admin site (configuration, not money or status).
OFFICER_CHANGE_MODELS = (
    "regions.region",
    "regions.populationdataset",
    "regions.populationfigure",
    "reminders.reminderrule",
)


class StaffRole(models.TextChoices):
    OFFICER = "officer", _("Officer")
    AUDITOR = "auditor", _("Auditor")


def role_permission_codenames(role: str) -> set[tuple[str, str]]:
    """(app_label, codename) pairs the role's group should hold."""
    wanted: set[tuple[str, str]] = set()
    for app_label in AUDITED_APPS:
        try:
            config = global_apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            model_name = model._meta.model_name
            wanted.add((app_label, f"view_{model_name}"))
            if role == StaffRole.OFFICER and f"{app_label}.{model_name}" in OFFICER_CHANGE_MODELS:
                wanted.add((app_label, f"add_{model_name}"))
                wanted.add((app_label, f"change_{model_name}"))
    return wanted


def sync_role_groups(**kwargs: object) -> None:
    """Create the role groups and set exactly the permissions the roles define."""
    from django.contrib.auth.models import Group, Permission

    for role in StaffRole.values:
        group, _created = Group.objects.get_or_create(name=role)
        wanted = role_permission_codenames(role)
        permissions = [
            permission
            for permission in Permission.objects.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.set(permissions)
