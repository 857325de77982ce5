from django.urls import path

from reports import bundle_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("tong-hop/", views.summary, name="summary"),
    path("tieu-chi/", views.criteria, name="criteria"),
    path("xu-huong/", views.trend, name="trend"),
    path("khen-thuong/", views.holders, name="holders"),
    path("chi-tieu/", views.targets, name="targets"),
    path("xuat/", views.export_start, name="export"),
    path("xuat/<uuid:token>/", views.export_status, name="export_status"),
    path("xuat/<uuid:token>/tai-ve/", views.export_download, name="export_download"),
    path("ho-so-dot/<int:round_pk>/", bundle_views.round_bundle, name="round_bundle"),
]
