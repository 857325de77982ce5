"""Weak connections (issue 25): the service worker that keeps the app shell, and the page it shows
when the network is gone.

The service worker (templates/sw.js, served at /sw.js so that its scope is the whole site) caches the
static files only: CSS, JavaScript, fonts and icons, never a page, so nothing personal or from another
user is kept by it. A page opened without a connection gets templates/offline.html ("Không có kết
nối"), which shows the draft kept in the browser for that page (static/js/drafts.js), read-only.
Logging out clears the drafts and the cache (accounts.views.LogoutView, Clear-Site-Data).
"""

import functools
import hashlib
import os

from django.conf import settings
from django.contrib.staticfiles import finders
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# what every page needs (templates/base.html), and the scoring page's own scripts; the icon font is
# kept the first time a page asks for it (precaching it too would download its 134 KB twice on a first
# visit, while the page is still fetching it)
SHELL = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "css/app.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "js/drafts.js",
    "js/scoring.js",
    "js/evidence.js",
)


@functools.cache
def shell_version() -> str:
    """Changes when any static file changes (its URL under the manifest storage, else its size and
    time): the new service worker then replaces the cache, so no stale file is served."""
    digest = hashlib.sha256()
    for finder in finders.get_finders():
        for path, storage in sorted(finder.list([]), key=lambda item: item[0]):
            try:
                stat = os.stat(storage.path(path))
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
            except (NotImplementedError, OSError):
                digest.update(path.encode())
    digest.update("|".join(static(name) for name in SHELL).encode())
    return digest.hexdigest()[:16]


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    response = render(request, "sw.js", {
        "version": shell_version(), "shell": [static(name) for name in SHELL],
        "offline_url": reverse("offline"), "static_url": settings.STATIC_URL,
    }, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request):
    """The page the service worker shows for a page that needs the server when there is no network:
    the same for everyone (no user's data in it); the draft it shows is read from the browser."""
    return render(request, "offline.html")
