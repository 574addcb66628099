"""Fixtures and the Hypothesis profiles for the hostile-input tests of every form.

``FORMS_HYPOTHESIS_PROFILE=deeper`` or ``thorough`` runs more examples (for a nightly run); the
default, "forms", keeps the whole package within two minutes on PostgreSQL."""

from hypothesis import HealthCheck, settings

from tests.requisitions.conftest import (  # noqa: F401
    before_deadline,
    case,
    second_officer,
    submitter,
)

_COMMON = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    "print_blob": True,
}
settings.register_profile("forms", max_examples=6, **_COMMON)
settings.register_profile("deeper", max_examples=40, **_COMMON)
settings.register_profile("thorough", max_examples=300, **_COMMON)
