"""Deployment checks for the audit trail's key and anchor log."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

MIN_KEY_BYTES = 32
DEVELOPMENT_KEY_IDS = {"dev"}


@register(Tags.security, deploy=True)
def audit_keys_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    keys: dict[str, bytes] = getattr(settings, "AUDIT_KEYS", {})
    if not keys:
        return [
            Error("AUDIT_KEYS names no key: the audit trail cannot be signed.", id="records.E001")
        ]
    for key_id, key in keys.items():
        if key_id in DEVELOPMENT_KEY_IDS:
            messages.append(
                Warning(f"AUDIT_KEYS uses the development key {key_id!r}.", id="records.W001")
            )
        elif len(key) < MIN_KEY_BYTES:
            messages.append(
                Warning(
                    f"The audit key {key_id!r} is shorter than {MIN_KEY_BYTES} bytes.",
                    hint="Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'",
                    id="records.W002",
                )
            )
    return messages
