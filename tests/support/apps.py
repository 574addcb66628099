"""The project's own Django apps, found from the project rather than listed, so the tests that
walk every app (forms, admin, row counts) cover an app added later too."""

from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings


def project_app_configs(*, with_models: bool = False) -> list[AppConfig]:
    """The apps whose package sits at the top of the project (not Django's, not third-party)."""
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)
        and (not with_models or list(config.get_models()))
    ]
