"""The harness covers every form the project defines, and names no form that is gone."""

import importlib
import pkgutil

from django import forms

from tests.support.apps import project_app_configs

from .harness import ABSTRACT, TARGETS

PROJECT_APPS = [config.name for config in project_app_configs()]


def _import_project_modules() -> None:
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def project_forms() -> set[str]:
    """Every Form or ModelForm class defined in the project's own apps (modelform_factory
    classes made at run time, such as the admin's, are not defined in a module and are left out)."""
    _import_project_modules()
    return {
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in PROJECT_APPS and "<locals>" not in cls.__qualname__
    }


def test_every_project_form_has_an_entry_in_the_harness():
    uncovered = sorted(project_forms() - set(TARGETS) - set(ABSTRACT))
    assert not uncovered, f"uncovered form(s), add them to tests/forms/harness.py: {uncovered}"


def test_the_harness_names_no_form_that_no_longer_exists():
    gone = sorted((set(TARGETS) | set(ABSTRACT)) - project_forms())
    assert not gone, f"the harness names form(s) that no longer exist: {gone}"


def test_an_abstract_form_is_covered_through_the_forms_that_use_it():
    for name, users in ABSTRACT.items():
        assert users, name
        for user in users:
            assert TARGETS.get(user), f"{name} is said to be covered by {user}, which has no target"


def test_the_harness_finds_the_forms_it_should():
    found = project_forms()
    # A Form, a ModelForm, a subclass of a project form, and Django's own forms left out.
    assert {
        "accounts.forms.LoginForm",
        "grants.forms.DeadlineForm",
        "requisitions.forms.LateRequisitionForm",
    } <= found
    assert "django.contrib.auth.forms.AuthenticationForm" not in found
