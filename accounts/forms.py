from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class LoginForm(AuthenticationForm):
    """Django's login form with messages that tell a part-time commune officer what to do next."""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Mật khẩu phân biệt chữ hoa và chữ thường: "
            "hãy kiểm tra phím Caps Lock và bộ gõ tiếng Việt (Unikey, EVKey) rồi thử lại. "
            "Nếu quên mật khẩu, hãy liên hệ quản trị hệ thống của đơn vị để được cấp lại."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống của đơn vị."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django sets the username's max_length after the field is made, so nothing checks it: a huge
        # name reached authenticate() and django-axes' varchar(255) (a 500 on PostgreSQL)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "autocorrect": "off", "spellcheck": "false"})
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"})


class PreferenceForm(forms.ModelForm):
    """How the user is e-mailed their notifications (in the app they are always shown)."""

    class Meta:
        model = User
        fields = ["mail_preference"]
        widgets = {"mail_preference": forms.RadioSelect(attrs={"class": "form-check-input"})}
        labels = {"mail_preference": _("Nhận thông báo qua thư điện tử")}
