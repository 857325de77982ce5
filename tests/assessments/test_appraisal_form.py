"""The sector appraiser's one form: every criterion of its sector at once, each "Thống nhất" or points
with a reason, typed numbers read by core.numbers, all rows saved or none; and the rule that exactly
one office of a sector appraises a dossier (the recognising unit's level)."""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from assessments import services
from assessments.models import Assessment, Score
from assessments.permissions import is_appraiser
from communes.models import Kind, Level, Tier
from criteria.models import Sector
from criteria.selectors import owner_map
from tests.assessments.conftest import scored_and_submitted
from tests.factories import appraise, seen


@pytest.fixture
def accepted(workflow):
    w = workflow
    a = scored_and_submitted(w, tc6=Decimal(90))
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    owners = owner_map(w.standard, w.units.province.code)
    health = owners[6]
    numbers = sorted(n for n, s in owners.items() if s == health)
    return SimpleNamespace(a=a, sector=health, numbers=numbers, appraiser=w.appraisers[health.code],
                           other=[n for n in owners if n not in numbers])


def stored(a):
    return {s.criterion.number: (s.appraised_points, s.appraisal_reason, s.appraised_at is not None)
            for s in Score.objects.filter(assessment=a).select_related("criterion")}


def row(agree=False, points="", reason=""):
    return {"agree": agree, "points": points, "reason": reason}


# --- the service --------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, expected", [("10,5", Decimal("10.5")), ("10.5", Decimal("10.5")),
                                             (" 7 ", Decimal(7))])
def test_typed_points_are_read_the_vietnamese_way(workflow, accepted, typed, expected):
    n = accepted.numbers[0]
    appraise(accepted.appraiser, accepted.a, {n: row(points=typed, reason="Số liệu chưa khớp")})
    assert stored(accepted.a)[n] == (expected, "Số liệu chưa khớp", True)


@pytest.mark.parametrize("typed, message", [
    ("1.000", "không rõ là 1000 hay 1"), ("abc", "“abc” không phải là số"),
    ("10,5,1", "nhiều hơn một dấu phân cách"), ("-3", "không được là số âm"),
])
def test_bad_points_are_refused_naming_the_criterion_and_nothing_is_saved(workflow, accepted, typed, message):
    first, second = accepted.numbers[:2]
    before = stored(accepted.a)
    with pytest.raises(ValidationError) as e:
        appraise(accepted.appraiser, accepted.a, {
            first: row(agree=True), second: row(points=typed, reason="Chưa khớp")})
    assert list(e.value.message_dict) == [second]
    assert f"Tiêu chí {second}" in e.value.message_dict[second][0] and message in e.value.message_dict[second][0]
    assert stored(accepted.a) == before  # the good row was not saved either


def test_points_above_the_criterions_maximum_are_refused(workflow, accepted):
    n = accepted.numbers[0]
    top = Score.objects.get(assessment=accepted.a, criterion__number=n).criterion.max_points
    with pytest.raises(ValidationError, match=f"Tiêu chí {n}: phải từ 0 đến {top}"):
        appraise(accepted.appraiser, accepted.a, {n: row(points=str(top + 1), reason="x")})


def test_agreeing_and_typing_a_point_is_refused_as_a_contradiction(workflow, accepted):
    n = accepted.numbers[0]
    with pytest.raises(ValidationError, match="đã chọn “Thống nhất” nhưng lại nhập điểm 5"):
        appraise(accepted.appraiser, accepted.a, {n: row(True, "5")})
    assert not stored(accepted.a)[n][2]


def test_an_adjustment_needs_a_reason_and_an_empty_row_stays_unappraised(workflow, accepted):
    first, second = accepted.numbers[:2]
    with pytest.raises(ValidationError, match=f"Hãy ghi lý do khi điều chỉnh điểm tiêu chí {first}"):
        appraise(accepted.appraiser, accepted.a, {first: row(points="10")})
    changed = appraise(accepted.appraiser, accepted.a, {first: row(True), second: row()})
    assert [s.criterion.number for s in changed] == [first]
    assert stored(accepted.a)[second] == (None, "", False)


def test_an_appraised_row_is_never_silently_cleared(workflow, accepted):
    n = accepted.numbers[0]
    appraise(accepted.appraiser, accepted.a, {n: row(True)})
    with pytest.raises(ValidationError, match=f"Tiêu chí {n} đã được thẩm định"):
        appraise(accepted.appraiser, accepted.a, {n: row()})
    assert stored(accepted.a)[n][2]


def test_an_appraiser_cannot_appraise_another_sectors_criterion(workflow, accepted):
    with pytest.raises(PermissionDenied):
        appraise(accepted.appraiser, accepted.a, {accepted.other[0]: row(True)})


def test_the_service_needs_the_version_of_the_page(workflow, accepted):
    n, a = accepted.numbers[0], accepted.a
    with pytest.raises(TypeError):  # a required argument: no caller can forget it
        services.scores_appraise(by=accepted.appraiser, assessment_id=a.pk, rows={n: row(True)})
    for version in (None, "", a.version - 1, "abc"):
        with pytest.raises(ValidationError, match="tải lại trang"):
            services.scores_appraise(by=accepted.appraiser, assessment_id=a.pk, rows={n: row(True)},
                                     seen_version=version)
    assert not stored(a)[n][2]


# --- exactly one appraiser per sector -----------------------------------------------------------

def test_the_district_office_appraises_a_district_recognised_dossier_and_the_department_reads(
        workflow, accepted, make_user):
    w = workflow
    department = make_user(Role.SECTOR_APPRAISER, w.units.province, accepted.sector)
    commune = w.units.commune
    assert is_appraiser(accepted.appraiser, commune, accepted.sector)
    assert not is_appraiser(department, commune, accepted.sector)  # same sector, one level up
    assert not is_appraiser(accepted.appraiser, commune, Sector.objects.exclude(pk=accepted.sector.pk).first())
    assert not is_appraiser(w.district, commune)
    assert not is_appraiser(w.appraisers[accepted.sector.code], w.units.other_commune)
    with pytest.raises(PermissionDenied, match="do cơ quan ngành cấp Huyện Văn Bàn thẩm định"):
        appraise(department, accepted.a, {accepted.numbers[0]: row(True)})


def test_after_the_reform_the_provincial_department_is_the_appraiser(standards, make_unit, make_user):
    start = datetime.date(2025, 7, 1)
    province = make_unit("Tỉnh Bắc Ninh", "24", Level.PROVINCE, Kind.PROVINCE, valid_from=start)
    ward = make_unit("Phường Kinh Bắc", "07420", Level.COMMUNE, Kind.WARD, province, valid_from=start,
                     tier=Tier.OTHER)
    health = Sector.objects.get(code="health")
    department = make_user(Role.SECTOR_APPRAISER, province, health)
    assert is_appraiser(department, ward, health) and is_appraiser(department, ward)


# --- the page -------------------------------------------------------------------------------------

def form_data(accepted, version=None, **typed):
    """POST data: every row of the sector blank unless given as n=(agree, points, reason), with the
    version of the page (default: as the dossier stands now)."""
    data = {"version": Assessment.objects.get(pk=accepted.a.pk).version if version is None else version}
    for n in accepted.numbers:
        agree, points, reason = typed.get(f"tc{n}", (False, "", ""))
        if agree:
            data[f"agree_{n}"] = "1"
        data[f"points_{n}"], data[f"reason_{n}"] = points, reason
    return data


def test_the_appraiser_sees_one_form_with_every_row_of_its_sector(workflow, accepted, client):
    client.force_login(accepted.appraiser)
    html = client.get(reverse("assessments:appraisal", args=[accepted.a.pk])).content.decode()
    assert html.count('id="appraisal-form"') == 1
    for n in accepted.numbers:
        assert f'name="agree_{n}"' in html and f'name="points_{n}"' in html and f'name="reason_{n}"' in html
    for n in accepted.other:
        assert f'name="points_{n}"' not in html and f'data-criterion="{n}"' not in html
    assert 'type="number"' not in html and html.count('inputmode="decimal"') == len(accepted.numbers)
    # the dossier page sends the appraiser here
    detail = client.get(reverse("assessments:detail", args=[accepted.a.pk])).content.decode()
    assert reverse("assessments:appraisal", args=[accepted.a.pk]) in detail


def test_one_bad_row_saves_nothing_and_every_typed_value_comes_back(workflow, accepted, client):
    first, second, third = accepted.numbers[:3]
    before = stored(accepted.a)
    client.force_login(accepted.appraiser)
    url = reverse("assessments:appraisal", args=[accepted.a.pk])
    r = client.post(url, form_data(accepted, **{f"tc{first}": (True, "", ""),
                                                f"tc{second}": (False, "10,5", "Sổ theo dõi chưa khớp"),
                                                f"tc{third}": (False, "1.000", "Chưa khớp")}))
    html = r.content.decode()
    assert r.status_code == 400 and "Chưa lưu gì" in html
    assert f"Tiêu chí {third}: “1.000” không rõ là 1000 hay 1" in html
    assert 'value="10,5"' in html and 'value="Sổ theo dõi chưa khớp"' in html and 'value="1.000"' in html
    assert f'id="agree_{first}" checked' in html
    assert stored(accepted.a) == before


def test_the_page_saves_every_row_at_once(workflow, accepted, client):
    first, second = accepted.numbers[:2]
    client.force_login(accepted.appraiser)
    url = reverse("assessments:appraisal", args=[accepted.a.pk])
    data = form_data(accepted, **{f"tc{n}": (True, "", "") for n in accepted.numbers})
    data[f"agree_{second}"] = ""
    data.update({f"points_{second}": "10.5", f"reason_{second}": "Số liệu chưa khớp"})
    r = client.post(url, data, follow=True)
    assert "Đã ghi kết quả thẩm định tiêu chí" in r.content.decode()
    saved = stored(accepted.a)
    assert saved[second] == (Decimal("10.5"), "Số liệu chưa khớp", True)
    assert all(saved[n][2] for n in accepted.numbers)
    # the form comes back showing what was saved
    html = client.get(url).content.decode()
    assert 'value="10,5"' in html and f'id="agree_{first}" checked' in html


@pytest.mark.parametrize("typed, shown", [("abc", "“abc” không phải là số"), ("", "hãy chọn “Thống nhất” hoặc nhập"),
                                          ("999", "phải từ 0 đến")])
def test_refused_inputs_through_the_page(workflow, accepted, client, typed, shown):
    n = accepted.numbers[0]
    client.force_login(accepted.appraiser)
    r = client.post(reverse("assessments:appraisal", args=[accepted.a.pk]),
                    form_data(accepted, **{f"tc{n}": (False, typed, "Lý do")}))
    assert r.status_code == 400 and shown in r.content.decode()
    assert stored(accepted.a)[n] == (None, "", False)


def test_agree_with_a_typed_point_through_the_page_is_refused(workflow, accepted, client):
    n = accepted.numbers[0]
    client.force_login(accepted.appraiser)
    r = client.post(reverse("assessments:appraisal", args=[accepted.a.pk]),
                    form_data(accepted, **{f"tc{n}": (True, "12", "")}))
    assert r.status_code == 400 and "đã chọn “Thống nhất” nhưng lại nhập điểm 12" in r.content.decode()


def test_the_other_level_and_other_roles_see_the_rows_read_only(workflow, accepted, client, make_user):
    w = workflow
    department = make_user(Role.SECTOR_APPRAISER, w.units.province, accepted.sector)
    url = reverse("assessments:appraisal", args=[accepted.a.pk])
    client.force_login(department)
    html = client.get(url).content.decode()
    assert 'id="appraisal-form"' not in html and 'id="readonly-table"' in html and "chỉ xem" in html
    assert all(f'data-criterion="{n}"' in html for n in accepted.numbers)
    assert not any(f'data-criterion="{n}"' in html for n in accepted.other)
    assert client.post(url, form_data(accepted)).status_code == 403
    client.force_login(w.district)
    html = client.get(url).content.decode()
    assert 'id="appraisal-form"' not in html and html.count("<tr data-criterion=") == 13
    assert client.post(url, form_data(accepted)).status_code == 403


def test_the_appraisal_page_costs_the_same_queries_for_every_role(workflow, accepted, client,
                                                                   django_assert_num_queries):
    """The session, the user with their unit, the assessment (with round, units, council), its scores
    with their appraisers, their evidence."""
    url = reverse("assessments:appraisal", args=[accepted.a.pk])
    for user in (accepted.appraiser, workflow.district):
        client.force_login(user)
        client.get(url)
        with django_assert_num_queries(5):
            assert client.get(url).status_code == 200


def loaded_version(client, url):
    """The version the appraisal page hands the browser in its hidden field."""
    return re.search(r'name="version" value="(\d+)"', client.get(url).content.decode()).group(1)


def test_two_appraisers_of_one_sector_cannot_overwrite_each_other(workflow, accepted, make_user):
    """Both load the form; the first save is kept, the second is refused with the stale page's message,
    its typing comes back on the page and nothing of it is written."""
    w, (first, second) = workflow, accepted.numbers[:2]
    colleague = make_user(Role.SECTOR_APPRAISER, w.units.district, accepted.sector)
    url = reverse("assessments:appraisal", args=[accepted.a.pk])
    hoa, lan = Client(), Client()
    hoa.force_login(accepted.appraiser)
    lan.force_login(colleague)
    seen_by_hoa, seen_by_lan = loaded_version(hoa, url), loaded_version(lan, url)
    assert seen_by_hoa == seen_by_lan
    r = hoa.post(url, form_data(accepted, seen_by_hoa, **{f"tc{first}": (False, "10", "Thiếu sổ theo dõi")}))
    assert r.status_code == 302
    saved = stored(accepted.a)
    history = Score.history.count()
    r = lan.post(url, form_data(accepted, seen_by_lan, **{f"tc{first}": (True, "", ""),
                                                          f"tc{second}": (False, "7,5", "Chưa khớp")}))
    html = r.content.decode()
    assert r.status_code == 400
    shown = " ".join(m.message for m in r.context["messages"])
    assert "Hồ sơ vừa được người khác cập nhật" in shown and "thay đổi của bạn chưa được lưu" in shown
    assert f"sửa tiêu chí {first}, điểm thẩm định" in shown  # who changed what, from the audit history
    assert 'value="7,5"' in html and 'value="Chưa khớp"' in html and f'id="agree_{first}" checked' in html
    assert stored(accepted.a) == saved and Score.history.count() == history
    assert saved[first][:2] == (Decimal(10), "Thiếu sổ theo dõi") and not saved[second][2]
    # the page that came back carries the version now stored: saving it again is a deliberate choice
    assert f'name="version" value="{Assessment.objects.get(pk=accepted.a.pk).version}"' in html


@pytest.mark.parametrize("version", [None, "", "abc"])
def test_a_form_without_its_version_is_refused_like_a_stale_page(workflow, accepted, client, version):
    n = accepted.numbers[0]
    data = form_data(accepted, **{f"tc{n}": (True, "", "")})
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    client.force_login(accepted.appraiser)
    r = client.post(reverse("assessments:appraisal", args=[accepted.a.pk]), data)
    assert r.status_code == 400 and "tải lại trang" in r.content.decode()
    assert not stored(accepted.a)[n][2]


def test_agree_all_without_a_script_fills_the_form_and_saves_nothing(workflow, accepted, client):
    """"Đồng ý toàn bộ điểm tự chấm" posted (a browser without the page's script): the form comes back with
    "Thống nhất" on every row the commune scored, a typed adjustment kept as typed, nothing written; the
    same form saved then records every row."""
    first, second = accepted.numbers[:2]
    before = stored(accepted.a)
    client.force_login(accepted.appraiser)
    url = reverse("assessments:appraisal", args=[accepted.a.pk])
    data = form_data(accepted, **{f"tc{second}": (False, "10,5", "Sổ theo dõi chưa khớp")})
    r = client.post(url, {**data, "fill_agreement": "1", "on": "10/11/2024"})
    html = r.content.decode()
    assert r.status_code == 200 and f"Đã chọn “Thống nhất” cho {len(accepted.numbers) - 1} tiêu chí" in html
    assert stored(accepted.a) == before
    for n in accepted.numbers:
        assert (f'id="agree_{n}" checked' in html) == (n != second)
    assert 'value="10,5"' in html and 'value="Sổ theo dõi chưa khớp"' in html and 'value="10/11/2024"' in html
    # each row stays editable: the appraiser saves what the page now holds
    filled = {**data, **{f"agree_{n}": "1" for n in accepted.numbers if n != second}, "on": "10/11/2024"}
    assert "Đã ghi kết quả thẩm định" in client.post(url, filled, follow=True).content.decode()
    saved = stored(accepted.a)
    assert saved[second] == (Decimal("10.5"), "Sổ theo dõi chưa khớp", True)
    assert all(saved[n][2] for n in accepted.numbers)
    agreed = Score.objects.get(assessment=accepted.a, criterion__number=first)
    assert agreed.appraised_points == agreed.points


def test_agree_all_leaves_a_criterion_the_commune_did_not_score(workflow, accepted, client):
    n = accepted.numbers[0]
    Score.objects.filter(assessment=accepted.a, criterion__number=n).update(points=None)
    client.force_login(accepted.appraiser)
    r = client.post(reverse("assessments:appraisal", args=[accepted.a.pk]),
                    {**form_data(accepted), "fill_agreement": "1"})
    html = r.content.decode()
    assert f'id="agree_{n}" checked' not in html and f'id="agree_{accepted.numbers[1]}" checked' in html
    assert 'id="agree-all"' in html
