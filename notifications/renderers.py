"""E-mails written when they are sent rather than when they are recorded.

Reminders are recorded in bulk by the daily sweep; writing thousands of messages there would
be slow, and the content should say how things stand when the message leaves. An app
registers a renderer by name; the outbox calls it at send time. A renderer returns None
when the message is no longer needed (for example, the region completed the step).
"""

from collections.abc import Callable
from typing import Any

Rendered = tuple[str, str, str]  # subject, text, html
_RENDERERS: dict[str, Callable[[dict[str, Any]], Rendered | None]] = {}


def register(name: str, renderer: Callable[[dict[str, Any]], Rendered | None]) -> None:
    _RENDERERS[name] = renderer


def render(name: str, args: dict[str, Any]) -> Rendered | None:
    try:
        renderer = _RENDERERS[name]
    except KeyError:
        raise LookupError(f"no e-mail renderer named {name!r}") from None
    return renderer(args)
