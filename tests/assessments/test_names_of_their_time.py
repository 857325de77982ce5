"""Names of their time (issue 14): the office for child affairs is named as on the day of the act.

Child affairs moved from Lao động - Thương binh và Xã hội to Y tế on 01/3/2025 (criteria.SectorName,
with its source); the district level ended on 01/7/2025. A 2024 appraisal report and the decision
citing it name "Phòng Lao động - Thương binh và Xã hội"; a 2026 report names "Sở Y tế", and no list
prints "Y tế" twice for the two departments that became one. Criterion 3 of QĐ 06/2019 is shared:
labour leads and records the points, the police sees it. Every PDF is rendered and read back.
"""

import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from assessments import documents, services
from assessments.models import Assessment, Decision
from communes.models import Kind, Level
from tests import factories
from tests.factories import advance, appraise, versions

LABOUR_OFFICE = "Phòng Lao động - Thương binh và Xã hội"


def text_of(pdf: bytes) -> str:
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    pages = pages[:1] + [re.sub(r"^\s*\d+\s", " ", text, count=1) for text in pages[1:]]
    return " ".join(" ".join(pages).split())


def pdf_text(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    return text_of(response.content)


@pytest.fixture
def decided_2024(workflow):
    """Khánh Yên's 2024 dossier, appraised and recognised by Văn Bàn (the three-tier shape)."""
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    a = advance(a, Assessment.Status.APPRAISED, officer=w.officer, recogniser=w.district, appraisers=w.appraisers)
    d = services.decision_issue(
        by=w.district, round=w.round, issuer=w.units.district, number="125/QĐ-UBND",
        signed_on=datetime.date(2024, 12, 10), signer_name="Hoàng Văn Thắng", signer_title="Phó Chủ tịch",
        outcomes={a.pk: (True, "")}, seen_versions=versions(a))
    return SimpleNamespace(w=w, a=Assessment.objects.get(pk=a.pk), decision=d)


def test_a_2024_report_and_its_decision_name_the_labour_office(client, decided_2024):
    w, a, d = decided_2024.w, decided_2024.a, decided_2024.decision
    assert a.appraisal_report_on.year == 2024
    report = pdf_text(client, w.district, reverse("assessments:doc_appraisal", args=[a.pk]))
    decision = pdf_text(client, w.district, reverse("assessments:decision_pdf", args=[d.pk]))
    assert "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" in report and "/BC-LĐTBXH" in report
    assert f"{LABOUR_OFFICE} đề nghị Ủy ban nhân dân huyện Văn Bàn" in report
    assert f"năm 2024 của {LABOUR_OFFICE}" in decision  # the report it cites, by its own heading
    assert "Theo đề nghị của Trưởng phòng Lao động - Thương binh và Xã hội." in decision
    for text in (report, decision):
        assert "Sở Y tế" not in text and "Phòng Y tế" not in text
    # the other appraising offices are listed once each, without the office itself
    listed = re.search(r"phối hợp với các cơ quan chuyên môn \(([^)]*)\)", report).group(1).split(", ")
    assert len(listed) == len(set(listed)) and "Lao động - Thương binh và Xã hội" not in listed
    assert "Y tế" in listed and "Công an" in listed


def test_a_decision_after_the_hand_over_cites_the_report_by_the_office_that_issued_it(decided_2024):
    a, d = decided_2024.a, decided_2024.decision
    Assessment.objects.filter(pk=a.pk).update(appraisal_report_on=datetime.date(2025, 2, 20))
    Decision.objects.filter(pk=d.pk).update(signed_on=datetime.date(2025, 3, 5))
    report = documents.appraisal_report_context(a)
    decision = documents.decision_context(d)
    assert report["issuer"] == LABOUR_OFFICE
    assert decision["appraisal_basis"].endswith(f"của {LABOUR_OFFICE}")
    # the executor is the office holding child affairs on the decision's day
    assert "Trưởng phòng Y tế" in decision["executors"]


@pytest.fixture
def world_2026(standard, make_unit):
    """The two-tier shape: a commune directly under its province; the province recognises it."""
    province = make_unit("Tỉnh Thử Mới", "93", Level.PROVINCE, Kind.PROVINCE, valid_from=datetime.date(2025, 7, 1))
    commune = make_unit("Xã Mường Bo", "93001", Level.COMMUNE, Kind.COMMUNE, province,
                        valid_from=datetime.date(2025, 7, 1))
    staff = factories.ProvincialStaffFactory(unit=province)
    round_ = factories.RoundFactory(province=province, year=2026, standard=standard, opened_by=staff)
    officer = factories.CommuneOfficerFactory(unit=commune)
    recogniser = factories.UserFactory(role=Role.DISTRICT_OFFICER, unit=province, position="Giám đốc Sở Y tế")
    a = services.assessment_start(by=officer, round=round_, commune=commune)
    a = advance(a, Assessment.Status.APPRAISED, officer=officer, recogniser=recogniser)
    return SimpleNamespace(province=province, commune=commune, a=Assessment.objects.get(pk=a.pk),
                           recogniser=recogniser)


def test_a_2026_report_names_the_health_department_once(client, world_2026):
    a = world_2026.a
    assert a.appraisal_report_on.year == 2026
    report = pdf_text(client, world_2026.recogniser, reverse("assessments:doc_appraisal", args=[a.pk]))
    assert "UBND TỈNH THỬ MỚI SỞ Y TẾ" in report and "/BC-SYT" in report
    assert "Sở Y tế đề nghị Ủy ban nhân dân tỉnh Thử Mới" in report
    assert "Lao động - Thương binh" not in report and "LĐTBXH" not in report
    listed = re.search(r"phối hợp với các cơ quan chuyên môn \(([^)]*)\)", report).group(1).split(", ")
    assert "Y tế" not in listed and len(listed) == len(set(listed))  # the office is not its own partner
    assert "Trẻ em bị xâm hại Y tế, Công an" in report  # criterion 3: the lead as named in 2026, then police


# --- criterion 3 of QĐ 06/2019: labour leads, the police shares --------------------------------

@pytest.fixture
def accepted(workflow):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    a = advance(a, Assessment.Status.ACCEPTED, officer=w.officer, recogniser=w.district)
    return SimpleNamespace(w=w, a=a, police=w.appraisers["police"], labour=w.appraisers["labour"])


def test_the_lead_records_the_points_of_a_shared_criterion_and_the_sharer_may_not(accepted):
    a, police, labour = accepted.a, accepted.police, accepted.labour
    with pytest.raises(PermissionDenied):
        appraise(police, a, {3: {"agree": True}})
    appraise(labour, a, {3: {"agree": True}})
    assert a.scores.get(criterion__number=3).appraised_by == labour


def test_the_sharing_sector_sees_the_shared_criterion_on_its_appraisal_page(client, accepted):
    client.force_login(accepted.police)
    page = client.get(reverse("assessments:appraisal", args=[accepted.a.pk])).content.decode()
    form = page.split('id="readonly-table"')[0]
    readonly = page.split('id="readonly-table"')[1]
    assert 'id="appraise-4"' in form and 'id="appraise-3"' not in form  # it appraises its own criterion 4
    assert 'data-criterion="3"' in readonly and "(chủ trì), phối hợp: Công an" in readonly


# --- the issuing body the user confirmed on the act ----------------------------------------------

def test_a_renamed_unit_prints_the_name_the_user_confirmed_on_the_act(client, decided_2024):
    """Khánh Yên was a "xã" when it issued its 2024 request (say): the data only knows today's
    "Thị trấn"; the commune confirms the old name once, and the request prints it from then on."""
    w, a = decided_2024.w, decided_2024.a
    url = reverse("assessments:doc_heading", args=[a.pk, "request"])
    client.force_login(w.officer)
    page = client.get(url).content.decode()
    assert "THỊ TRẤN KHÁNH YÊN" in page and 'id="heading-proposed"' in page  # proposed from the data
    response = client.post(url, {"parent_body": "", "issuer": "ỦY BAN NHÂN DÂN\nXÃ KHÁNH YÊN", "version": 0})
    assert response.status_code == 302
    text = pdf_text(client, w.officer, reverse("assessments:doc_request", args=[a.pk]))
    assert text.startswith("ỦY BAN NHÂN DÂN XÃ KHÁNH YÊN") and "THỊ TRẤN KHÁNH YÊN" not in text.split("TỜ TRÌNH")[0]
    assert 'id="heading-confirmed"' in client.get(url).content.decode()
    # the other documents keep their own heading; an empty issuer is refused
    assert "THỊ TRẤN KHÁNH YÊN" in pdf_text(client, w.officer, reverse("assessments:doc_minutes", args=[a.pk]))
    assert "Hãy ghi tên cơ quan ban hành" in client.post(url, {"issuer": " ", "version": 1}).content.decode()


@pytest.mark.parametrize("field, typed, message", [
    ("issuer", "ỦY BAN NHÂN DÂN " + "X" * 190, "dài 206 ký tự, quá 200 ký tự cho phép"),
    ("parent_body", "Ủ" * 161, "dài 161 ký tự, quá 160 ký tự cho phép"),
    ("issuer", "ỦY BAN NHÂN DÂN\x00XÃ KHÁNH YÊN", "ký tự điều khiển không in được (U+0000)"),
    ("issuer", "ỦY BAN NHÂN DÂN\u202eXÃ KHÁNH YÊN", "ký tự điều khiển không in được (U+202E)"),
])
def test_a_heading_line_that_cannot_be_printed_is_refused_and_kept_on_the_page(client, decided_2024, field,
                                                                              typed, message):
    """Too long for the line (PostgreSQL would refuse it with a 500) or carrying a NUL or a
    bidirectional override: the page says why, keeps what was typed, and nothing is stored."""
    w, a = decided_2024.w, decided_2024.a
    url = reverse("assessments:doc_heading", args=[a.pk, "request"])
    client.force_login(w.officer)
    data = {"parent_body": "", "issuer": "ỦY BAN NHÂN DÂN\nXÃ KHÁNH YÊN", "version": 0, field: typed}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert 'id="heading-proposed"' in page and not a.headings.exists()


def test_only_the_issuing_unit_confirms_a_heading(client, decided_2024):
    w, a, d = decided_2024.w, decided_2024.a, decided_2024.decision
    client.force_login(w.officer)  # the commune does not confirm the district's appraisal report or decision
    assert client.get(reverse("assessments:doc_heading", args=[a.pk, "appraisal"])).status_code == 403
    assert client.get(reverse("assessments:decision_heading", args=[d.pk])).status_code == 403
    client.force_login(w.district)
    url = reverse("assessments:decision_heading", args=[d.pk])
    assert "HUYỆN VĂN BÀN" in client.get(url).content.decode()
    client.post(url, {"parent_body": "", "issuer": "ỦY BAN NHÂN DÂN\nHUYỆN VĂN BÀN CŨ", "version": 0})
    assert pdf_text(client, w.district, reverse("assessments:decision_pdf", args=[d.pk])).startswith(
        "ỦY BAN NHÂN DÂN HUYỆN VĂN BÀN CŨ")
    client.force_login(w.officer)
    assert client.get(reverse("assessments:doc_heading", args=[a.pk, "request"])).status_code == 200


# --- the pages name the sectors as the documents of the round do (issue 22) -------------------------

def test_the_2026_dossier_and_appraisal_pages_name_child_affairs_y_te(client, world_2026):
    a, recogniser = world_2026.a, world_2026.recogniser
    client.force_login(recogniser)
    detail = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    appraisal = client.get(reverse("assessments:appraisal", args=[a.pk])).content.decode()
    for page in (detail, appraisal):
        assert "LĐTBXH" not in page and "Lao động - Thương binh" not in page
    row3 = detail.split('id="criterion-3"')[1].split("</tr>")[0]
    assert '<span class="badge text-bg-light border">Y tế</span>' in row3
    # one choice "Y tế" for the two departments that became one, showing the rows of both
    choices = re.findall(r'<option value="([^"]*)"[^>]*>Y tế</option>', detail)
    assert len(choices) == 1 and set(choices[0].split(",")) == {"labour", "health"}
    shown = client.get(reverse("assessments:detail", args=[a.pk]), {"nganh": choices[0]}).content.decode()
    assert 'id="criterion-3" class="score-row" data-sector="labour">' in shown
    readonly = appraisal.split('id="readonly-table"')[1]
    assert "Y tế (chủ trì), phối hợp: Công an" in readonly


def test_the_2024_pages_keep_the_labour_name(client, decided_2024):
    client.force_login(decided_2024.w.district)
    detail = client.get(reverse("assessments:detail", args=[decided_2024.a.pk])).content.decode()
    row3 = detail.split('id="criterion-3"')[1].split("</tr>")[0]
    assert '<span class="badge text-bg-light border">LĐTBXH</span>' in row3


def test_the_home_page_names_the_users_sector_as_today(client, workflow):
    from criteria.models import Sector

    labour = Sector.objects.get(code="labour")
    appraiser = factories.SectorAppraiserFactory(unit=workflow.units.district, sector=labour)
    client.force_login(appraiser)
    home = client.get(reverse("home")).content.decode()
    today = labour.name_on(datetime.date.today())
    assert f"<dt>Ngành</dt><dd>{today}</dd>" in home
    assert today == "Y tế" and "LĐTBXH" not in home
