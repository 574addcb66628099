"""Small, typed readers for environment variables."""

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_keys(name: str) -> dict[str, bytes]:
    """Named secrets, "id:secret,id2:secret2", in that order (the first is the one in use)."""
    keys: dict[str, bytes] = {}
    for item in os.environ.get(name, "").split(","):
        if not item.strip():
            continue
        key_id, separator, secret = item.strip().partition(":")
        if not separator or not key_id or not secret:
            raise ImproperlyConfigured(f"{name}: write each key as id:secret, separated by commas.")
        keys[key_id] = secret.encode("utf-8")
    return keys
