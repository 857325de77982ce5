from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("mo-dot/", views.round_new, name="round_new"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("bao-cao/<int:pk>/", views.part_detail, name="part"),
    path("bao-cao/<int:pk>/gui/", views.part_submit, name="submit"),
    path("bao-cao/<int:pk>/tra-lai/", views.part_return, name="return"),
    path("bao-cao/<int:pk>/pdf/", views.part_pdf, name="part_pdf"),
    path("bao-cao/<int:pk>/word/", views.part_docx, name="part_docx"),
    path("bao-cao/<int:pk>/excel/", views.part_xlsx, name="part_xlsx"),
]
