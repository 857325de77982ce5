from django.urls import path

from assessments import document_views, excel_views, list_views, signing_views, views

app_name = "assessments"

urlpatterns = [
    path("ho-so/", list_views.listing, {"kind": "dossiers"}, name="list"),
    path("dot/", list_views.listing, {"kind": "rounds"}, name="rounds"),
    path("quyet-dinh/", list_views.listing, {"kind": "decisions"}, name="decisions"),
    path("dot/moi/", views.round_new, name="round_new"),
    path("dot/<int:pk>/", views.round_detail, name="round"),
    path("dot/<int:round_pk>/bat-dau/", views.assessment_start, name="start"),
    path("dot/<int:round_pk>/dang-ky/", views.registration, name="register"),
    path("dot/<int:round_pk>/quyet-dinh/", views.decide, name="decide"),
    path("ho-so/<int:pk>/", views.assessment_detail, name="detail"),
    path("ho-so/<int:pk>/lich-su/", views.assessment_history, name="history"),
    path("ho-so/<int:pk>/diem/", views.scores_save, name="scores"),
    path("ho-so/<int:pk>/diem/xem-truoc/", views.scores_preview, name="scores_preview"),
    path("ho-so/<int:pk>/hoi-dong/", views.council, name="council"),
    path("ho-so/<int:pk>/nop/", views.submit, name="submit"),
    path("ho-so/<int:pk>/tra-lai/", views.return_, name="return"),
    path("ho-so/<int:pk>/tiep-nhan/", views.accept, name="accept"),
    path("ho-so/<int:pk>/hoan-thanh-tham-dinh/", views.complete_appraisal, name="complete_appraisal"),
    path("ho-so/<int:pk>/minh-chung/<int:score_pk>/", views.evidence_upload, name="evidence_upload"),
    path("ho-so/<int:pk>/minh-chung/<int:evidence_pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    path("ho-so/<int:pk>/minh-chung/<int:evidence_pk>/thay/", views.evidence_replace, name="evidence_replace"),
    path("ho-so/<int:pk>/bien-ban-da-ky/", views.minutes_download, name="minutes_file"),
    path("ho-so/<int:pk>/nhat-ky-tai/", views.download_log, name="download_log"),
    path("ho-so/<int:pk>/tham-dinh/", views.appraisal, name="appraisal"),
    path("minh-chung/<str:token>/", views.evidence_download, name="evidence"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision"),
    path("khen-thuong/", views.merit, name="merit"),
    path("dot/<int:round_pk>/mau-excel/", excel_views.template_download, name="excel_template"),
    path("dot/<int:round_pk>/tai-len/", excel_views.upload, name="excel_upload"),
    path("ho-so/<int:pk>/to-trinh.pdf", document_views.request_letter, name="doc_request"),
    path("ho-so/<int:pk>/bang-diem.pdf", document_views.score_sheet, name="doc_score_sheet"),
    path("ho-so/<int:pk>/bien-ban.pdf", document_views.minutes, name="doc_minutes"),
    path("ho-so/<int:pk>/bao-cao-tham-dinh.pdf", document_views.appraisal_report, name="doc_appraisal"),
    path("quyet-dinh/<int:pk>.pdf", document_views.decision_pdf, name="decision_pdf"),
    path("ho-so/<int:pk>/van-ban/<slug:slug>/co-quan-ban-hanh/", document_views.document_heading, name="doc_heading"),
    path("quyet-dinh/<int:pk>/co-quan-ban-hanh/", document_views.decision_heading, name="decision_heading"),
    # the signed record of each act (issue 24): for digital signing, the signed file taken back, the kept file
    path("ho-so/<int:pk>/van-ban/<slug:slug>/de-ky-so.pdf", signing_views.for_signing, name="doc_for_signing"),
    path("ho-so/<int:pk>/van-ban/<slug:slug>/da-ky/", signing_views.signed_record, name="doc_signed_record"),
    path("ho-so/<int:pk>/van-ban/<slug:slug>/da-ky.pdf", signing_views.signed_file, name="doc_signed_file"),
    path("quyet-dinh/<int:pk>/de-ky-so.pdf", signing_views.decision_for_signing, name="decision_for_signing"),
    path("quyet-dinh/<int:pk>/da-ky/", signing_views.decision_signed_record, name="decision_signed_record"),
    path("quyet-dinh/<int:pk>/da-ky.pdf", signing_views.decision_signed_file, name="decision_signed_file"),
    # the province's rule: the electronic path required in all its rounds (its staff, their own province only)
    path("tinh/<int:pk>/quy-dinh-ky-so/", signing_views.province_signing, name="province_signing"),
]
