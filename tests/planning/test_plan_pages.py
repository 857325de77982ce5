"""The yearly plan's pages: created, edited and read in the province's scope; its parts written through one
form; a round takes its deadlines from it; the successor province reads it and writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from assessments.models import Round
from planning import services
from planning.models import Entry, Plan
from reports.models import Target
from tests import factories
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def plan(users, units):
    return services.plan_create(by=users.provincial_staff, unit=units.province, year=2024, symbol="KH-UBND",
                                place="Lào Cai", title="Xây dựng xã, phường phù hợp với trẻ em năm 2024",
                                issuer_body="ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI")


def outline_post(plan, *entries, parts=(("targets", "MỤC TIÊU"), ("organisation", "TỔ CHỨC THỰC HIỆN"))):
    data = {"version": plan.version, "p-TOTAL_FORMS": len(parts), "p-INITIAL_FORMS": 0, "p-MIN_NUM_FORMS": 0,
            "p-MAX_NUM_FORMS": 15, "e-TOTAL_FORMS": len(entries), "e-INITIAL_FORMS": 0, "e-MIN_NUM_FORMS": 0,
            "e-MAX_NUM_FORMS": 200}
    for i, (kind, heading) in enumerate(parts):
        data.update({f"p-{i}-kind": kind, f"p-{i}-heading": heading})
    for i, entry in enumerate(entries):
        data.update({f"e-{i}-{k}": v for k, v in {"depth": 1, "kind": "text", **entry}.items()})
    return data


def test_the_province_creates_a_plan_named_as_its_office_is_named_that_year(client, users, units):
    login(client, users.provincial_staff)
    response = client.post(reverse("planning:create"), {"unit": units.province.pk, "year": 2022,
                                                        "issued_by": "office", "title": "Kế hoạch năm 2022"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("planning:edit", args=[plan.pk])
    assert (plan.parent_body, plan.issuer_body, plan.symbol) == (
        "UBND TỈNH LÀO CAI", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "KH-SLĐTBXH")
    assert (plan.signer_authority, plan.signer_title, plan.place) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lào Cai")
    assert [p.heading for p in plan.parts.all()][0] == "MỤC ĐÍCH, YÊU CẦU"
    client.post(reverse("planning:create"), {"unit": units.province.pk, "year": 2026, "issued_by": "office",
                                             "title": "Kế hoạch năm 2026"})
    assert Plan.objects.get(year=2026).issuer_body == "SỞ Y TẾ"  # child affairs moved to Y tế on 01/3/2025


def test_a_district_plans_only_before_the_reform_and_a_year_has_one_plan(users, units, plan):
    staff = users.provincial_staff
    district = services.plan_create(by=staff, unit=units.district, year=2024, symbol="KH-UBND", place="Văn Bàn",
                                    title="Kế hoạch", issuer_body="ỦY BAN NHÂN DÂN\nHUYỆN VĂN BÀN")
    assert district.unit == units.district
    with pytest.raises(Exception, match="không còn cấp huyện"):
        services.plan_create(by=staff, unit=units.district, year=2026, symbol="KH-UBND", place="Văn Bàn",
                             title="Kế hoạch", issuer_body="ỦY BAN NHÂN DÂN\nHUYỆN VĂN BÀN")
    with pytest.raises(Exception, match="đã có kế hoạch năm 2024"):
        services.plan_create(by=staff, unit=units.province, year=2024, symbol="KH-UBND", place="Lào Cai",
                             title="Kế hoạch", issuer_body="ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI")


def test_editing_from_an_old_page_changes_nothing(client, users, plan):
    login(client, users.provincial_staff)
    url = reverse("planning:edit", args=[plan.pk])
    data = {"issuer_body": plan.issuer_body, "symbol": "KH-UBND", "place": "Lào Cai", "number": "88",
            "title": plan.title, "issued_on": "2024-03-05", "version": plan.version}
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.number_text == "88/KH-UBND" and plan.issued_on == dt.date(2024, 3, 5)
    response = client.post(url, {**data, "number": "99"})  # the version it saw is now old
    assert response.status_code == 200 and "vừa được người khác sửa" in response.content.decode()
    plan.refresh_from_db()
    assert plan.number == "88"


def test_the_outline_form_writes_parts_entries_and_the_target_whose_source_the_plan_is(client, users, plan):
    login(client, users.provincial_staff)
    data = outline_post(plan, {"part": 1, "depth": 2, "kind": "target", "text": "Phấn đấu 70% xã đạt chuẩn.",
                               "target_kind": "recognised", "target_percent": "70,5", "target_year": 2024},
                        {"part": 2, "heading": "UBND các xã", "kind": "task", "level": "commune",
                         "text": "Gửi hồ sơ trước ngày 14/11/2024.", "due_on": "2024-11-14", "deadline": "submission"})
    response = client.post(reverse("planning:outline", args=[plan.pk]), data)
    assert response.status_code == 302
    target = Target.objects.get(unit=plan.unit)
    assert (str(target.percent), target.year, target.source) == (
        "70.50", 2024, "Kế hoạch số …/KH-UBND của Ủy ban nhân dân tỉnh Lào Cai")
    page = client.get(reverse("planning:detail", args=[plan.pk])).content.decode()
    assert "I. MỤC TIÊU" in page and "- Phấn đấu 70% xã đạt chuẩn." in page and "1. UBND các xã" in page
    # the outline page shows what was written, and saving it again keeps one target
    page = client.get(reverse("planning:outline", args=[plan.pk])).content.decode()
    assert 'value="70,50"' in page
    plan.refresh_from_db()
    again = client.post(reverse("planning:outline", args=[plan.pk]), {**data, "version": plan.version})
    assert again.status_code == 302
    assert Target.objects.filter(unit=plan.unit).count() == 1 and Entry.objects.count() == 2
    # a number changed on the plan changes its targets' source
    plan.refresh_from_db()
    services.plan_update(by=users.provincial_staff, plan_id=plan.pk, seen_version=plan.version, number="12",
                         issued_on=dt.date(2024, 3, 5))
    target.refresh_from_db()
    assert target.source == "Kế hoạch số 12/KH-UBND ngày 5/3/2024 của Ủy ban nhân dân tỉnh Lào Cai"
    # the target's history: written by the outline (the same outline again adds nothing), then its new source
    trail = list(target.history.order_by("history_date").values_list("history_type", "source", "history_user"))
    staff = users.provincial_staff.pk
    assert trail == [("+", "Kế hoạch số …/KH-UBND của Ủy ban nhân dân tỉnh Lào Cai", staff),
                     ("~", "Kế hoạch số 12/KH-UBND ngày 5/3/2024 của Ủy ban nhân dân tỉnh Lào Cai", staff)]


def test_a_deadline_without_its_day_or_an_entry_without_words_is_refused(client, users, plan):
    login(client, users.provincial_staff)
    data = outline_post(plan, {"part": 2, "heading": "UBND các xã", "deadline": "submission"}, {"part": 1})
    response = client.post(reverse("planning:outline", args=[plan.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "Hạn của đợt đánh giá cần thời hạn." in page
    assert "Mục cần tiêu đề hoặc lời văn." in page
    assert Entry.objects.count() == 0


def test_a_round_takes_its_deadlines_from_the_plan_and_the_plan_shows_it(client, users, plan, round_2024):
    login(client, users.provincial_staff)
    client.post(reverse("planning:outline", args=[plan.pk]), outline_post(
        plan, {"part": 2, "heading": "UBND các xã", "kind": "task", "level": "commune",
               "text": "Gửi hồ sơ trước ngày 14/11/2024.", "due_on": "2024-11-14", "deadline": "submission"}))
    page = client.get(reverse("planning:detail", args=[plan.pk])).content.decode()
    assert "Áp dụng các hạn cho đợt đánh giá năm 2024" in page
    assert client.post(reverse("planning:apply", args=[plan.pk]), {"round": round_2024.pk}).status_code == 302
    r = Round.objects.get(pk=round_2024.pk)
    assert r.submission_due == dt.date(2024, 11, 14)
    assert r.submission_source == ("Kế hoạch số …/KH-UBND của Ủy ban nhân dân tỉnh Lào Cai, mục II.1: “1. UBND "
                                   "các xã Gửi hồ sơ trước ngày 14/11/2024.”")
    page = client.get(reverse("planning:detail", args=[plan.pk])).content.decode()
    assert "Đợt đánh giá lấy hạn từ kế hoạch này" in page and reverse("assessments:round", args=[r.pk]) in page
    # the round's page shows the source
    assert "mục II.1" in client.get(reverse("assessments:round", args=[r.pk])).content.decode()


def test_everyone_in_the_province_reads_the_plan_and_only_its_staff_write(client, users, units, plan):
    for role in ("commune_officer", "district_officer", "council_member", "national_staff"):
        login(client, getattr(users, role))
        page = client.get(reverse("planning:detail", args=[plan.pk]))
        assert page.status_code == 200 and reverse("planning:edit", args=[plan.pk]) not in page.content.decode()
        assert client.get(reverse("planning:edit", args=[plan.pk])).status_code == 403
    other = factories.ProvincialStaffFactory(unit=units.other_province)
    login(client, other)
    assert client.get(reverse("planning:detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("planning:list")).content.decode().count(reverse("planning:detail", args=[plan.pk])) == 0


def test_the_successor_province_reads_the_former_provinces_plan_and_writes_nothing(client, standard):
    world = factories.reform_world(standard)
    old = services.plan_create(by=world.users.bac_giang, unit=world.bac_giang, year=2024, symbol="KH-UBND",
                               place="Bắc Giang", title="Kế hoạch năm 2024",
                               issuer_body="ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG")
    login(client, world.users.bac_ninh)
    assert client.get(reverse("planning:detail", args=[old.pk])).status_code == 200
    assert "Kế hoạch năm 2024" in client.get(reverse("planning:list")).content.decode()
    pdf = client.get(reverse("planning:pdf", args=[old.pk]))
    assert pdf.status_code == 200 and "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG" in pdf_text(pdf.content)
    assert client.get(reverse("planning:docx", args=[old.pk])).status_code == 200
    for name in ("planning:edit", "planning:outline"):
        assert client.get(reverse(name, args=[old.pk])).status_code == 404
    assert client.post(reverse("planning:apply", args=[old.pk]), {"round": world.r24.pk}).status_code == 404
    assert not world.users.bac_ninh.has_perm("planning.edit", old)


def test_the_list_costs_the_same_queries_for_one_plan_and_many(client, users, units, plan, django_assert_num_queries):
    login(client, users.provincial_staff)
    client.get(reverse("planning:list"))  # the session and the user, loaded once
    with django_assert_num_queries(4) as one:
        client.get(reverse("planning:list"))
    for year in range(2018, 2023):
        services.plan_create(by=users.provincial_staff, unit=units.province, year=year, symbol="KH-UBND",
                             place="Lào Cai", title=f"Kế hoạch năm {year}", issuer_body="UBND TỈNH LÀO CAI")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("planning:list")).content.decode()
    assert page.count("Kế hoạch năm 20") == 5
