from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders and announcements")

    def ready(self) -> None:
        from notifications import renderers

        from .emails import render_digest, render_reminder

        renderers.register("reminder", render_reminder)
        renderers.register("digest", render_digest)
