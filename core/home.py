"""The home page's "waiting for you" panels, collected from the apps that have work to show.

accounts owns the home page but sits below the apps whose work it lists, so it never imports them:
each app registers a panel provider in its ``AppConfig.ready`` (assessments, then inspections, in
INSTALLED_APPS order) and the page asks ``panels_for(user)``.
A provider takes the user and returns a list of panels: ``{"title", "items", "empty_text"}``.
"""

from collections.abc import Callable

_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    """Add a panel provider (once, however often an app is readied)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(user) -> list[dict]:
    return [panel for provider in _providers for panel in provider(user)]
