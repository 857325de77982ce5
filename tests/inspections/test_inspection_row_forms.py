"""The inspection forms with a field per row (the findings' ``f-p<criterion id>``, the assignment's
``a-c<criterion id>``, the unit report's ``r-s<section id>``) are Django forms with declared fields: a posted
field of the same family that names no row of the page (letters, 20 digits, Arabic-Indic digits, another
department's criterion, a criterion of another standard, another plan's section) answers 400 with the
Vietnamese message and writes nothing."""

from django.urls import reverse

from criteria.models import Criterion, Standard
from inspections import services
from inspections.models import CriterionAssignment, Finding, OutlineSection, UnitReport
from tests.factories import plan_seen
from tests.inspections.conftest import PLAN_FIELDS

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def other_standards_criterion(world):
    other = Standard.objects.create(code="KHAC/2019", title="Bộ khác", issued_on=world.standard.issued_on,
                                    in_force_from=world.standard.in_force_from, total_points=100,
                                    threshold_city_ward=90, threshold_other=80, threshold_remote=70)
    return Criterion.objects.create(standard=other, number=1, name="Khác", max_points=100,
                                    default_sector=world.sectors["health"])


def forged_ids(world, own):
    """Ids that name no row of the page: letters, a fraction, 20 digits, one of the page's in Arabic-Indic
    digits, a criterion of no plan, and ``own``'s other rows."""
    return ["abc", "1.5", "9" * 20, str(own).translate(ARABIC_INDIC), "999999999"]


def test_a_finding_of_no_row_of_the_page_is_refused_and_nothing_is_written(client, plan, world, start_plan):
    plan = start_plan(plan)
    client.force_login(world.users.health)  # Y tế re-checks criteria 2 and 3 (Lào Cai's ownership)
    url = reverse("inspections:findings", kwargs={"pk": plan.pk, "unit_pk": world.vo_lao.pk})
    valid = {"f-version": plan_seen(plan), f"f-p{world.criteria[2].pk}": "40", f"f-p{world.criteria[3].pk}": "60"}
    foreign = [world.criteria[1].pk, world.criteria[4].pk, other_standards_criterion(world).pk]  # not Y tế's
    for bad in forged_ids(world, world.criteria[2].pk) + [str(pk) for pk in foreign]:
        for family in ("f-p", "f-n"):
            response = client.post(url, {**valid, family + bad: "50"})
            assert response.status_code == 400, (family, bad)
            assert "biểu mẫu gửi kèm tiêu chí không thuộc ngành của bạn" in response.content.decode()
            assert 'value="40"' in response.content.decode()  # what was typed is shown again
            assert not Finding.objects.exists()
    assert client.post(url, valid).status_code == 302
    assert Finding.objects.count() == 2


def test_an_assignment_of_a_criterion_the_standard_lacks_is_refused(client, plan, world):
    client.force_login(world.users.planner)
    url = reverse("inspections:assignment", args=[plan.pk])
    before = sorted(CriterionAssignment.objects.filter(plan=plan).values_list("criterion_id", "sector_id"))
    valid = {"a-version": plan_seen(plan), **{f"a-c{c}": world.sectors["health"].pk for c, _s in before}}
    for bad in forged_ids(world, before[0][0]) + [str(other_standards_criterion(world).pk)]:
        response = client.post(url, {**valid, "a-c" + bad: world.sectors["health"].pk})
        assert response.status_code == 400, bad
        assert "không thuộc bộ tiêu chuẩn của kế hoạch" in response.content.decode()
        assert sorted(CriterionAssignment.objects.filter(plan=plan).values_list("criterion_id", "sector_id")) == before
    assert client.post(url, valid).status_code == 302
    assert set(CriterionAssignment.objects.filter(plan=plan).values_list("sector_id", flat=True)) == {
        world.sectors["health"].pk}


def test_a_report_answering_another_plans_section_is_refused(client, plan, world, start_plan):
    plan = start_plan(plan)
    other = services.inspection_create(by=world.users.planner, issuer=world.lao_cai, standard=world.standard,
                                       **PLAN_FIELDS)
    foreign = OutlineSection.objects.create(plan=other, order=1, code="B", title="Khác")
    section = plan.outline.get()
    client.force_login(world.users.commune)
    url = reverse("inspections:unit_report", args=[plan.pk, world.vo_lao.pk])
    valid = {"r-version": plan_seen(plan), f"r-s{section.pk}": "Trẻ em được chăm sóc."}
    for bad in forged_ids(world, section.pk) + [str(foreign.pk)]:
        response = client.post(url, {**valid, "r-s" + bad: "Nội dung"})
        assert response.status_code == 400, bad
        assert "mục không có trong đề cương của kế hoạch" in response.content.decode()
        assert not UnitReport.objects.exists()
    assert client.post(url, valid).status_code == 302
    assert UnitReport.objects.get().answers == {str(section.pk): "Trẻ em được chăm sóc."}
