"""A district plans its own years before 1/7/2025 (issue 27: "a plan record per province, or district before
1/7/2025"): its office (district_officer) draws up and edits its own district's plan, and nothing else; every
act is asked again by the service, so a post past the page is refused the same way."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from communes.models import Kind, Level
from planning import services
from planning.models import Plan
from tests import factories
from tests.planning.test_plan_pages import login, outline_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_plan(users, units):
    return services.plan_create(by=users.district_officer, unit=units.district, year=2024, symbol="KH-UBND",
                                place="Văn Bàn", title="Xây dựng xã, thị trấn phù hợp với trẻ em năm 2024",
                                issuer_body="ỦY BAN NHÂN DÂN\nHUYỆN VĂN BÀN")


def test_the_districts_office_draws_up_its_own_plan_through_the_pages(client, users, units):
    login(client, users.district_officer)
    form = client.get(reverse("planning:create"))
    options = form.context["form"].fields["unit"].queryset
    assert form.status_code == 200 and list(options) == [units.district]  # its district, nothing else offered
    response = client.post(reverse("planning:create"), {"unit": units.district.pk, "year": 2024,
                                                        "issued_by": "office", "title": "Kế hoạch năm 2024"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.unit == units.district
    assert plan.parent_body == "UBND HUYỆN VĂN BÀN" and plan.issuer_body.startswith("PHÒNG")
    data = {"issuer_body": plan.issuer_body, "symbol": plan.symbol, "place": "Văn Bàn", "number": "41",
            "title": plan.title, "issued_on": "2024-03-12", "version": plan.version}
    assert client.post(reverse("planning:edit", args=[plan.pk]), data).status_code == 302
    plan.refresh_from_db()
    assert plan.number_text == f"41/{plan.symbol}"
    post = outline_post(plan, {"part": 1, "kind": "task", "level": "commune", "heading": "UBND các xã",
                               "text": "Gửi hồ sơ về huyện trước ngày 10/11/2024.", "due_on": "10/11/2024"},
                        parts=(("organisation", "TỔ CHỨC THỰC HIỆN"),))
    assert client.post(reverse("planning:outline", args=[plan.pk]), post).status_code == 302
    page = client.get(reverse("planning:detail", args=[plan.pk])).content.decode()
    assert "Gửi hồ sơ về huyện trước ngày 10/11/2024." in page and reverse("planning:edit", args=[plan.pk]) in page


def test_the_district_posts_past_the_page_and_is_refused(client, users, units):
    login(client, users.district_officer)
    for unit in (units.province, units.other_district):  # the province's plan, another district's
        client.post(reverse("planning:create"), {"unit": unit.pk, "year": 2024, "issued_by": "office",
                                                 "title": "Kế hoạch"})
    assert not Plan.objects.exists()
    for unit in (units.province, units.other_district):  # the service refuses it the same way
        with pytest.raises(PermissionDenied):
            services.plan_create(by=users.district_officer, unit=unit, year=2024, symbol="KH-UBND", place="x",
                                 title="Kế hoạch", issuer_body="ỦY BAN NHÂN DÂN")
    with pytest.raises(ValidationError, match="không còn cấp huyện"):  # no district after the reform
        services.plan_create(by=users.district_officer, unit=units.district, year=2026, symbol="KH-UBND",
                             place="Văn Bàn", title="Kế hoạch", issuer_body="ỦY BAN NHÂN DÂN")


def test_only_the_district_and_its_province_edit_the_districts_plan(client, users, units, district_plan):
    neighbour = factories.DistrictOfficerFactory(
        unit=factories.UnitFactory(name="Huyện Bảo Yên", code="086", level=Level.DISTRICT,
                                   kind=Kind.RURAL_DISTRICT, parent=units.province))
    outsider = factories.DistrictOfficerFactory(unit=units.other_district)
    for user in (users.commune_officer, users.council_chair, users.sector_appraiser, neighbour):
        login(client, user)
        assert client.get(reverse("planning:detail", args=[district_plan.pk])).status_code == 200  # reads it
        assert client.get(reverse("planning:edit", args=[district_plan.pk])).status_code == 403
        with pytest.raises(PermissionDenied):
            services.plan_update(by=user, plan_id=district_plan.pk, seen_version=district_plan.version,
                                 number="9")
    login(client, outsider)
    assert client.get(reverse("planning:edit", args=[district_plan.pk])).status_code == 404
    for user in (users.district_officer, users.provincial_staff):
        login(client, user)
        assert client.get(reverse("planning:edit", args=[district_plan.pk])).status_code == 200
    plan = services.plan_update(by=users.district_officer, plan_id=district_plan.pk,
                                seen_version=district_plan.version, number="12", issued_on=dt.date(2024, 3, 1))
    assert plan.number_text == "12/KH-UBND"


def test_the_district_edits_no_plan_of_its_province(client, users, units):
    plan = services.plan_create(by=users.provincial_staff, unit=units.province, year=2024, symbol="KH-UBND",
                                place="Lào Cai", title="Kế hoạch", issuer_body="ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI")
    login(client, users.district_officer)
    assert client.get(reverse("planning:outline", args=[plan.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.plan_outline_save(by=users.district_officer, plan_id=plan.pk, seen_version=plan.version,
                                   parts=[{"kind": "other", "heading": "X"}], entries=[])
