"""The council's member rows (issue 22): a formset whose rows are added ("Thêm thành viên": in the page by
static/js/council.js, or posted without the script and answered with one more row, nothing saved) and removed
("Xóa"); a bad row saves nothing and loses nothing typed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment
from tests.factories import seen

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(workflow):
    c = Client()
    c.force_login(workflow.officer)
    return c


def rows(*members, initial=0):
    data = {"m-TOTAL_FORMS": len(members), "m-INITIAL_FORMS": initial, "m-MIN_NUM_FORMS": 0, "m-MAX_NUM_FORMS": 1000}
    for i, m in enumerate(members):
        data.update({f"m-{i}-{k}": v for k, v in m.items()})
    return data


CHAIR = {"name": "Nguyễn Văn Hùng", "position": "Chủ tịch UBND xã", "council_role": "chair"}
DEPUTY = {"name": "Lò Thị Mai", "position": "Công chức văn hóa - xã hội", "council_role": "standing"}
BLANK = {"name": "", "position": "", "council_role": ""}


def total_forms(html):
    return int(re.search(r'name="m-TOTAL_FORMS" value="(\d+)"', html).group(1))


def test_a_new_council_offers_three_rows_and_a_row_to_copy(scored_draft, officer):
    html = officer.get(reverse("assessments:council", args=[scored_draft.pk])).content.decode()
    assert total_forms(html) == 3 and 'id="add-member"' in html
    assert 'id="council-member-template"' in html and 'name="m-__prefix__-name"' in html


def test_adding_a_row_without_the_script_keeps_everything_typed_and_saves_nothing(scored_draft, officer):
    url = reverse("assessments:council", args=[scored_draft.pk])
    r = officer.post(url, {"version": seen(scored_draft), "meeting_date": "08/11/2024",
                           "conclusion": "Đề nghị công nhận",
                           "add_member": "1", **rows(CHAIR, {**DEPUTY, "position": ""}, BLANK)})
    html = r.content.decode()
    assert r.status_code == 200 and total_forms(html) == 4  # two typed rows, the blank one, one more
    for typed in ("08/11/2024", "Đề nghị công nhận", "Nguyễn Văn Hùng", "Chủ tịch UBND xã", "Lò Thị Mai"):
        assert typed in html
    assert "is-invalid" not in html  # the half-typed row is not judged until the form is saved
    assert not hasattr(Assessment.objects.get(pk=scored_draft.pk), "council")


def test_a_bad_row_saves_nothing_and_comes_back_as_typed(scored_draft, officer):
    url = reverse("assessments:council", args=[scored_draft.pk])
    r = officer.post(url, {"version": seen(scored_draft), "meeting_date": "08/11/2024",
                           "conclusion": "Đề nghị công nhận",
                           **rows(CHAIR, {**DEPUTY, "position": ""}, BLANK)})
    html = r.content.decode()
    assert r.status_code == 400 and "is-invalid" in html
    assert "Nguyễn Văn Hùng" in html and "Lò Thị Mai" in html and total_forms(html) == 3
    assert not hasattr(Assessment.objects.get(pk=scored_draft.pk), "council")


def test_rows_are_added_and_a_member_marked_xoa_is_removed(workflow, scored_draft, officer):
    url = reverse("assessments:council", args=[scored_draft.pk])
    base = {"meeting_date": "08/11/2024", "conclusion": "Đề nghị công nhận"}
    r = officer.post(url, {"version": seen(scored_draft), **base, **rows(CHAIR, DEPUTY, BLANK)}, follow=True)
    assert "Đã lưu thông tin Hội đồng đánh giá." in r.content.decode()
    council = Assessment.objects.get(pk=scored_draft.pk).council
    assert sorted(council.members.values_list("name", flat=True)) == ["Lò Thị Mai", "Nguyễn Văn Hùng"]
    html = officer.get(url).content.decode()
    assert total_forms(html) == 3  # the two members and one blank row
    third = {"name": "Hoàng Văn Nam", "position": "Trưởng công an xã", "council_role": "member"}
    r = officer.post(url, {"version": seen(scored_draft), **base,
                           **rows(CHAIR, {**DEPUTY, "DELETE": "on"}, BLANK, third, initial=2)}, follow=True)
    assert "Đã lưu thông tin Hội đồng đánh giá." in r.content.decode()
    assert sorted(council.members.values_list("name", flat=True)) == ["Hoàng Văn Nam", "Nguyễn Văn Hùng"]
