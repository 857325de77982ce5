"""What a locked-out user sees (django-axes counts the failures; see AXES_* in config/settings.py).

django-axes keeps every failed attempt in the database, so all app processes share one count,
and an administrator sees (and can clear) lockouts under "Axes" in the admin. Its own lockout page
is English; this one is the login page again, in Vietnamese, with HTTP 429 (Too Many Requests).
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.forms import LoginForm


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' gate, which refuses a locked-out username or address before the password check.

    Every login over HTTP (the login page, the admin's) passes the request. A call without one is
    in-process (the shell, a management command, `authenticate()` or `Client.login()` in a test):
    no one over the network can make it, so it is let through to the password check instead of
    raising as django-axes does.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_message():
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("Đăng nhập sai quá %(n)s lần nên tài khoản tạm khóa %(m)s phút. Hãy chờ rồi thử lại, "
             "hoặc liên hệ quản trị hệ thống của đơn vị để được mở khóa.") % {
        "n": settings.AXES_FAILURE_LIMIT, "m": minutes}


def lockout_response(request, original_response=None, credentials=None):
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    messages.error(request, lockout_message())
    # an unbound form: validating it would try the password again and count one more failure
    form = LoginForm(request, initial={"username": username})
    return render(request, "registration/login.html", {"form": form}, status=429)


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the entry our own proxies added to X-Forwarded-For.

    Earlier entries are whatever the client sent and are ignored, so a client cannot pick the
    address it is counted under.
    """
    count = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
