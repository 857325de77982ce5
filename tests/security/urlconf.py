"""Every URL pattern of config.urls, walked recursively, with its namespaced name."""

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/",)  # the admin is tested on its own: staff only


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            yield from _walk(p.url_patterns, route, ns)
        elif isinstance(p, URLPattern):
            yield route, (f"{namespace}{p.name}" if p.name else None), p


def all_patterns(include_admin=False):
    """[(name, URLPattern)] of the project, without the admin unless asked.

    A pattern without a name would escape the permission matrix (which is keyed by name), so it is
    returned under its route and the matrix fails on it.
    """
    found = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if not include_admin and route.startswith(SKIPPED_PREFIXES):
            continue
        found.append((name or f"<unnamed {route}>", pattern))
    return found


def admin_patterns():
    """[(route, name)] of the admin's pages."""
    return [(route, name) for route, name, _p in _walk(get_resolver().url_patterns)
            if route.startswith(SKIPPED_PREFIXES)]
