from django.contrib import admin
from django.urls import include, path

from assessments.history_views import unit_history
from assessments.list_views import listing
from core import offline

admin.site.site_header = "Quản trị hệ thống – Xã, phường phù hợp với trẻ em"
admin.site.site_title = "Quản trị"

handler404 = "api.errors.not_found"  # JSON under /api/, the page elsewhere

urlpatterns = [
    path("admin/", admin.site.urls),
    path("danh-gia/", include("assessments.urls")),
    path("bao-cao/", include("reports.urls")),
    path("don-vi/", include(([path("", listing, {"kind": "communes"}, name="list"),
                              path("<int:pk>/lich-su/", unit_history, name="history")], "communes"))),
    path("kiem-tra/", include("inspections.urls")),
    path("tong-ket/", include("reviews.urls")),
    path("ke-hoach/", include("planning.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("operations.urls")),  # health/, health/web/, metrics (README, "Operations")
    path("sw.js", offline.service_worker, name="service_worker"),
    path("ngoai-tuyen/", offline.offline, name="offline"),
    path("", include("accounts.urls")),
]
