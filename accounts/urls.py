from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("huong-dan/", views.help_page, name="help"),
    path("huong-dan/<slug:role>/", views.help_page, name="help_role"),
    path("thong-bao/da-doc/", views.notification_read, name="notification_read"),
    path("thong-bao/cach-nhan-thu/", views.notification_preference, name="notification_preference"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
]
