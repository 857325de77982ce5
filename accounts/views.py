from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts import help as role_help
from accounts import notifications, permissions
from accounts.forms import LoginForm, PreferenceForm
from accounts.models import Role
from core import home as home_page


@login_required
def home(request):
    # the panels come from the apps above (core.home: assessments, then inspections' plans with a move waiting)
    sector, today = request.user.sector, timezone.localdate()
    # the user's sector as it is called today ("Y tế" for child affairs since 01/3/2025, not "LĐTBXH")
    named = (sector.name_on(today), sector.short_on(today)) if sector else ("", "")
    return render(request, "home.html", {"panels": home_page.panels_for(request.user),
                                         "workflow_step": permissions.workflow_step(request.user),
                                         "sector_name": named[0], "sector_short": named[1]})


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST (a link cannot log anyone out); an address opened by GET answers a page
    whose button logs out, not an empty 405."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("login")
        return render(request, "registration/logout_confirm.html")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Bạn đã đăng xuất an toàn. Hẹn gặp lại!"))
        # the drafts kept in the browser and the service worker's cache go with the session
        # (static/js/drafts.js clears them too, where the browser does not honour this header)
        response["Clear-Site-Data"] = '"storage"'
        return response


@login_required
def notification_list(request):
    """"Việc chờ tôi": the user's own notifications, newest first, 30 a page, all or only the unread
    (``?loc=chua-doc``), each linking to the page where the user acts; the e-mail preference beside them.
    Three queries (count, page, session) and the user with the unread count (accounts.backends)."""
    unread_only = request.GET.get("loc") == "chua-doc"
    rows = notifications.for_user(request.user).only("subject", "body", "url", "is_read", "created_at")
    page = Paginator(rows.filter(is_read=False) if unread_only else rows, 30).get_page(request.GET.get("trang"))
    return render(request, "notifications/list.html", {
        "page": page, "unread_only": unread_only, "unread": notifications.unread_count(request.user),
        "preference": PreferenceForm(instance=request.user)})


@require_POST
@login_required
def notification_read(request):
    """Mark read the notifications posted (``id``, several allowed), or all with ``all``; only the
    user's own: another user's id changes nothing. With ``next`` (the notification's link) go there."""
    ids = None if request.POST.get("all") else [i for i in request.POST.getlist("id") if i.isdigit()]
    notifications.mark_read(request.user, ids)
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("notifications")


@require_POST
@login_required
def notification_preference(request):
    """Save how the user is e-mailed their notifications (their own only), back to "Việc chờ tôi"."""
    form = PreferenceForm(request.POST, instance=request.user)
    if form.is_valid():
        notifications.preference_set(user=request.user, preference=form.cleaned_data["mail_preference"])
        messages.success(request, _("Đã lưu cách nhận thư: %(p)s.") % {"p": request.user.get_mail_preference_display()})
    else:
        messages.error(request, _("Hãy chọn một cách nhận thư trong danh sách."))
    return redirect("notifications")


@login_required
def help_page(request, role=None):
    """"Hướng dẫn": what a role does and when, with a link for each step (accounts.help); the user's own
    role unless another is named, and the other roles' pages listed."""
    role = role or role_help.role_of(request.user)
    if role not in Role.values:
        raise Http404
    return render(request, "help.html", {
        "role": role, "role_label": Role(role).label, "duty": role_help.DUTIES[role],
        "steps": [{"step": s, "url": reverse(s.url_name)} for s in role_help.STEPS[role]],
        "others": [(r.value, r.label) for r in Role if r.value != role]})
