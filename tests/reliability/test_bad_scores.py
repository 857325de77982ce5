"""Bad scores: refused with a clear Vietnamese message, and nothing changes — or saved exactly.

Property tests (hypothesis) throw arbitrary text at the service and the scoring page; pinned
cases cover the ones the issue names: out of range, negative, non-numeric, a criterion of another
standard, a locked assessment, a commune outside the user's scope.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import services
from assessments.models import Assessment, Score
from criteria import rules
from tests.assessments.conftest import appraise_all, scored_and_submitted
from tests.factories import seen, versions
from tests.reliability.conftest import page_messages, post, sign_in, snapshot

pytestmark = pytest.mark.django_db
S = Assessment.Status
PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# What an officer might type, and what a hostile client might send.
typed_numbers = st.from_regex(r"[+-]?\d{1,4}([.,]\d{1,4})?", fullmatch=True)
odd_numbers = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.integers(-10**30, 10**30).map(str),
    st.sampled_from(["NaN", "sNaN", "-Infinity", "1e2", "1E+999999", "1e-999999", "0x10", "1_0", "٣",
                     "1.000", "1,5,5", "12.345", "50.00", " 7 ", "\x00", "5\x00", "--1", "+5", "-0"]),
)
any_text = st.one_of(typed_numbers, odd_numbers, st.text(max_size=20))


def denoted(text):
    """The number a person reads in what was typed (comma or dot as the decimal mark), or None."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@pytest.fixture
def draft(workflow):
    return services.assessment_start(by=workflow.officer, round=workflow.round, commune=workflow.units.commune)


def _save(w, a, points, **kwargs):
    version = Assessment.objects.get(pk=a.pk).version
    return services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=version, points=points, **kwargs)


@PROPERTY
@given(value=any_text, number=st.integers(1, 13))
def test_any_value_is_saved_exactly_or_refused_with_nothing_changed(workflow, draft, value, number):
    w = workflow
    maximum = w.standard.criteria.get(number=number).max_points
    before = snapshot()
    try:
        _save(w, draft, {number: value})
    except ValidationError as e:
        assert snapshot() == before
        assert any(f"Tiêu chí {number}" in m for m in e.messages), e.messages
        plain = denoted(value)
        # a plain number (ASCII digits) in range with at most two decimals is never refused
        assert not (re.fullmatch(r"\+?[0-9]{1,4}([.,][0-9]{1,2})?", value.strip()) and plain is not None
                    and plain <= maximum), (value, e.messages)
        return
    stored = Score.objects.get(assessment=draft, criterion__number=number).points
    if value.strip() == "":
        assert stored is None
    else:
        assert stored == denoted(value) and 0 <= stored <= maximum, (value, stored)
        assert stored == stored.quantize(Decimal("0.01"))  # exactly what was typed, nothing rounded
    a = Assessment.objects.get(pk=draft.pk)
    assert a.self_total == sum(s.points or 0 for s in a.scores.all())


@PROPERTY
@given(numerator=any_text, denominator=any_text)
def test_any_figures_give_the_band_points_or_are_refused_with_nothing_changed(workflow, draft, numerator,
                                                                             denominator):
    w = workflow
    ind = w.standard.criteria.get(number=7).indicators.get()  # immunisation: a percentage with bands
    before = snapshot()
    try:
        _save(w, draft, {}, figures={7: {str(ind.pk): {"numerator": numerator, "denominator": denominator}}})
    except ValidationError as e:
        assert snapshot() == before
        assert any("Tiêu chí 7" in m for m in e.messages), e.messages
        assert not any("<class" in m or "Error" in m for m in e.messages), e.messages  # words, not exceptions
        return
    score = Score.objects.get(assessment=draft, criterion__number=7)
    if numerator.strip() and denominator.strip():
        expected = rules.indicator_points(ind.measure, ind.bands, denoted(numerator), denoted(denominator),
                                          ind.rate_base, ind.max_points)
        assert score.points == expected and score.figures[str(ind.pk)]["points"] == rules.plain_points(expected)
    else:  # no figures at all: "chưa nhập", never 0 (one figure without the other is refused above)
        assert not numerator.strip() and not denominator.strip()
        assert score.figures == {}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=any_text, note=st.text(max_size=30))
def test_the_scoring_page_never_fails_on_what_is_typed(workflow, draft, value, note):
    """Through the real page: 302 saved, or 400 with the message and the typed value kept; never a 500."""
    c = sign_in(workflow.officer)
    version = Assessment.objects.get(pk=draft.pk).version
    before = snapshot()
    r = post(c, reverse("assessments:scores", args=[draft.pk]),
             {"version": version, "points_3": value, "note_3": note})
    if r.status_code == 302:
        stored = Score.objects.get(assessment=draft, criterion__number=3)
        assert stored.points == (denoted(value) if value.strip() else None)
        assert stored.source_note == note.replace("\r\n", "\n").replace("\r", "\n") or stored.source_note == note
    else:
        assert r.status_code == 400
        assert snapshot() == before
        assert page_messages(r), "a refusal always says why"


@pytest.mark.parametrize("value, message", [
    ("abc", "Tiêu chí 2: “abc” không phải là số."),
    ("-1", "Tiêu chí 2: không được là số âm (“-1”)."),
    ("50,5", "Tiêu chí 2: phải từ 0 đến 50, không phải “50,5”."),
    ("1e6", "Tiêu chí 2: “1e6” không phải là số."),
    ("NaN", "Tiêu chí 2: “NaN” không phải là số."),
    ("Infinity", "Tiêu chí 2: “Infinity” không phải là số."),
    ("12,345", "Tiêu chí 2: “12,345” không rõ là 12345 hay 12,345."),
    ("1.000", "Tiêu chí 2: “1.000” không rõ là 1000 hay 1."),
    ("0,125", "Tiêu chí 2: “0,125” có quá 2 chữ số thập phân."),
    ("1,2,3", "Tiêu chí 2: “1,2,3” có nhiều hơn một dấu phân cách."),
    ("10 điểm", "không phải là số"),
])
def test_a_bad_value_on_the_page_is_refused_with_its_message_and_nothing_changed(workflow, draft, value, message):
    c = sign_in(workflow.officer)
    _save(workflow, draft, {1: 90})
    before = snapshot()
    r = post(c, reverse("assessments:scores", args=[draft.pk]),
             {"version": Assessment.objects.get(pk=draft.pk).version, "points_1": "100", "points_2": value})
    assert r.status_code == 400 and message in r.content.decode()  # beside the row, or above the form
    assert snapshot() == before
    html = r.content.decode()
    assert f'value="{value}"' in html and 'value="100"' in html  # what was typed stays on the page


def test_one_bad_value_refuses_the_whole_save(workflow, draft):
    with pytest.raises(ValidationError) as e:
        _save(workflow, draft, {1: 100, 2: 50, 3: "x", 4: 500})
    assert len(e.value.messages) == 2
    assert not draft.scores.filter(points__isnull=False).exists()


def test_a_criterion_of_another_standard_is_refused(workflow, draft):
    """QĐ 34/2014 has 15 criteria; the 2024 round is on QĐ 06 with 13."""
    before = snapshot()
    for number in (14, 15, 0, -1):
        with pytest.raises(ValidationError, match=f"không có tiêu chí số {number}"):
            _save(workflow, draft, {1: 50, number: 10})
    assert snapshot() == before


def test_a_version_that_is_not_a_number_or_missing_is_refused(workflow, draft):
    c = sign_in(workflow.officer)
    before = snapshot()
    for version in ("abc", "", "1.5", "-1", "99999999999999999999"):
        r = post(c, reverse("assessments:scores", args=[draft.pk]), {"version": version, "points_1": "10"})
        assert r.status_code == 400, version
        assert any("tải lại trang" in m for m in page_messages(r)), (version, page_messages(r))
    r = post(c, reverse("assessments:scores", args=[draft.pk]), {"points_1": "10"})  # an old form, no version
    assert r.status_code == 400 and any("tải lại trang" in m for m in page_messages(r))
    assert snapshot() == before


@pytest.mark.parametrize("step", ["submitted", "recognised"])
def test_points_of_a_submitted_or_decided_assessment_are_refused(workflow, step):
    w = workflow
    a = scored_and_submitted(w)
    if step == "recognised":
        services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
        appraise_all(w, a)
        services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a))
        services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number="15/QĐ-UBND",
                                signed_on=datetime.date(2024, 12, 5), signer_name="Đỗ Văn Quang",
                                signer_title="Phó Chủ tịch", outcomes={a.pk: (True, "")},
                                seen_versions=versions(a))
    a.refresh_from_db()
    c = sign_in(w.officer)
    before = snapshot()
    r = post(c, reverse("assessments:scores", args=[a.pk]), {"version": a.version, "points_1": "10"})
    assert r.status_code == 400
    assert any("xã không thể sửa điểm" in m for m in page_messages(r))
    assert snapshot() == before


def test_points_for_a_commune_outside_the_users_scope_are_refused(workflow, draft):
    w = workflow
    before = snapshot()
    url = reverse("assessments:scores", args=[draft.pk])
    for stranger in (w.neighbour_officer, w.outsider, w.other_district):  # cannot even see it
        assert post(sign_in(stranger), url, {"version": draft.version, "points_1": "10"}).status_code == 404
    # the recognising officer sees the dossier but may not score it
    assert post(sign_in(w.district), url, {"version": draft.version, "points_1": "10"}).status_code == 403
    for intruder in (w.neighbour_officer, w.outsider, w.district):
        with pytest.raises(PermissionDenied):
            services.scores_save(by=intruder, assessment_id=draft.pk, seen_version=draft.version, points={1: 10})
    assert snapshot() == before


@pytest.mark.parametrize("data, message", [
    ({"points_2": "abc", "reason_2": "Sai số liệu"}, "Tiêu chí 2: “abc” không phải là số."),
    ({"points_2": "-5", "reason_2": "Sai số liệu"}, "Tiêu chí 2: không được là số âm"),
    ({"points_2": "500", "reason_2": "Sai số liệu"}, "Tiêu chí 2: phải từ 0 đến 50"),
    ({"points_2": "1.000", "reason_2": "Sai số liệu"}, "Tiêu chí 2: “1.000” không rõ là 1000 hay 1"),
    ({"agree_2": "1", "points_2": "40"}, "Tiêu chí 2: đã chọn “Thống nhất” nhưng lại nhập điểm 40"),
    ({"points_2": "40", "reason_2": "   "}, "Hãy ghi lý do khi điều chỉnh điểm tiêu chí 2."),
    ({"points_2": "", "reason_2": "Sai số liệu"}, "Tiêu chí 2: hãy chọn “Thống nhất” hoặc nhập điểm"),
    ({"agree_2": "1", "on": "31/02/2024"}, "ngày thẩm định không đúng dạng dd/mm/yyyy"),
    ({"agree_2": "1", "version": "abc"}, "tải lại trang"),
    ({"agree_2": "1", "version": "0"}, "Hồ sơ vừa được người khác cập nhật"),
])
def test_bad_appraisal_input_is_refused_with_nothing_changed(workflow, data, message):
    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))  # criteria 1 and 2: Justice
    c = sign_in(w.appraisers["justice"])
    before = snapshot()
    r = post(c, reverse("assessments:appraisal", args=[a.pk]),
             {"version": Assessment.objects.get(pk=a.pk).version, **data})
    assert r.status_code == 400 and message in r.content.decode()  # beside the row, or above the form
    assert snapshot() == before
