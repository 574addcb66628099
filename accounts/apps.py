from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from .roles import sync_role_groups

        # Permissions exist only after migrate has created them; keep the role groups in step.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
