from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginForm
from core import home as home_page


@login_required
def home(request):
    # the panels come from the apps above (core.home: assessments, then inspections' plans with a move waiting)
    return render(request, "home.html", {"panels": home_page.panels_for(request.user)})


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Bạn đã đăng xuất an toàn. Hẹn gặp lại!"))
        return response
