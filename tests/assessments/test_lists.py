"""The lists of dossiers, rounds, decisions, communes and plans (issue 22): a search box that ignores
diacritics, filters by status, year, unit and "cần tôi xử lý", sorting and paging, all in the URL; a
province formed by the 2025 reform reads the records of the province it succeeded (tests.factories.reform_world).
"""

import re

import pytest
from django.urls import reverse

from assessments import permissions
from assessments.models import Assessment
from communes import services as units
from communes.models import Kind, Level, Unit
from core.text import folded
from tests import factories

pytestmark = pytest.mark.django_db
S = Assessment.Status
LISTS = ("assessments:list", "assessments:rounds", "assessments:decisions", "communes:list", "inspections:list")


@pytest.fixture
def world(standard):
    return factories.reform_world(standard)


def page(client, user, name, **params):
    client.force_login(user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response


def names(response):
    """The first cell's link text of each row of the list."""
    return [row[0] for row in re.findall(r"<tr>\s*<td><a href=\"[^\"]+\">([^<]+)</a>()", response.content.decode())]


# --- the search column ----------------------------------------------------------------------------

def test_a_name_folds_without_its_diacritics():
    assert folded("Xã Lục Nam") == "xa luc nam"
    assert folded("  Thị trấn  Đồi Ngô ") == "thi tran doi ngo"
    assert folded("PHƯỜNG TỪ SƠN") == "phuong tu son"


def test_the_search_name_follows_the_name_on_create_import_and_rename(db):
    province = units.unit_create(code="24", name="Tỉnh Bắc Giang", level=Level.PROVINCE, kind=Kind.PROVINCE,
                                 valid_from=factories.dt.date(2008, 8, 1))
    assert Unit.objects.get(pk=province.pk).search_name == "tinh bac giang"
    province.name = "Tỉnh Bắc Ninh"
    units.units_update([province], ["name"])  # as import_units renames
    assert Unit.objects.get(pk=province.pk).search_name == "tinh bac ninh"


# --- search, filters, sorting, paging -------------------------------------------------------------

@pytest.mark.parametrize("typed", ["Luc Nam", "lục nam", "LUC NAM", "  luc   nam "])
def test_a_commune_is_found_with_or_without_diacritics(client, world, typed):
    response = page(client, world.users.bac_ninh, "assessments:list", q=typed)
    assert names(response) == ["Xã Lục Nam"]
    response = page(client, world.users.bac_ninh, "communes:list", q=typed)
    assert names(response) == ["Xã Lục Nam"]


def test_the_search_finds_a_code_and_a_former_commune(client, world):
    assert names(page(client, world.users.bac_ninh, "assessments:list", q="07429")) == ["Xã Tam Dị"]
    assert names(page(client, world.users.bac_ninh, "communes:list", q="doi ngo")) == ["Thị trấn Đồi Ngô"]


def test_the_rounds_and_decisions_are_searched_by_province_number_and_commune(client, world):
    assert names(page(client, world.users.bac_ninh, "assessments:rounds", q="bac giang")) == ["2024"]
    decisions = world.users.bac_ninh, "assessments:decisions"
    assert names(page(client, *decisions, q="1522")) == ["1522/QĐ-UBND"]
    assert names(page(client, *decisions, q="doi ngo")) == ["1522/QĐ-UBND"]
    assert names(page(client, *decisions, q="Tam Di")) == []


def test_plans_are_searched_without_diacritics_and_filtered(client, world):
    plans = world.users.bac_ninh, "inspections:list"
    assert names(page(client, *plans, q="luc nam")) == ["Kiểm tra liên ngành năm 2024 tại huyện Lục Nam"]
    assert names(page(client, *plans, q="sa pa")) == []
    assert names(page(client, *plans, trang_thai="draft", nam=2024)) == [world.plan.title]
    assert names(page(client, *plans, trang_thai="closed")) == []
    assert names(page(client, *plans, nam=2023)) == [world.plan.title]  # the years it reviews
    html = page(client, *plans).content.decode()
    assert '<option value="2023">' in html and '<option value="2022">' not in html  # the years of its plans


def test_each_filter_narrows_the_dossiers(client, world):
    user = world.users.bac_ninh
    assert set(names(page(client, user, "assessments:list"))) == {
        "Thị trấn Đồi Ngô", "Xã Tam Dị", "Xã Bảo Sơn", "Xã Tiến Dũng", "Xã Lục Nam", "Phường Chũ"}
    assert names(page(client, user, "assessments:list", trang_thai=S.SUBMITTED, sap_xep="ten")) == [
        "Xã Bảo Sơn", "Xã Lục Nam"]
    assert names(page(client, user, "assessments:list", nam=2026, sap_xep="-ten")) == ["Xã Lục Nam", "Phường Chũ"]
    staff = world.users.bac_giang  # Bắc Giang had districts: its officers filter by one
    assert names(page(client, staff, "assessments:list", don_vi=world.yen_dung.pk)) == ["Xã Tiến Dũng"]
    national = world.users.national  # the ministry chooses a province, former ones included
    assert set(names(page(client, national, "assessments:list", don_vi=world.bac_ninh.pk))) == {
        "Xã Lục Nam", "Phường Chũ"}


def test_a_province_without_districts_is_offered_no_district_filter(client, world):
    for name in ("assessments:list", "communes:list", "assessments:decisions"):
        assert 'name="don_vi"' not in page(client, world.users.bac_ninh, name).content.decode()
        assert 'name="don_vi"' in page(client, world.users.bac_giang, name).content.decode()
    assert 'name="don_vi"' not in page(client, world.users.luc_nam, "assessments:list").content.decode()


def test_needs_my_action_lists_exactly_the_dossiers_with_a_move_for_me(client, world):
    """A move of the table, or a decision the user's unit recorded and has yet to issue (its record to upload)."""
    def waits(a, user):
        unissued = a.decision_id is not None and not a.decision.is_issued
        return bool(permissions.available_moves(a, user)) or (
            unissued and permissions.may_sign_document(user, a, "decision"))

    for user in (world.users.bac_ninh_office, world.users.luc_nam, world.users.xa_luc_nam, world.users.bac_ninh):
        expected = {a.commune.name for a in Assessment.objects.select_related("commune", "round", "decision")
                    if waits(a, user)}
        assert set(names(page(client, user, "assessments:list", cho_toi="on"))) == expected
    assert names(page(client, world.users.bac_ninh_office, "assessments:list", cho_toi="on")) == ["Xã Lục Nam"]
    assert names(page(client, world.users.luc_nam, "assessments:list", cho_toi="on", sap_xep="ten")) == [
        "Xã Bảo Sơn", "Xã Tam Dị"]  # its own, not its successor's
    assert names(page(client, world.users.bac_ninh_office, "assessments:rounds", cho_toi="on")) == ["2026"]
    assert names(page(client, world.users.bac_ninh_office, "communes:list", cho_toi="on")) == ["Xã Lục Nam"]


def test_needs_my_action_lists_the_decisions_whose_round_still_waits_for_me(client, world):
    """A decision is issued once: what waits is its round's next decision, so "cần tôi xử lý" lists the decisions
    of a round in which a dossier of the issuer's area has a move for the user (the moves table, as above)."""
    from assessments.models import Decision

    for user in (world.users.bac_ninh_office, world.users.luc_nam, world.users.xa_luc_nam, world.users.bac_ninh,
                 world.users.bac_giang):
        expected = {d.number for d in Decision.objects.select_related("issuer")
                    if any(permissions.available_moves(a, user) for a in Assessment.objects.select_related(
                        "commune", "round").filter(round=d.round, commune__path__startswith=d.issuer.path))}
        assert set(names(page(client, user, "assessments:decisions", cho_toi="on"))) == expected, user
    response = page(client, world.users.luc_nam, "assessments:decisions", cho_toi="on")
    assert names(response) == ["1522/QĐ-UBND"]  # Tam Dị's appraisal and Bảo Sơn's acceptance wait for Lục Nam
    assert "Cần tôi xử lý</span>" in response.content.decode()
    assert names(page(client, world.users.bac_ninh_office, "assessments:decisions", cho_toi="on")) == []
    assert names(page(client, world.users.bac_ninh_office, "assessments:decisions")) == ["1522/QĐ-UBND"]
    # once nothing of the round waits for it, the decision leaves the office's filtered list
    Assessment.objects.filter(round=world.r24, status__in=[S.SUBMITTED, S.ACCEPTED]).update(status=S.DRAFT)
    assert names(page(client, world.users.luc_nam, "assessments:decisions", cho_toi="on")) == []


def test_rounds_filter_by_year_and_decided(client, world):
    user = world.users.bac_ninh
    assert names(page(client, user, "assessments:rounds", nam=2026)) == ["2026"]
    assert names(page(client, user, "assessments:rounds", trang_thai="decided")) == ["2024"]
    assert names(page(client, user, "assessments:rounds", trang_thai="open")) == ["2026"]


def test_communes_filter_by_the_year_they_existed_and_their_dossiers(client, world):
    user = world.users.bac_ninh
    assert set(names(page(client, user, "communes:list", nam=2026))) == {"Xã Lục Nam", "Phường Chũ"}
    assert names(page(client, user, "communes:list", nam=2024, trang_thai=S.RECOGNISED)) == ["Thị trấn Đồi Ngô"]
    assert names(page(client, user, "communes:list", nam=2026, trang_thai=S.RECOGNISED)) == []


def test_paging_with_a_page_size(client, standard):
    world = factories.reform_world(standard, extra=45)
    user = world.users.bac_giang
    first = page(client, user, "assessments:list", so_dong=20, sap_xep="ten")
    assert len(names(first)) == 20 and first.context["page_obj"].paginator.count == 49
    third = page(client, user, "assessments:list", so_dong=20, sap_xep="ten", page=3)
    assert len(names(third)) == 9
    every = page(client, user, "assessments:list", so_dong=50, sap_xep="ten")
    pages = names(first) + names(page(client, user, "assessments:list", so_dong=20, sap_xep="ten", page=2)) \
        + names(third)
    assert pages == names(every)  # no row twice, none lost
    assert names(page(client, user, "assessments:list", so_dong=7)) == names(first)  # not a size offered: 20


def test_the_filters_round_trip_through_the_url(client, world):
    response = page(client, world.users.bac_ninh_office, "assessments:list", q="luc nam", trang_thai=S.SUBMITTED,
                    nam=2026, cho_toi="on", sap_xep="-ten", so_dong=50)
    html = response.content.decode()
    assert 'value="luc nam"' in html
    for value in (S.SUBMITTED, "2026", "-ten", "50"):
        assert re.search(rf'<option value="{value}" selected>', html), value
    assert re.search(r'name="cho_toi"[^>]*checked', html)
    assert 'method="get"' in html and "Bỏ lọc" in html
    assert names(response) == ["Xã Lục Nam"]


def test_a_bad_parameter_is_ignored_with_its_message(client, world):
    response = page(client, world.users.bac_ninh, "assessments:list", nam="abc", trang_thai="nope")
    assert len(names(response)) == 6
    assert "is-invalid" in response.content.decode()


@pytest.mark.parametrize("name", LISTS)
def test_tampered_filter_parameters_never_answer_500(client, world, name):
    """Every filter of every list (the decisions' "cần tôi xử lý" included) with text, a huge number, a huge text,
    Arabic-Indic digits or the key twice: the page answers 200 and lists only what the user reads."""
    client.force_login(world.users.luc_nam)
    for key in ("q", "nam", "don_vi", "trang_thai", "cho_toi", "sap_xep", "so_dong", "page"):
        for value in ("abc", str(10**20), "Ữ" * 5000, "١٢", ["on", "off"], ["2024", "x"]):
            response = client.get(reverse(name), {key: value})
            assert response.status_code == 200, (key, value)
            assert "Xã Lục Nam" not in names(response), (key, value)  # the successor's own commune: never Lục Nam's


def test_every_list_row_links_to_the_communes_history(client, world):
    for name in ("assessments:list", "communes:list"):
        html = page(client, world.users.bac_ninh, name).content.decode()
        assert reverse("communes:history", args=[world.xa_luc_nam.pk]) in html


def test_the_menu_lists_the_lists(client, world):
    html = page(client, world.users.xa_luc_nam, "assessments:list").content.decode()
    for name in LISTS:
        assert f'href="{reverse(name)}"' in html


# --- the successor province reads, and acts on nothing --------------------------------------------

def read_pages(world):
    d = world.dossiers.doi_ngo
    return [reverse("assessments:round", args=[world.r24.pk]), reverse("assessments:detail", args=[d.pk]),
            reverse("assessments:history", args=[d.pk]), reverse("assessments:decision", args=[world.decision.pk]),
            reverse("inspections:detail", args=[world.plan.pk]), reverse("communes:history", args=[world.doi_ngo.pk])]


def test_the_successor_province_opens_its_predecessors_records(client, world):
    for user in (world.users.bac_ninh, world.users.bac_ninh_office):
        client.force_login(user)
        for url in read_pages(world):
            assert client.get(url).status_code == 200, url
    html = client.get(reverse("assessments:round", args=[world.r24.pk])).content.decode()
    assert "Xã Tam Dị" in html and "Thị trấn Đồi Ngô" in html
    assert reverse("communes:history", args=[world.doi_ngo.pk]) in client.get(
        reverse("assessments:detail", args=[world.dossiers.doi_ngo.pk])).content.decode()


def test_a_unit_that_succeeded_nothing_still_gets_404(client, world, make_user):
    other = factories.ProvinceFactory(name="Tỉnh Lạng Sơn", code="20", valid_from=factories.dt.date(2025, 7, 1))
    client.force_login(make_user("provincial_staff", other))
    for url in read_pages(world):
        assert client.get(url).status_code == 404, url


def test_the_successor_is_offered_no_act_and_every_post_is_refused(client, world):
    office = world.users.bac_ninh_office
    client.force_login(office)
    submitted, accepted = world.dossiers.bao_son, world.dossiers.tam_di
    html = client.get(reverse("assessments:detail", args=[submitted.pk])).content.decode()
    assert "data-move=" not in html and "Chỉ xem" in html
    for name, a in (("assessments:accept", submitted), ("assessments:return", submitted),
                    ("assessments:submit", world.dossiers.tien_dung), ("assessments:complete_appraisal", accepted),
                    ("assessments:council", world.dossiers.tien_dung), ("assessments:scores", world.dossiers.tien_dung),
                    ("assessments:appraisal", accepted)):
        response = client.post(reverse(name, args=[a.pk]), {"version": a.version, "confirm": "1",
                                                            "on": "20/11/2024", "comment": "Thiếu biên bản"})
        assert response.status_code in (403, 404), name
    response = client.post(reverse("assessments:decide", args=[world.r24.pk]),
                           {"number": "1/QĐ-UBND", "signed_on": "10/12/2024", "signer_name": "A", "signer_title": "B",
                            f"outcome_{accepted.pk}": "recognise", "confirm": "1"})
    assert response.status_code in (403, 404)
    staff = world.users.bac_ninh
    client.force_login(staff)
    response = client.post(reverse("inspections:transition", args=[world.plan.pk]),
                           {"to": "approved", "version": world.plan.version, "confirm": "1"})
    assert response.status_code in (403, 404)
    assert client.post(reverse("inspections:edit", args=[world.plan.pk]), {}).status_code in (403, 404)
    assert {a.pk: a.status for a in Assessment.objects.all()} == {
        a.pk: a.status for a in vars(world.dossiers).values()}
    world.plan.refresh_from_db()
    assert world.plan.status == "draft"


# --- constant queries -----------------------------------------------------------------------------

def more_rows(world, standard, n=12):
    """Many more rows of every list: communes with dossiers, rounds, decisions, plans."""
    from assessments.models import Decision
    from inspections import services as inspections

    for k in range(n):
        commune = factories.CommuneFactory(name=f"Xã Thêm {k:02d}", code=f"{81000 + k}", parent=world.yen_dung,
                                           valid_to=world.yen_dung.valid_to)
        a = factories.recorded_assessment(world.r24, commune, S.RECOGNISED)
        if k < 5:
            r = factories.RoundFactory(province=world.bac_giang, year=2019 + k, standard=standard,
                                       opened_by=world.users.bac_giang)
            factories.recorded_assessment(r, commune, S.RECOGNISED)
            d = Decision.objects.create(round=r, issuer=world.yen_dung, number=f"{k + 1}/QĐ-UBND",
                                        signed_on=factories.dt.date(2019 + k, 12, 5), signer_name="Nguyễn Văn B",
                                        signer_title="CHỦ TỊCH")
            Assessment.objects.filter(pk=a.pk).update(decision=d)
            inspections.inspection_create(
                by=world.users.bac_giang, issuer=world.bac_giang, standard=standard, title=f"Kế hoạch {k}",
                place="Bắc Giang", issuer_body="ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", review_from_year=2019 + k,
                review_to_year=2019 + k, window_start=factories.dt.date(2020 + k, 10, 1),
                window_end=factories.dt.date(2020 + k, 10, 20))


@pytest.mark.parametrize("name,queries", [("assessments:list", 7), ("assessments:rounds", 7),
                                          ("assessments:decisions", 7), ("communes:list", 7),
                                          ("inspections:list", 8)])
def test_a_list_costs_the_same_queries_for_few_and_many_rows(client, standard, django_assert_num_queries, name,
                                                             queries):
    world = factories.reform_world(standard)
    user = world.users.bac_giang
    client.force_login(user)
    with django_assert_num_queries(queries):
        small = client.get(reverse(name), {"so_dong": 100, "cho_toi": ""})
    assert small.status_code == 200
    more_rows(world, standard)
    with django_assert_num_queries(queries):
        large = client.get(reverse(name), {"so_dong": 100})
    assert large.status_code == 200 and len(names(large)) >= len(names(small))
