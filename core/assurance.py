"""How the person acting in this request logged in: set by
``accounts.oidc.EidSessionMiddleware`` for a session logged in with e-ID, read by
``records.services.audit_record``, which puts the assurance level (acr) into the audit event
of every act that person does in that session (docs/security.md, "Assurance levels")."""

from contextvars import ContextVar
from typing import Any

# {"user": user id, "login": "e-id", "acr": "…"} for the request being served, or None.
_current: ContextVar[dict[str, Any] | None] = ContextVar("statsbidrag_assurance", default=None)


def set_current(value: dict[str, Any] | None) -> Any:
    return _current.set(value)


def reset(token: Any) -> None:
    _current.reset(token)


def for_actor(actor: Any) -> dict[str, str] | None:
    """The login's assurance when ``actor`` is the person logged in to this request."""
    value = _current.get()
    if value is None or getattr(actor, "pk", None) is None or value.get("user") != actor.pk:
        return None
    return {"login": str(value.get("login", "")), "acr": str(value.get("acr", ""))}
