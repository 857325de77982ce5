from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("lap-ke-hoach/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sua/", views.plan_edit, name="edit"),
    path("<int:pk>/chuyen-trang-thai/", views.plan_transition, name="transition"),
    path("<int:pk>/doan-kiem-tra/", views.team, name="team"),
    path("<int:pk>/doan-kiem-tra/them-to/", views.subteam_add, name="subteam_add"),
    path("<int:pk>/doan-kiem-tra/<int:member_pk>/xoa/", views.member_delete, name="member_delete"),
    path("<int:pk>/phan-cong/", views.assignment, name="assignment"),
    path("<int:pk>/to-chuc-thuc-hien/", views.duties, name="duties"),
    path("<int:pk>/to-chuc-thuc-hien/<int:duty_pk>/xoa/", views.duty_delete, name="duty_delete"),
    path("<int:pk>/lich/", views.schedule, name="schedule"),
    path("<int:pk>/lich/don-vi/<int:unit_pk>/bo/", views.scope_remove, name="scope_remove"),
    path("<int:pk>/lich/<int:visit_pk>/xoa/", views.visit_delete, name="visit_delete"),
    path("<int:pk>/de-cuong/", views.outline, name="outline"),
    path("<int:pk>/de-cuong/<int:section_pk>/xoa/", views.section_delete, name="section_delete"),
    path("<int:pk>/bao-cao/<int:unit_pk>/", views.unit_report, name="unit_report"),
    path("<int:pk>/bao-cao/<int:unit_pk>/tep/", views.unit_report_file, name="unit_report_file"),
    path("<int:pk>/ket-qua/", views.results, name="results"),
    path("<int:pk>/ket-qua/<int:unit_pk>/", views.unit_findings, name="findings"),
    path("<int:pk>/viec-sau-kiem-tra/<int:follow_up_pk>/", views.follow_up_status, name="follow_up_status"),
    path("<int:pk>/ke-hoach.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/lich.pdf", views.schedule_pdf, name="schedule_pdf"),
    path("<int:pk>/lich.xlsx", views.schedule_xlsx, name="schedule_xlsx"),
    path("<int:pk>/ket-qua.pdf", views.findings_pdf, name="findings_pdf"),
    path("<int:pk>/ket-qua.xlsx", views.findings_xlsx, name="findings_xlsx"),
]
