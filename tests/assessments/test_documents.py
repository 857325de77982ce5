"""The printed documents: the commune's dossier, the appraisal report and the decision, as PDF.

A whole 2024 round of Huyện Văn Bàn runs through assessments.services: Thị trấn Khánh Yên is
returned once, resubmitted, adjusted by the health sector and recognised; Xã Võ Lao reaches its
threshold but has a criterion at 0 and is not recognised. Every PDF is rendered, read back with
pypdf and checked for its Vietnamese wording and its numbers.
"""

import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from assessments import documents, services
from assessments.models import Assessment, Transition
from communes.models import Kind, Level, Tier
from criteria.models import Indicator, Sector
from tests.factories import advance, full_points, versions

CHAIR = {"name": "Nguyễn Văn Bình", "position": "Phó Chủ tịch UBND thị trấn", "council_role": "chair"}
MEMBERS = [
    CHAIR,
    {"name": "Lý Thị Mai", "position": "Công chức Văn hóa - Xã hội", "council_role": "standing"},
    {"name": "Hoàng Văn Sơn", "position": "Trưởng Công an thị trấn", "council_role": "member"},
    {"name": "Đỗ Thu Trang", "position": "Công chức Văn phòng - Thống kê", "council_role": "secretary"},
]
CONCLUSION = "Hội đồng thống nhất đề nghị công nhận thị trấn Khánh Yên đạt tiêu chuẩn năm 2024."
ADJUST_REASON = "Số trẻ suy dinh dưỡng thấp còi chưa khớp sổ theo dõi của trạm y tế"


def text_of(pdf: bytes) -> str:
    """The PDF's text with whitespace collapsed (lines wrap wherever the layout puts them) and
    without the page numbers at the top of pages 2, 3 … (a sentence may run across them)."""
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    pages = pages[:1] + [re.sub(r"^\s*\d+\s", " ", text, count=1) for text in pages[1:]]
    return " ".join(" ".join(pages).split())


def pages_of(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages


def run_assessment(w, commune, officer, *, points, figures=None, notes=None, members=MEMBERS,
                   conclusion=CONCLUSION, return_once=False, adjust=None):
    """One commune from its first score to the end of appraisal, through the services (factories.advance)."""
    a = services.assessment_start(by=officer, round=w.round, commune=commune)
    people = dict(officer=officer, recogniser=w.district, appraisers=w.appraisers)
    if return_once:
        a = advance(a, Assessment.Status.RETURNED, points=points, notes=notes, figures=figures, members=members,
                    conclusion=conclusion, comment="Bổ sung nguồn số liệu tiêu chí 2", **people)
    a = advance(a, Assessment.Status.APPRAISED, points=points, notes=notes, figures=figures, members=members,
                conclusion=conclusion, appraised=adjust, appraisal_reason=ADJUST_REASON, **people)
    backdate(a, datetime.datetime(w.round.year, 11, 10, 9, tzinfo=datetime.timezone.utc))
    return Assessment.objects.get(pk=a.pk)


def backdate(a, start):
    """Put the moves on the round's calendar, a day apart (the services stamp them with today)."""
    for day, t in enumerate(a.transitions.order_by("at", "id")):
        when = start + datetime.timedelta(days=day)
        Transition.objects.filter(pk=t.pk).update(at=when)
        if t.to_status == Assessment.Status.SUBMITTED:
            Assessment.objects.filter(pk=a.pk).update(submitted_at=when)


@pytest.fixture
def w(workflow):
    """The shared 2024 round of Lào Cai (tests/conftest.py); Văn Bàn's officer signs as head of office."""
    workflow.district.position = "Trưởng phòng Lao động - Thương binh và Xã hội"
    workflow.district.save(update_fields=["position"])
    return workflow


@pytest.fixture
def appraised(w):
    """Khánh Yên: 975 self-assessed (TC11 50/75), TC8 appraised 75 → 50, so 950 after appraisal.
    Võ Lao (remote, threshold 800): 900 points but TC3 at 0."""
    immunisation = Indicator.objects.get(criterion__standard=w.standard, criterion__number=7, number=1)
    khanh_yen = run_assessment(
        w, w.units.commune, w.officer, points=full_points(w.standard, tc11=50),
        figures={7: {str(immunisation.pk): {"numerator": "196", "denominator": "200"}}},
        notes={2: "Sổ đăng ký khai sinh của UBND thị trấn, tháng 10/2024"},
        return_once=True, adjust={8: 50})
    vo_lao = run_assessment(
        w, w.units.neighbour, w.neighbour_officer, points=full_points(w.standard, tc3=0),
        members=[{"name": "Vàng A Páo", "position": "Chủ tịch UBND xã", "council_role": "chair"}],
        conclusion="Đề nghị xem xét.")
    return SimpleNamespace(khanh_yen=khanh_yen, vo_lao=vo_lao)


@pytest.fixture
def decided(w, appraised):
    d = services.decision_issue(
        by=w.district, round=w.round, issuer=w.units.district, number="125/QĐ-UBND",
        signed_on=datetime.date(2024, 12, 10), signer_name="Hoàng Văn Thắng", signer_title="Phó Chủ tịch",
        outcomes={appraised.khanh_yen.pk: (True, ""), appraised.vo_lao.pk: (False, "")},
        seen_versions=versions(appraised.khanh_yen, appraised.vo_lao))
    return SimpleNamespace(decision=d, **vars(appraised))


def fetch(client, user, url):
    client.force_login(user)
    return client.get(url)


def doc_url(name, a):
    return reverse(f"assessments:doc_{name}", args=[a.pk])


# --- the commune's dossier ---------------------------------------------------------------------

def test_the_request_letter_asks_the_district_with_the_total_and_the_councils_conclusion(client, w, appraised):
    response = fetch(client, w.officer, doc_url("request", appraised.khanh_yen))
    assert response.status_code == 200
    text = text_of(response.content)
    for expected in ("ỦY BAN NHÂN DÂN THỊ TRẤN KHÁNH YÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "/TTr-UBND", "Khánh Yên, ngày", "TỜ TRÌNH",
                     "Đề nghị công nhận thị trấn Khánh Yên đạt tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em "
                     "năm 2024",
                     "Kính gửi: Ủy ban nhân dân huyện Văn Bàn.",
                     "Căn cứ Quyết định số 06/QĐ-TTg ngày 03/01/2019 của Thủ tướng Chính phủ",
                     "tự đánh giá 13 tiêu chí", "975/1.000 điểm", "850 điểm", "Đạt tiêu chuẩn", CONCLUSION,
                     "kính trình Ủy ban nhân dân huyện Văn Bàn xem xét, công nhận thị trấn Khánh Yên",
                     "Nơi nhận:", "Phòng Lao động - Thương binh và Xã hội huyện Văn Bàn", "Lưu: VT.",
                     "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Bình"):
        assert expected in text, expected


def test_the_score_sheet_lists_every_criterion_with_points_sources_and_the_rules_verdict(client, w, appraised):
    text = text_of(fetch(client, w.officer, doc_url("score_sheet", appraised.khanh_yen)).content)
    for c in w.standard.criteria.all():
        assert c.name in text, c.name
    for expected in ("BẢNG TỰ CHẤM ĐIỂM", "Điểm tối đa", "Điểm tự chấm", "Số liệu, nguồn số liệu",
                     "Sổ đăng ký khai sinh của UBND thị trấn, tháng 10/2024", "196/200 (98%)",
                     "Tổng cộng 1.000 975", "ngưỡng công nhận đối với nhóm xã, phường, thị trấn khác: 850 điểm",
                     "số tiêu chí đạt 0 điểm: 0", "Đối chiếu tiêu chuẩn: Đạt tiêu chuẩn.",
                     "NGƯỜI LẬP BIỂU TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Đỗ Thu Trang Nguyễn Văn Bình"):
        assert expected in text, expected


def test_the_score_sheet_gives_the_reasons_of_a_commune_with_a_criterion_at_zero(client, w, appraised):
    text = text_of(fetch(client, w.neighbour_officer, doc_url("score_sheet", appraised.vo_lao)).content)
    assert "Tổng cộng 1.000 900" in text
    assert "Chưa đạt tiêu chuẩn" in text
    assert "Tiêu chí 3 (Trẻ em bị xâm hại) đạt 0 điểm" in text
    assert "ngưỡng công nhận đối với nhóm xã, thị trấn miền núi, hải đảo, đặc biệt khó khăn: 800 điểm" in text
    # a chairman signs for the committee himself
    assert "NGƯỜI LẬP BIỂU TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Vàng A Páo" in text


def test_the_minutes_record_the_meeting_members_roles_points_and_conclusion(client, w, appraised):
    text = text_of(fetch(client, w.officer, doc_url("minutes", appraised.khanh_yen)).content)
    for expected in ("ỦY BAN NHÂN DÂN THỊ TRẤN KHÁNH YÊN HỘI ĐỒNG ĐÁNH GIÁ THỊ TRẤN PHÙ HỢP VỚI TRẺ EM", "/BB-HĐĐG", "BIÊN BẢN",  # noqa: E501
                     "Khánh Yên, ngày 08 tháng 11 năm 2024", "Hôm nay, ngày 08 tháng 11 năm 2024",
                     "Chủ trì: Nguyễn Văn Bình – Phó Chủ tịch UBND thị trấn, Chủ tịch Hội đồng",
                     "Lý Thị Mai Công chức Văn hóa - Xã hội Thành viên thường trực",
                     "Hoàng Văn Sơn Trưởng Công an thị trấn Thành viên", "Đỗ Thu Trang",
                     "dự họp (4 người)", "Tổng cộng 1.000 975", CONCLUSION,
                     "THƯ KÝ CHỦ TỊCH HỘI ĐỒNG Đỗ Thu Trang Nguyễn Văn Bình"):
        assert expected in text, expected


def test_the_dossier_prints_as_a_blank_form_before_the_council_meets(client, w):
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    text = text_of(fetch(client, w.officer, doc_url("minutes", a)).content)
    assert "BIÊN BẢN" in text and "ngày …… tháng …… năm 2024" in text
    text = text_of(fetch(client, w.officer, doc_url("request", a)).content)
    assert "Kính gửi: Ủy ban nhân dân huyện Văn Bàn." in text
    assert "Khánh Yên, ngày …… tháng …… năm 20……" in text  # left for the clerk
    assert "Phòng Lao động - Thương binh và Xã hội huyện Văn Bàn" in text  # named as on the round's calendar
    assert "Chưa đạt tiêu chuẩn" in text and "Còn 13 tiêu chí chưa chấm điểm" in text


# --- the recognising unit's documents ------------------------------------------------------------

def test_the_appraisal_report_sets_self_assessed_against_appraised_points(client, w, appraised):
    response = fetch(client, w.district, doc_url("appraisal", appraised.khanh_yen))
    assert response.status_code == 200
    assert pages_of(response.content)[0].mediabox.width < pages_of(response.content)[0].mediabox.height  # portrait A4
    text = text_of(response.content)
    for expected in ("UBND HUYỆN VĂN BÀN", "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "/BC-LĐTBXH",
                     "Văn Bàn, ngày", "BÁO CÁO",
                     "Kết quả thẩm định hồ sơ đề nghị công nhận thị trấn Khánh Yên",
                     "Cơ quan thẩm định", "Điểm tự chấm", "Điểm thẩm định", "Chênh lệch",
                     "Hồ sơ đã được trả lại để bổ sung 1 lần", "Bổ sung nguồn số liệu tiêu chí 2",
                     "Trẻ em dưới 5 tuổi bị suy dinh dưỡng", "Y tế 75 75 50 -25", ADJUST_REASON, "Thống nhất",
                     "Tổng cộng 1.000 975 950", "tổng điểm sau thẩm định: 950/1.000 điểm",
                     "(1 tiêu chí được điều chỉnh điểm)", "Đối chiếu với tiêu chuẩn: Đạt tiêu chuẩn",
                     "đề nghị Ủy ban nhân dân huyện Văn Bàn xem xét, công nhận thị trấn Khánh Yên",
                     "TRƯỞNG PHÒNG Lê Thị Lan"):
        assert expected in text, expected
    assert "Công an" in text and "Tư pháp" in text  # every appraising sector is named
    assert "Trẻ em bị xâm hại LĐTBXH, Công an" in text  # criterion 3: the lead, then the sector sharing it


def test_the_list_of_documents_costs_the_assessment_page_no_query(w, decided, django_assert_num_queries):
    a = Assessment.objects.get(pk=decided.khanh_yen.pk)
    with django_assert_num_queries(0):
        docs = documents.documents_for(w.officer, a)
    assert [d["label"] for d in docs] == [
        "Tờ trình đề nghị công nhận", "Bảng tự chấm điểm", "Biên bản họp Hội đồng đánh giá", "Báo cáo thẩm định",
        "Quyết định công nhận"]


def test_the_appraisal_report_is_not_printed_before_the_appraisal_is_complete(client, w):
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    assert fetch(client, w.district, doc_url("appraisal", a)).status_code == 404
    assert [d["label"] for d in documents.documents_for(w.officer, a)] == [
        "Tờ trình đề nghị công nhận", "Bảng tự chấm điểm", "Biên bản họp Hội đồng đánh giá"]


def test_the_decision_follows_the_administrative_format(client, w, decided):
    response = fetch(client, w.district, reverse("assessments:decision_pdf", args=[decided.decision.pk]))
    assert response.status_code == 200
    text = text_of(response.content)
    expected_in_order = [
        "ỦY BAN NHÂN DÂN HUYỆN VĂN BÀN", "Số: 125/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Văn Bàn, ngày 10 tháng 12 năm 2024", "QUYẾT ĐỊNH",
        "Về việc công nhận xã, phường, thị trấn phù hợp với trẻ em năm 2024",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĂN BÀN",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung",
        "Căn cứ Quyết định số 06/QĐ-TTg ngày 03/01/2019 của Thủ tướng Chính phủ",
        "Căn cứ Báo cáo thẩm định hồ sơ đề nghị công nhận xã, phường, thị trấn phù hợp với trẻ em năm 2024 "
        "của Phòng Lao động - Thương binh và Xã hội",
        "Theo đề nghị của Trưởng phòng Lao động - Thương binh và Xã hội.", "QUYẾT ĐỊNH:",
        "Điều 1. Công nhận 01 xã, phường, thị trấn đạt tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em năm 2024",
        "1 Thị trấn Khánh Yên 950 850",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "01 đơn vị chưa được công nhận năm 2024 (danh sách và lý do tại Phụ lục kèm theo Quyết định này)",
        "Điều 3. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện, Trưởng phòng Lao động - Thương binh "
        "và Xã hội, Thủ trưởng các cơ quan, đơn vị có liên quan và Chủ tịch Ủy ban nhân dân các xã, phường, thị "
        "trấn có tên tại Điều 1 và Phụ lục kèm theo chịu trách nhiệm thi hành Quyết định này./.",
        "Nơi nhận:", "- Như Điều 3;", "Sở Lao động - Thương binh và Xã hội tỉnh Lào Cai (b/c);",
        "Lưu: VT, LĐTBXH.", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Hoàng Văn Thắng",
        "PHỤ LỤC", "DANH SÁCH XÃ, PHƯỜNG, THỊ TRẤN CHƯA ĐƯỢC CÔNG NHẬN",
        "(Kèm theo Quyết định số 125/QĐ-UBND ngày 10/12/2024 của Chủ tịch Ủy ban nhân dân huyện Văn Bàn)",
        "1 Xã Võ Lao 900 800 Tiêu chí 3 (Trẻ em bị xâm hại) đạt 0 điểm",
    ]
    position = 0
    for expected in expected_in_order:
        found = text.find(expected, position)
        assert found >= 0, expected
        position = found + len(expected)
    assert len(pages_of(response.content)) >= 2  # the annex starts a page of its own


def test_a_decision_under_qd_34_2014_cites_circular_25_2014():
    from criteria.models import Standard

    std = Standard(code="34/2014/QĐ-TTg", issued_on=datetime.date(2014, 5, 30),
                   title="Quyết định số 34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ quy định tiêu chuẩn",
                   guidance="Thông tư số 25/2014/TT-BLĐTBXH ngày 06/9/2014 của Bộ Lao động - Thương binh và Xã hội")
    bases = documents.legal_bases(std, datetime.date(2017, 12, 5))
    assert bases == ["Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
                     std.title, std.guidance]
    std.guidance = "Hướng dẫn số 604/TE-PTTG ngày 20/9/2019 của Cục Trẻ em"  # guidance letters are no legal basis
    assert documents.legal_bases(std, datetime.date(2025, 12, 5))[-1] == std.title
    assert documents.legal_bases(std, datetime.date(2025, 12, 5))[0] == (
        "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025")


def test_after_the_reform_the_province_recognises_on_the_health_departments_report(
        client, standards, make_unit, make_user):
    """Two tiers: Tỉnh Bắc Ninh → Phường Kinh Bắc; child affairs belong to Sở Y tế."""
    start = datetime.date(2025, 7, 1)
    province = make_unit("Tỉnh Bắc Ninh", "24", Level.PROVINCE, Kind.PROVINCE, valid_from=start)
    ward = make_unit("Phường Kinh Bắc", "07420", Level.COMMUNE, Kind.WARD, province, valid_from=start,
                     tier=Tier.OTHER)
    w = SimpleNamespace(units=SimpleNamespace(province=province), standard=standards["06/QĐ-TTg"])
    w.round = services.round_open(
        by=make_user(Role.PROVINCIAL_STAFF, province), province=province, year=2025, standard=w.standard,
        period_start=datetime.date(2024, 11, 1), period_end=datetime.date(2025, 10, 31),
        submission_due=datetime.date(2025, 11, 15), appraisal_due=datetime.date(2025, 11, 30),
        decision_due=datetime.date(2025, 12, 10), report_due=datetime.date(2025, 12, 10))
    w.district = make_user(Role.DISTRICT_OFFICER, province)  # the recognising unit is the province now
    w.appraisers = {s.code: make_user(Role.SECTOR_APPRAISER, province, s) for s in Sector.objects.all()}
    officer = make_user(Role.COMMUNE_OFFICER, ward)
    a = run_assessment(w, ward, officer, points=full_points(w.standard),
                       members=[{"name": "Trần Minh Tuấn", "position": "Chủ tịch UBND phường",
                                 "council_role": "chair"}])
    d = services.decision_issue(by=w.district, round=w.round, issuer=province, number="88/QĐ-UBND",
                                signed_on=datetime.date(2025, 12, 12), signer_name="Đào Quang Khải",
                                signer_title="Chủ tịch", outcomes={a.pk: (True, "")}, seen_versions=versions(a))

    request_text = text_of(fetch(client, officer, doc_url("request", a)).content)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh." in request_text
    assert "Sở Y tế tỉnh Bắc Ninh" in request_text

    report = documents.appraisal_report_context(a)
    assert (report["issuer"], report["number"].strip(), report["place"]) == ("Sở Y tế", "/BC-SYT", "Bắc Ninh")

    text = text_of(fetch(client, officer, reverse("assessments:decision_pdf", args=[d.pk])).content)
    for expected in ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Bắc Ninh, ngày 12 tháng 12 năm 2025",
                     "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
                     "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                     "Theo đề nghị của Giám đốc Sở Y tế.", "1 Phường Kinh Bắc 1.000 850",
                     "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Y tế", "Bộ Y tế (b/c)",
                     "TT. Tỉnh ủy, TT. HĐND tỉnh (b/c)", "Lưu: VT, SYT.", "CHỦ TỊCH Đào Quang Khải"):
        assert expected in text, expected
    assert "KT. CHỦ TỊCH" not in text and "PHỤ LỤC" not in text


# --- serving ------------------------------------------------------------------------------------

def test_documents_are_inline_pdfs_never_cached_with_ascii_names(client, w, decided):
    client.force_login(w.officer)
    expected_names = {
        doc_url("request", decided.khanh_yen): "to-trinh-thi-tran-khanh-yen-2024.pdf",
        doc_url("score_sheet", decided.khanh_yen): "bang-tu-cham-diem-thi-tran-khanh-yen-2024.pdf",
        doc_url("minutes", decided.khanh_yen): "bien-ban-hoi-dong-thi-tran-khanh-yen-2024.pdf",
        doc_url("appraisal", decided.khanh_yen): "bao-cao-tham-dinh-thi-tran-khanh-yen-2024.pdf",
        reverse("assessments:decision_pdf", args=[decided.decision.pk]): "quyet-dinh-125-qd-ubnd.pdf",
    }
    for url, name in expected_names.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'inline; filename="{name}"'
        assert "no-store" in response["Cache-Control"]
        assert response.content.startswith(b"%PDF-")


def test_only_users_who_can_see_the_assessment_get_its_documents(client, w, decided):
    dossier = [doc_url(n, decided.khanh_yen) for n in ("request", "score_sheet", "minutes", "appraisal")]
    decision = reverse("assessments:decision_pdf", args=[decided.decision.pk])
    for url in dossier + [decision]:
        assert fetch(client, w.outsider, url).status_code == 404, url  # another province
        assert fetch(client, w.other_district, url).status_code == 404, url  # another district
    for url in dossier:  # a neighbouring commune does not see Khánh Yên's dossier
        assert fetch(client, w.neighbour_officer, url).status_code == 404, url
    # … but does receive the decision that names it (Như Điều 3)
    assert fetch(client, w.neighbour_officer, decision).status_code == 200
    client.logout()
    assert client.get(decision).status_code == 302


def test_the_assessment_and_decision_pages_link_their_documents(client, w, decided):
    page = fetch(client, w.officer, reverse("assessments:detail", args=[decided.khanh_yen.pk])).content.decode()
    for name in ("request", "score_sheet", "minutes", "appraisal"):
        assert doc_url(name, decided.khanh_yen) in page
    pdf = reverse("assessments:decision_pdf", args=[decided.decision.pk])
    assert pdf in page and "Quyết định công nhận" in page
    page = client.get(reverse("assessments:decision", args=[decided.decision.pk])).content.decode()
    assert pdf in page


# --- one source for an office's name: the heading the user confirmed reaches the body text -------------

def confirmed(a, document, by, issuer, parent_body="", decision=None):
    """The heading confirmed on its page as loaded now (the page carries the heading's version)."""
    from assessments.models import DocumentHeading

    of_act = {"assessment": None if decision else a, "decision": decision}
    seen = DocumentHeading.objects.filter(**of_act, document=document).values_list("version", flat=True).first()
    services.document_heading_save(by=by, document=document, parent_body=parent_body, issuer=issuer,
                                   seen_version=seen or 0, **of_act)


def layout_text(client, user, url):
    from tests.pdf import pdf_text

    return pdf_text(fetch(client, user, url).content)


def test_a_corrected_heading_renames_the_commune_committee_in_the_request_and_the_minutes(client, w, decided):
    a = decided.khanh_yen
    confirmed(a, "request", w.officer, "ỦY BAN NHÂN DÂN\nXÃ KHÁNH YÊN")
    confirmed(a, "minutes", w.officer, "HỘI ĐỒNG ĐÁNH GIÁ XÃ\nPHÙ HỢP VỚI TRẺ EM",
              parent_body="ỦY BAN NHÂN DÂN XÃ KHÁNH YÊN")
    request = layout_text(client, w.officer, doc_url("request", a))
    assert "Ủy ban nhân dân xã Khánh Yên đã tổ chức thu thập thông tin" in request
    assert "Ủy ban nhân dân xã Khánh Yên kính trình" in request
    assert "Ủy ban nhân dân thị trấn Khánh Yên" not in request  # the old name nowhere in the body
    minutes = layout_text(client, w.officer, doc_url("minutes", a))
    assert "tại trụ sở Ủy ban nhân dân xã Khánh Yên" in minutes


def test_a_corrected_office_is_the_office_that_reports_and_proposes(client, w, decided):
    a = decided.khanh_yen
    confirmed(a, "appraisal", w.district, "PHÒNG Y TẾ", parent_body="UBND HUYỆN VĂN BÀN")
    text = layout_text(client, w.district, doc_url("appraisal", a))
    assert text.startswith("UBND HUYỆN VĂN BÀN PHÒNG Y TẾ")
    assert "Phòng Y tế chủ trì" in text and "Phòng Y tế đề nghị Ủy ban nhân dân huyện Văn Bàn xem xét" in text
    assert "Phòng Lao động - Thương binh và Xã hội chủ trì" not in text


def test_a_corrected_decision_heading_names_the_chairman_of_that_committee(client, w, decided):
    d = decided.decision
    confirmed(decided.khanh_yen, "decision", w.district, "ỦY BAN NHÂN DÂN\nTHỊ XÃ VĂN BÀN", decision=d)
    text = layout_text(client, w.district, reverse("assessments:decision_pdf", args=[d.pk]))
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ VĂN BÀN" in text.upper()
    assert "Chủ tịch Ủy ban nhân dân huyện Văn Bàn" not in text


def test_the_minutes_of_a_long_body_keep_it_clear_of_the_motto_and_the_number_on_its_line(client, w, decided):
    from tests.pdf import first_page_words, heading_columns_apart

    a = decided.khanh_yen
    confirmed(a, "minutes", w.officer, "HỘI ĐỒNG ĐÁNH GIÁ THỊ TRẤN NÔNG TRƯỜNG\nPHÙ HỢP VỚI TRẺ EM",
              parent_body="ỦY BAN NHÂN DÂN THỊ TRẤN NÔNG TRƯỜNG PHONG HẢI, HUYỆN BẢO THẮNG")
    words = first_page_words(fetch(client, w.officer, doc_url("minutes", a)).content)
    heading_columns_apart(words)


def test_every_document_is_kept_as_page_images_with_its_heading_on_page_one(client, w, decided):
    """Every PDF the dossier and the decision export, rendered page by page under test-artifacts/print/<database>/
    (tests/printed.pdf_pages) for a look (issue 22): the national motto heads page one of each."""
    from django.db import connection

    from tests.printed import ARTIFACTS, pdf_pages, words

    a = decided.khanh_yen
    urls = {f"ho-so-{name}": doc_url(name, a) for name in ("request", "score_sheet", "minutes", "appraisal")}
    urls["ho-so-quyet-dinh"] = reverse("assessments:decision_pdf", args=[decided.decision.pk])
    for name, url in urls.items():
        pages = [words(p) for p in pdf_pages(fetch(client, w.district, url).content, name)]
        assert pages and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0], name
        assert "Thị trấn Khánh Yên".upper() in pages[0].upper(), name
        assert (ARTIFACTS / connection.vendor / f"{name}-1.png").stat().st_size > 1000, name
