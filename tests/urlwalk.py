"""Every URL pattern of the application, so permission tests cover URLs added later too."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the pattern as written, e.g. "region/<str:county_code>/"
    params: tuple[str, ...]


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                if ns == "admin":  # the admin site has its own permission model (tested separately)
                    continue
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                full = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                routes.append(Route(name=name, route=full, params=tuple(entry.pattern.converters)))

    walk(get_resolver().url_patterns, "", None)
    return routes
