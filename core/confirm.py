"""The confirmation step before an irreversible act.

A POST to an act's view without ``confirm=1`` does nothing: once its form is valid the view
answers with :func:`confirmation_page`, which shows exactly what will happen (amounts,
recipient, account, dates, what the region will be told) and posts the same values again
(hidden) with ``confirm=1``. Only that second POST calls the service. A bad value is
refused at its field before the step, as before.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"
# Never carried over into the hidden fields: the token is the page's own, and the
# confirmation is what the officer's button adds.
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


T = TypeVar("T")
R = TypeVar("R")


class _Rehearsed(Exception):
    """Raised to roll a rehearsal back."""


def rehearse(act: Callable[[], T], describe: Callable[[T], R]) -> R:
    """Run ``act`` (a service call) in a transaction that is always rolled back, and describe
    its result before the rollback: the confirmation shows what the service would really do
    (the amounts, the e-mail it would send) and refuses at the field what it would refuse.

    Only for services whose every effect is in the database: e-mail and other side effects
    wait for the commit, which never comes. A ValidationError or PermissionDenied from the
    service passes through, as from a real call.
    """
    described: list[R] = []
    try:
        with transaction.atomic():
            described.append(describe(act()))
            raise _Rehearsed
    except _Rehearsed:
        pass
    return described[0]


def is_confirmed(request: HttpRequest) -> bool:
    """Whether the officer pressed the confirmation page's button."""
    return request.POST.get("confirm") == "1"


@dataclass
class Confirmation:
    """What the confirmation page says: the act, its facts, and what the region is told."""

    title: str
    summary: str
    button: str
    cancel_url: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    told: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    danger: bool = False


def confirmation_page(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    """The page that asks for confirmation, posting the same values back with confirm=1."""
    hidden = [
        (name, value)
        for name in request.POST
        if name not in _NOT_CARRIED
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "core/confirm.html",
        {"confirmation": confirmation, "hidden": hidden, "action": request.path},
    )
