from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginForm
from assessments import selectors as assessment_selectors


@login_required
def home(request):
    # TODO(assessments): drop the guard once assessments.selectors.home_panels exists.
    home_panels = getattr(assessment_selectors, "home_panels", None)
    panels = home_panels(request.user) if home_panels else []
    return render(request, "home.html", {"panels": panels})


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Bạn đã đăng xuất an toàn. Hẹn gặp lại!"))
        return response
