from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("lap-ke-hoach/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sua/", views.plan_edit, name="edit"),
    path("<int:pk>/noi-dung/", views.plan_outline, name="outline"),
    path("<int:pk>/ap-dung-han/", views.plan_apply, name="apply"),
    path("<int:pk>/ke-hoach.pdf", views.plan_pdf, name="pdf"),
    path("<int:pk>/ke-hoach.docx", views.plan_docx, name="docx"),
]
