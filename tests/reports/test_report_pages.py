"""The report pages: numbers on the page, scope, permissions, methods and pinned query counts."""

import re

import pytest
from django.urls import reverse

from reports.models import Target

SUMMARY, CRITERIA, TREND, HOLDERS, TARGETS = (reverse(f"reports:{n}") for n in
                                              ("summary", "criteria", "trend", "holders", "targets"))


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def _charts(response):
    """The inline SVG charts of a page."""
    return re.findall(r"<svg .*?</svg>", response.content.decode(), re.S)


def _text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_summary_page_as_provincial_staff(client, world, cast):
    r = _get(client, cast.provincial, SUMMARY, year=2024)
    assert r.status_code == 200
    assert [row.unit for row in r.context["rows"]] == [world.bac_ai, world.ninh_son]
    text = _text(r)
    assert "Huyện Ninh Sơn 5 4 4 1 chưa đăng ký 3 2 40,00% 1 1 60% 20,00 điểm % 1 đơn vị 2" in text
    # a target belongs to its year: neither Ninh Thuận nor the country has one for 2024 (65% is 2025's)
    assert "Huyện Bác Ái 2 1 2 1 chưa đăng ký 2 0 0,00% 0 0 chưa có chỉ tiêu — 2" in text
    assert "Tổng cộng 7 5 6 2 chưa đăng ký 5 2 28,57% 1 1 chưa có chỉ tiêu — 4" in text
    (chart,) = _charts(r)
    assert "Tỷ lệ đơn vị đạt chuẩn so với chỉ tiêu năm 2024" in chart
    assert all(v in chart for v in ("Huyện Ninh Sơn", "40,0%", "60,0%")) and "65,0%" not in chart
    assert "<style" not in chart  # the Content Security Policy refuses inline <style> elements
    assert 'id="commune-table"' not in r.content.decode()  # a province has districts, not a commune list


def test_summary_defaults_to_the_latest_year(client, world, cast):
    r = _get(client, cast.provincial, SUMMARY)
    assert r.context["scope"].year == 2024


def test_district_officer_sees_its_district_and_its_communes(client, world, cast):
    r = _get(client, cast.district, SUMMARY, year=2024)
    assert r.status_code == 200
    assert [row.unit for row in r.context["rows"]] == [world.ninh_son]
    html = r.content.decode()
    assert 'id="commune-table"' in html and "Xã Phước Bình" not in html
    names = [c["name"] for c in r.context["communes"]]
    assert names == ["Thị trấn Tân Sơn", "Xã Lâm Sơn", "Xã Lương Sơn", "Xã Quảng Sơn", "Xã Mỹ Sơn"]
    assert 'name="province"' not in html and 'name="district"' not in html


@pytest.mark.parametrize("param", ["province", "district"])
def test_district_officer_gets_404_for_another_unit(client, world, cast, param):
    other = world.nt if param == "province" else world.bac_ai
    assert _get(client, cast.district, SUMMARY, **{param: other.pk}).status_code == 404


def test_other_province_is_404(client, world, cast):
    assert _get(client, cast.outsider, SUMMARY, province=world.nt.pk).status_code == 404
    assert _get(client, cast.outsider, CRITERIA, district=world.ninh_son.pk).status_code == 404
    r = _get(client, cast.outsider, SUMMARY, year=2024)
    assert [row.unit for row in r.context["rows"]] == [world.van_lang]
    assert "Ninh Thuận" not in r.content.decode()


def test_national_staff_by_province_then_by_district(client, world, cast):
    r = _get(client, cast.national, SUMMARY, year=2024)
    assert {row.unit for row in r.context["rows"]} == {world.nt, world.ls}
    assert "Tổng cộng 8 6 7 2 chưa đăng ký 6 3 37,50%" in _text(r)
    r = _get(client, cast.national, SUMMARY, year=2024, province=world.nt.pk)
    assert [row.unit for row in r.context["rows"]] == [world.bac_ai, world.ninh_son]
    r = _get(client, cast.national, SUMMARY, year=2024, province=world.nt.pk, district=world.ninh_son.pk)
    assert [row.unit for row in r.context["rows"]] == [world.ninh_son]


def test_commune_officer_is_refused(client, world, cast):
    for url in (SUMMARY, CRITERIA, TREND, HOLDERS, TARGETS):
        assert _get(client, cast.commune, url).status_code == 403


def test_pages_refuse_post(client, world, cast):
    client.force_login(cast.provincial)
    for url in (SUMMARY, CRITERIA, TREND, HOLDERS):
        assert client.post(url).status_code == 405


def test_anonymous_is_sent_to_login(client, world):
    r = client.get(SUMMARY)
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_criteria_page(client, world, cast):
    r = _get(client, cast.provincial, CRITERIA, year=2024)
    text = _text(r)
    assert "Trên 5 hồ sơ đã nộp: 2 hồ sơ có tiêu chí 0 điểm, trong đó 1 hồ sơ đủ tổng điểm" in text
    # criterion 6's points (50 + 75) are confirmed by the published words (README sources): no mark; criterion 5's
    # are not yet, and keep theirs
    assert "6 Trẻ em có hoàn cảnh đặc biệt được trợ giúp 125 5 1 95 76,00% 1" in text
    assert ("5 Trẻ em bị tai nạn, thương tích Chưa xác nhận : giá trị chưa được đối chiếu với văn bản gốc "
            "75 5 1 60 80,00% 0") in text
    assert "13 Mức độ hài lòng" in text and "70 93,33% 0" in text
    (chart,) = _charts(r)
    assert "TC6. Trẻ em có hoàn cảnh đặc biệt được trợ giúp" in chart and "TC1." not in chart


def test_trend_page(client, world, cast):
    r = _get(client, cast.provincial, TREND, year=2024)
    text = _text(r)
    assert "Toàn địa bàn 42,86% 28,57%" in text
    # the districts ended with the 2025 reform, and the table says so
    assert "Huyện Bác Ái (đến 30/06/2025) 50,00% 0,00%" in text
    assert "Huyện Ninh Sơn (đến 30/06/2025) 40,00% 40,00%" in text
    assert "Chỉ tiêu chưa có chỉ tiêu chưa có chỉ tiêu" in text  # the national 65% is 2025's target
    (chart,) = _charts(r)
    assert all(label in chart for label in ("Toàn địa bàn", "Chỉ tiêu", "Huyện Bác Ái", "2023", "2024"))


def test_holders_page(client, world, cast, make_round, assess):
    from assessments.models import Assessment

    for y in (2020, 2021, 2022):
        assess(make_round(world.nt, y, world.standard), world.tan_son, Assessment.Status.RECOGNISED)
    r = _get(client, cast.provincial, HOLDERS, year=2024)
    assert [h["name"] for h in r.context["holders_5"]] == ["Thị trấn Tân Sơn"]
    assert r.context["holders_3"] == []
    assert "22810 Thị trấn Tân Sơn Huyện Ninh Sơn 5+" in _text(r)


def test_targets_page_lists_and_records_the_districts_target(client, world, cast):
    r = _get(client, cast.district, TARGETS)
    text = _text(r)
    assert "Huyện Ninh Sơn Tỷ lệ đơn vị đạt chuẩn 60% 2024" in text
    assert "Tỉnh Ninh Thuận Tỷ lệ đơn vị được công nhận mới hằng năm 3–5% 2017–2020" in text
    assert "Tỉnh Lạng Sơn" not in text
    r = client.post(TARGETS, {"year": 2025, "percent": "80", "source": "Báo cáo số 12/BC-UBND"})
    assert r.status_code == 302
    t = Target.objects.get(unit=world.ninh_son, year=2025)
    assert (t.percent, t.source, t.created_by) == (80, "Báo cáo số 12/BC-UBND", cast.district)


def test_national_staff_cannot_record_a_target(client, world, cast):
    client.force_login(cast.national)
    assert client.post(TARGETS, {"year": 2025, "percent": "80"}).status_code == 403


def test_target_percent_must_be_a_share(client, world, cast):
    client.force_login(cast.district)
    r = client.post(TARGETS, {"year": 2025, "percent": "120"})
    assert r.status_code == 200 and "Tỷ lệ đơn vị đạt chuẩn: phải từ 0 đến 100, không phải “120”." in r.content.decode()
    assert not Target.objects.filter(unit=world.ninh_son, year=2025).exists()


@pytest.fixture
def sized_world(standards, make_unit, assess, make_user, make_round):
    """sized_world(n): a province of two districts and n communes over two rounds, and its staff."""
    from assessments.models import Assessment, Registration
    from communes.models import Kind, Level

    def build(size):
        province = make_unit("Tỉnh Ninh Thuận", "58", Level.PROVINCE, Kind.PROVINCE)
        districts = [make_unit(f"Huyện {i}", f"58{i}", Level.DISTRICT, Kind.RURAL_DISTRICT, province)
                     for i in range(2)]
        r1 = make_round(province, 2023, standards["06/QĐ-TTg"])
        r2 = make_round(province, 2024, standards["06/QĐ-TTg"])
        for i in range(size):
            c = make_unit(f"Xã {i}", f"{i:05d}", Level.COMMUNE, Kind.COMMUNE, districts[i % 2])
            assess(r1, c, Assessment.Status.RECOGNISED)
            assess(r2, c, Assessment.Status.RECOGNISED if i % 3 else Assessment.Status.NOT_RECOGNISED,
                   points={3: 0} if i % 3 == 0 else None)
            Registration.objects.create(round=r2, commune=c, registered_on="2024-03-01")
        return make_user("provincial_staff", province), make_user("district_officer", districts[0])

    return build


# Each page in a fixed number of queries, whatever the number of units (session, the user with
# their unit; filter choices; then the page's own aggregates).
QUERIES = {SUMMARY: 9, CRITERIA: 8, TREND: 9, HOLDERS: 5}
DISTRICT_QUERIES = {SUMMARY: 9}


@pytest.mark.parametrize("size", [2, 20])
@pytest.mark.parametrize("url", list(QUERIES))
def test_page_query_count_does_not_grow(client, sized_world, size, url, django_assert_num_queries):
    provincial, _district = sized_world(size)
    client.force_login(provincial)
    with django_assert_num_queries(QUERIES[url]):
        r = client.get(url, {"year": 2024})
    assert r.status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_district_summary_query_count_does_not_grow(client, sized_world, size, django_assert_num_queries):
    _provincial, district = sized_world(size)
    client.force_login(district)
    with django_assert_num_queries(DISTRICT_QUERIES[SUMMARY]):
        r = client.get(SUMMARY, {"year": 2024})
    assert len(r.context["communes"]) == (size + 1) // 2
