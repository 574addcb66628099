from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OmbudConfig(AppConfig):
    name = "ombud"
    verbose_name = _("Ombud applications")
