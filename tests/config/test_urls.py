"""No address is answered by another pattern than its own: the root URL configuration puts
the includes with a prefix of their own before the apps' empty prefixes (config/urls.py),
and every named pattern, given a sample value for each of its parameters, still resolves
to itself. The one pattern meant to be shadowed is the admin site's own login, which the
service's login redirect answers instead."""

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver, resolve

SAMPLES = {"int": "2025", "str": "01", "slug": "ett-namn", "uuid": str(uuid.uuid4()), "path": "a/b"}
# address -> the pattern that must answer it instead of its own
SHADOWED_ON_PURPOSE = {"/admin/login/": "admin_login"}


def _sample(pattern) -> str | None:
    text = str(pattern)
    if text.startswith("^") or "(?" in text:  # a regular expression: no sample to make
        return None
    return re.sub(
        r"<(?:(\w+):)?\w+>", lambda match: SAMPLES.get(match.group(1) or "str", "01"), text
    )


def _routes() -> list[tuple[str, str]]:
    """(sample address, "namespace:name") of every named pattern."""
    routes = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for entry in patterns:
            part = _sample(entry.pattern)
            if part is None:
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + part, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                routes.append((prefix + part, name))

    walk(get_resolver().url_patterns, "/", None)
    return routes


def test_every_named_address_resolves_to_its_own_pattern():
    routes = _routes()
    assert len(routes) > 300  # the service's pages and the admin site's
    wrong = []
    for address, name in routes:
        found = resolve(address).view_name
        if found != SHADOWED_ON_PURPOSE.get(address, name):
            wrong.append((address, name, found))
    assert wrong == []


def test_the_admin_sites_addresses_are_tried_before_the_officers_pages():
    root = [str(entry.pattern) for entry in get_resolver().url_patterns]
    first_empty_app = next(
        index
        for index, entry in enumerate(get_resolver().url_patterns)
        if isinstance(entry, URLResolver) and str(entry.pattern) == "" and index > 0
    )
    assert root.index("admin/") < first_empty_app
    assert root.index("region/") < first_empty_app
