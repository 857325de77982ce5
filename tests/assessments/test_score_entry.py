"""Typed scores: the page, the service and the Excel upload read the same inputs the same way
(core.numbers), refuse with the same Vietnamese message, and save nothing when anything is refused.
Also: "Xóa điểm", raw figures and the band rule, the live verdict, the official order and the filter.
"""

import html as html_lib
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from assessments import excel, services
from assessments.models import Assessment, Score
from tests.factories import seen

pytestmark = pytest.mark.django_db

# (typed for criterion 2 (max 50), saved points or None, words of the refusal or None)
INPUTS = [
    ("10,5", Decimal("10.5"), None),
    ("10.5", Decimal("10.5"), None),
    ("1.000", None, "Tiêu chí 2: “1.000” không rõ là 1000 hay 1."),
    ("abc", None, "Tiêu chí 2: “abc” không phải là số."),
    ("50,01", None, "Tiêu chí 2: phải từ 0 đến 50, không phải “50,01”."),
    ("1,2,3", None, "Tiêu chí 2: “1,2,3” có nhiều hơn một dấu phân cách."),
    ("-3", None, "Tiêu chí 2: không được là số âm (“-3”)."),
]
EMPTY_OVER_SAVED = ("Tiêu chí 1: ô điểm bị để trống trong khi đã có điểm 80. Muốn bỏ điểm này, hãy chọn “Xóa điểm” "
                    "ở dòng của tiêu chí trên trang chấm điểm.")


@pytest.fixture
def dossier(workflow):
    """Khánh Yên's draft with criterion 1 scored 80 (so "empty over a saved score" means something)."""
    a = services.assessment_start(by=workflow.officer, round=workflow.round, commune=workflow.units.commune)
    services.scores_save(by=workflow.officer, assessment_id=a.pk, seen_version=a.version, points={1: 80})
    return Assessment.objects.get(pk=a.pk)


def stored():
    return dict(Score.objects.filter(points__isnull=False).values_list("criterion__number", "points"))


def via_service(w, a, number, value):
    try:
        services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points={number: value})
    except services.ValidationError as e:
        return "refused", e.messages[0]
    return "saved", stored().get(number)


def via_page(w, a, client, number, value):
    client.force_login(w.officer)
    response = client.post(reverse("assessments:scores", args=[a.pk]),
                           {"version": a.version, f"points_{number}": value, "points_3": "60"})
    if response.status_code == 302:
        return "saved", stored().get(number)
    assert response.status_code == 400
    page = html_lib.unescape(response.content.decode())
    # the message stands next to the field, and what was typed is still in it
    near = re.search(rf'<div class="invalid-feedback d-block" id="errors-{number}">(.*?)</div></div>', page, re.S)
    assert near, "the refusal is shown next to the field"
    assert f'name="points_{number}" value="{value}"' in page and 'name="points_3" value="60"' in page
    assert f'id="points_{number}"' in page and 'aria-invalid="true"' in page
    assert 3 not in stored()  # the other field typed on the same page is not saved either
    return "refused", re.sub(r"<[^>]+>", "", near.group(1)).strip()


def via_excel(w, a, client, number, value):
    client.force_login(w.officer)
    content = client.get(reverse("assessments:excel_template", args=[w.round.pk])).content
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    ws.cell(row=excel.FIRST_ROW, column=2 + number).value = value if value != "" else None  # cell(value=None) keeps
    out = io.BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("diem.xlsx", out.getvalue(), content_type=excel.XLSX_CONTENT_TYPE)
    try:
        excel.scores_import(by=w.officer, round=w.round, upload=upload)
    except excel.UploadRejected as e:
        return "refused", e.problems[0].message
    return "saved", stored().get(number)


@pytest.mark.parametrize("value, saved, refusal", INPUTS, ids=[v for v, _s, _r in INPUTS])
@pytest.mark.parametrize("path", ["service", "page", "excel"])
def test_each_input_gives_the_same_outcome_through_every_path(workflow, dossier, client, path, value, saved,
                                                               refusal):
    before = stored()
    if path == "service":
        outcome = via_service(workflow, dossier, 2, value)
    elif path == "page":
        outcome = via_page(workflow, dossier, client, 2, value)
    else:
        outcome = via_excel(workflow, dossier, client, 2, value)
    if refusal:
        assert outcome[0] == "refused" and outcome[1].startswith(refusal), outcome
        assert stored() == before  # nothing saved
    else:
        assert outcome == ("saved", saved)


@pytest.mark.parametrize("path", ["service", "page", "excel"])
def test_an_empty_field_over_a_saved_score_is_refused_everywhere(workflow, dossier, client, path):
    outcome = {"service": lambda: via_service(workflow, dossier, 1, ""),
               "page": lambda: via_page(workflow, dossier, client, 1, ""),
               "excel": lambda: via_excel(workflow, dossier, client, 1, "")}[path]()
    assert outcome == ("refused", EMPTY_OVER_SAVED)
    assert stored() == {1: Decimal(80)}


def test_an_empty_field_where_nothing_was_saved_stays_not_scored(workflow, dossier, client):
    assert via_page(workflow, dossier, client, 2, "") == ("saved", None)


def test_a_spreadsheet_number_cell_is_read_as_the_number(workflow, dossier, client):
    assert via_excel(workflow, dossier, client, 2, 10.5) == ("saved", Decimal("10.5"))


def test_xoa_diem_clears_a_score_and_the_history_records_it(workflow, dossier, client):
    client.force_login(workflow.officer)
    page = client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode()
    assert 'name="clear_1"' in page and 'name="clear_2"' not in page  # only a scored row can be cleared
    response = client.post(reverse("assessments:scores", args=[dossier.pk]),
                           {"version": dossier.version, "points_1": "80", "clear_1": "1"})
    assert response.status_code == 302
    assert stored() == {}
    last = Score.history.filter(criterion__number=1).order_by("-history_id").first()
    assert (last.points, last.history_change_reason, last.history_user) == (None, "clear", workflow.officer)
    history = client.get(reverse("assessments:history", args=[dossier.pk])).content.decode()
    assert "Tiêu chí 1: điểm tự đánh giá 80 → —" in history


# --- raw figures ---------------------------------------------------------------------------------

def test_raw_figures_give_the_band_points_the_page_says_so_and_shows_them_again(workflow, dossier, client):
    ind = workflow.standard.criteria.get(number=7).indicators.get()
    client.force_login(workflow.officer)
    response = client.post(reverse("assessments:scores", args=[dossier.pk]), {
        "version": dossier.version, "points_7": "40",
        f"fig_7_{ind.pk}_numerator": "99", f"fig_7_{ind.pk}_denominator": "100"}, follow=True)
    page = html_lib.unescape(response.content.decode())
    assert stored()[7] == 50
    assert "Tiêu chí 7: điểm tính từ số liệu theo thang điểm là 50, được dùng thay cho 40 đã gõ." in page
    assert f'name="fig_7_{ind.pk}_numerator" value="99"' in page
    assert f'name="fig_7_{ind.pk}_denominator" value="100"' in page
    assert "Điểm 50 tính từ số liệu theo thang điểm." in page and 'name="points_7" value="50"' in page


def test_a_blank_sub_indicator_is_not_entered_not_zero(workflow, dossier, client):
    """06/2019 criterion 6 has two banded sub-indicators: one without figures refuses the save."""
    c6 = workflow.standard.criteria.get(number=6)
    first, second = c6.indicators.order_by("number")
    client.force_login(workflow.officer)
    page = client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode()
    assert page.count(">chưa nhập<") >= 2  # both sub-indicators of 6 (and 7) show "chưa nhập" before
    response = client.post(reverse("assessments:scores", args=[dossier.pk]), {
        "version": dossier.version, "points_2": "50",
        f"fig_6_{first.pk}_numerator": "96", f"fig_6_{first.pk}_denominator": "100",
        f"fig_6_{second.pk}_numerator": "", f"fig_6_{second.pk}_denominator": ""})
    page = html_lib.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Tiêu chí 6: chưa nhập số liệu của chỉ tiêu 6.2." in page
    assert stored() == {1: Decimal(80)}
    assert f'name="fig_6_{first.pk}_numerator" value="96"' in page


def test_an_ambiguous_figure_is_refused_naming_the_sub_indicator(workflow, dossier):
    ind = workflow.standard.criteria.get(number=7).indicators.get()
    with pytest.raises(services.ValidationError) as e:
        services.scores_save(by=workflow.officer, assessment_id=dossier.pk, seen_version=dossier.version,
                             points={}, figures={7: {str(ind.pk): {"numerator": "1.000", "denominator": "1.020"}}})
    assert e.value.messages[0].startswith("Tiêu chí 7, chỉ tiêu 7.1 (tử số): “1.000” không rõ là 1000 hay 1.")


# --- the verdict as you type -------------------------------------------------------------------

def _verdict_text(html):
    card = re.search(r'<div class="card verdict-card.*?</ul>\s*</div>\s*</div>|<div class="card verdict-card.*?'
                     r'verdict-counts.*?</div>\s*</div>\s*</div>', html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", card).split())


def test_the_live_verdict_follows_what_is_typed_and_saves_nothing(workflow, dossier, client,
                                                                  django_assert_num_queries):
    client.force_login(workflow.officer)
    url = reverse("assessments:scores_preview", args=[dossier.pk])
    data = {"version": dossier.version, "points_1": "80", "points_2": "10,5", "points_3": "0", "points_4": "abc"}
    client.post(url, data)  # the reference data is read once per process
    with django_assert_num_queries(4):  # session, user, assessment, saved points
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    fragment = html_lib.unescape(response.content.decode())
    assert response.status_code == 200 and "<html" not in fragment
    text = _verdict_text(fragment)
    assert "90,5" in text and "Chưa đạt" in text and "≥ 850" in text
    assert "Tiêu chí 0 điểm: 3" in text and "Chưa chấm: 10 tiêu chí (4, 5, 6, 7, 8, 9, 10, 11, 12, 13)" in text
    assert "Tiêu chí 3 (" in text and "đạt 0 điểm" in text
    assert "Tiêu chí 4: “abc” không phải là số." in fragment  # the refusal shows before saving
    assert stored() == {1: Decimal(80)}
    assert client.get(url).status_code == 405


def test_without_javascript_saving_shows_the_same_verdict(workflow, dossier, client):
    client.force_login(workflow.officer)
    data = {"version": dossier.version, "points_1": "80", "points_2": "10,5", "points_3": "0"}
    live = _verdict_text(client.post(reverse("assessments:scores_preview", args=[dossier.pk]), data).content.decode())
    response = client.post(reverse("assessments:scores", args=[dossier.pk]), data, follow=True)
    assert _verdict_text(response.content.decode()) == live


def test_the_live_verdict_is_for_those_who_may_see_the_dossier(workflow, dossier, client):
    client.force_login(workflow.outsider)
    assert client.post(reverse("assessments:scores_preview", args=[dossier.pk]), {}).status_code == 404


def test_the_page_loads_its_scripts_from_our_own_files_under_the_csp(workflow, dossier, client):
    client.force_login(workflow.officer)
    response = client.get(reverse("assessments:detail", args=[dossier.pk]))
    page = response.content.decode()
    for script in ("js/drafts.js", "js/scoring.js"):  # the live verdict, the save and the drafts
        assert f'<script src="/static/{script}" defer></script>' in page
    assert "htmx" not in page  # the sticky bar is updated by the page's own small script
    assert 'data-preview="%s"' % reverse("assessments:scores_preview", args=[dossier.pk]) in page
    assert 'data-draft="diem-%s" data-draft-version="%s"' % (dossier.pk, stored_version(dossier)) in page
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert 'type="number"' not in page and page.count('inputmode="decimal"') >= 13


def stored_version(a):
    return type(a).objects.values_list("version", flat=True).get(pk=a.pk)


# --- order, sectors, labels ----------------------------------------------------------------------

def test_the_criteria_come_in_the_official_order_with_their_sector_and_a_filter(workflow, dossier, client):
    client.force_login(workflow.officer)
    url = reverse("assessments:detail", args=[dossier.pk])
    page = client.get(url).content.decode()
    positions = [page.index(f'id="criterion-{n}"') for n in range(1, 14)]
    assert positions == sorted(positions)
    assert re.search(r'id="criterion-2"[^>]*data-sector="justice"', page)
    assert 'id="criterion-2" class="score-row" data-sector="justice">' in page
    filtered = client.get(url, {"nganh": "justice"}).content.decode()
    assert 'id="criterion-2" class="score-row" data-sector="justice">' in filtered
    assert 'id="criterion-1" class="score-row" data-sector="labour" hidden>' in filtered
    assert filtered.count('name="points_') == 13  # hidden rows keep their inputs: nothing typed is lost
    assert '<option value="justice" selected>' in filtered


def test_the_final_total_is_called_after_appraisal_only_once_there_is_one(workflow, client):
    from tests.assessments.conftest import appraise_all, scored_and_submitted

    a = scored_and_submitted(workflow)
    client.force_login(workflow.district)
    url = reverse("assessments:detail", args=[a.pk])
    assert "sau thẩm định" not in client.get(url).content.decode()
    services.assessment_accept(by=workflow.district, assessment_id=a.pk, seen_version=seen(a))
    appraise_all(workflow, Assessment.objects.get(pk=a.pk))
    assert "Tổng điểm sau thẩm định" in client.get(url).content.decode()


def test_provisional_values_are_listed_once_not_badged_on_every_row(workflow, dossier, client):
    from criteria.models import Criterion

    Criterion.objects.filter(standard=workflow.standard, number__in=[5, 8]).update(points_confirmed=False)
    client.force_login(workflow.officer)
    page = html_lib.unescape(client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode())
    assert page.count('id="provisional-notice"') == 1
    notice = re.search(r'id="provisional-notice".*?</div>', page, re.S).group(0)
    assert "tiêu chí 5 (điểm" in notice and "tiêu chí 8 (điểm" in notice
    assert "badge-provisional" not in page


def test_the_score_sheet_prints_the_figures_that_produced_the_points_and_one_provisional_footnote(
        workflow, dossier, client):
    from pypdf import PdfReader

    from criteria.models import Criterion

    Criterion.objects.filter(standard=workflow.standard, number=5).update(points_confirmed=False)
    ind = workflow.standard.criteria.get(number=7).indicators.get()
    services.scores_save(by=workflow.officer, assessment_id=dossier.pk, seen_version=dossier.version,
                         points={}, figures={7: {str(ind.pk): {"numerator": "97", "denominator": "100",
                                                               "points": "40"}}})
    client.force_login(workflow.officer)
    pdf = client.get(reverse("assessments:doc_score_sheet", args=[dossier.pk]))
    assert pdf.status_code == 200
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(body)).pages)
    # 97% is below the only known band (98%): the officer typed the guidance's points, and the sheet says so
    assert "97/100 (97%) (điểm nhập theo hướng dẫn: thang điểm chưa có mức này)" in text
    assert stored()[7] == 40
    assert "(*)" not in text and text.count("chưa được đối chiếu với văn bản gốc") == 1


def test_only_the_communes_officer_previews_the_verdict(workflow, dossier, client):
    client.force_login(workflow.district)  # sees the dossier, may not score it
    assert client.post(reverse("assessments:scores_preview", args=[dossier.pk]), {"points_1": "1"}).status_code == 403
