"""Opening a round proposes the deadlines of the province's plan of that year (issue 27: "the round's deadlines come
from it"): the opening form is pre-filled with each day the plan sets and, beside it, the plan as its source; every
value stays editable and what is posted is what is opened (a source kept as written); the round keeps its link to
the plan. Without a plan of the year the form proposes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from assessments.models import Round
from planning import documents, services
from planning.models import RoundLink
from tests.planning.test_plan_pages import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(users, units):
    staff = users.provincial_staff
    plan = services.plan_create(by=staff, unit=units.province, year=2024, symbol="KH-UBND", place="Lào Cai",
                                title="Xây dựng xã, phường phù hợp với trẻ em năm 2024", number="88",
                                issued_on=dt.date(2024, 3, 5), issuer_body="ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI")
    return services.plan_outline_save(
        by=staff, plan_id=plan.pk, seen_version=plan.version,
        parts=[{"kind": "organisation", "heading": "TỔ CHỨC THỰC HIỆN"}],
        entries=[{"part": 1, "depth": 1, "kind": "task", "level": "commune", "heading": "UBND các xã",
                  "text": "Gửi hồ sơ về huyện trước ngày 15/11/2024.", "due_on": dt.date(2024, 11, 15),
                  "deadline": "submission"},
                 {"part": 1, "depth": 1, "kind": "report", "level": "district", "heading": "UBND các huyện",
                  "text": "Báo cáo kết quả về Sở trước ngày 30 tháng 11 hằng năm.", "due_on": dt.date(2024, 11, 30),
                  "yearly": True, "deadline": "district_report"}])


def _form_post(initial, standard, **changes):
    data = {"year": 2024, "standard": standard.pk, "period_start": "2023-11-01", "period_end": "2024-10-31",
            "appraisal_due": "2024-11-25", "decision_due": "2024-12-05", "report_due": "2024-12-10"}
    for key in ("deadlines_source", "submission_source", "district_report_source"):
        data[key] = initial[key]
    data["submission_due"] = initial["submission_due"].isoformat()
    data["district_report_due"] = initial["district_report_due"].isoformat()
    return data | changes


def test_the_form_is_pre_filled_with_the_plans_deadlines_and_their_source(client, users, plan, standard):
    login(client, users.provincial_staff)
    page = client.get(reverse("assessments:round_new") + "?year=2024")
    initial = page.context["form"].initial
    citation = "Kế hoạch số 88/KH-UBND ngày 5/3/2024 của Ủy ban nhân dân tỉnh Lào Cai"
    assert initial["deadlines_source"] == documents.citation(plan) == citation
    assert initial["submission_due"] == dt.date(2024, 11, 15)
    assert initial["submission_source"].startswith(f"{citation}, mục I.1: “")
    assert initial["submission_source"].endswith("Gửi hồ sơ về huyện trước ngày 15/11/2024.”")
    assert initial["district_report_due"] == dt.date(2024, 11, 30)
    assert "mục I.2" in initial["district_report_source"] and "hằng năm" in initial["district_report_source"]
    html = page.content.decode()
    assert 'id="round-proposed-by"' in html and 'value="2024-11-15"' in html and citation in html

    # the officer moves the communes' day, keeps its source as written: that is what is opened, linked to the plan
    response = client.post(reverse("assessments:round_new") + "?year=2024",
                           _form_post(initial, standard, submission_due="2024-11-14"))
    r = Round.objects.get()
    assert response.status_code == 302 and r.submission_due == dt.date(2024, 11, 14)
    assert (r.submission_source, r.district_report_source, r.deadlines_source) == (
        initial["submission_source"], initial["district_report_source"], citation)
    assert RoundLink.objects.get(round=r).plan == plan
    assert r.district_report_due == dt.date(2024, 11, 30)


def test_a_round_named_for_another_text_is_not_linked_to_the_plan(client, users, plan, standard):
    login(client, users.provincial_staff)
    initial = client.get(reverse("assessments:round_new") + "?year=2024").context["form"].initial
    client.post(reverse("assessments:round_new"),
                _form_post(initial, standard, deadlines_source="Công văn số 12/SLĐTBXH ngày 1/3/2024"))
    assert Round.objects.get().deadlines_source == "Công văn số 12/SLĐTBXH ngày 1/3/2024"
    assert not RoundLink.objects.exists()


def test_a_year_without_a_plan_proposes_nothing(client, users, plan):
    login(client, users.provincial_staff)
    page = client.get(reverse("assessments:round_new") + "?year=2023")
    assert "submission_due" not in page.context["form"].initial and page.context["form"].initial["year"] == 2023
    assert 'id="round-no-plan"' in page.content.decode()
    for wrong in ("abc", "1999"):  # a year not understood: this year's plan, if any
        assert client.get(reverse("assessments:round_new") + f"?year={wrong}").status_code == 200
