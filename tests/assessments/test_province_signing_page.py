"""The province's rule for the record of its acts (issue 24): its own staff require the electronic path, or stop
requiring it, on a page of their own province (assessments:province_signing), with the history of each change;
another province's staff cannot set it (404 on the page, PermissionDenied in the service), nor can anyone else."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessments import signing
from assessments.models import ProvinceSigning
from tests import factories

SOURCE = "Công văn số 12/UBND-VX ngày 02/12/2026 của UBND tỉnh (minh họa cho kiểm thử)"


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def other_staff(units):
    return factories.ProvincialStaffFactory(unit=units.other_province)


def test_the_provinces_staff_require_the_electronic_path_and_the_history_keeps_each_change(client, workflow):
    w = workflow
    url = reverse("assessments:province_signing", args=[w.units.province.pk])
    client.force_login(w.province_staff)
    page = text(client.get(url))
    assert "Tỉnh chưa bắt buộc văn bản điện tử ký số" in page and "Chưa có thay đổi nào" in page
    assert signing.paper_allowed(w.round)

    response = client.post(url, {"electronic_required": "on", "source": SOURCE})
    assert response.status_code == 302 and response["Location"] == url
    rule = ProvinceSigning.objects.get(province=w.units.province)
    assert rule.electronic_required and rule.source == SOURCE
    assert not signing.paper_allowed(w.round)  # the round's own setting (paper) no longer counts
    page = text(client.get(url))
    assert "Tỉnh bắt buộc văn bản điện tử ký số trong mọi đợt đánh giá" in page
    assert "Không (tỉnh bắt buộc ký số)" in page  # the 2024 round, whose own setting takes the paper path
    assert f"{w.province_staff.display_name} Có {SOURCE}" in page

    client.post(url, {"source": ""})  # no longer required
    client.post(url, {"source": ""})  # the same again: no line added
    assert signing.paper_allowed(w.round)
    history = list(ProvinceSigning.history.filter(province_id=w.units.province.pk).order_by("history_date"))
    assert [(h.electronic_required, h.history_user) for h in history] == [(True, w.province_staff),
                                                                         (False, w.province_staff)]
    # the round page links the rule and says what it leaves
    assert "Quy định ký số của tỉnh" in text(client.get(reverse("assessments:round", args=[w.round.pk])))


def test_another_provinces_staff_cannot_see_or_set_it(client, workflow, other_staff):
    w = workflow
    url = reverse("assessments:province_signing", args=[w.units.province.pk])
    client.force_login(other_staff)
    assert client.get(url).status_code == 404
    assert client.post(url, {"electronic_required": "on", "source": SOURCE}).status_code == 404
    with pytest.raises(PermissionDenied):
        signing.province_signing_set(by=other_staff, province=w.units.province, electronic_required=True)
    assert not ProvinceSigning.objects.exists()
    # its own province's page is its to set
    own = reverse("assessments:province_signing", args=[w.units.other_province.pk])
    assert client.post(own, {"electronic_required": "on", "source": SOURCE}).status_code == 302
    assert list(ProvinceSigning.objects.values_list("province", "electronic_required")) == [
        (w.units.other_province.pk, True)]


def test_others_in_the_province_and_the_ministry_read_it_and_cannot_set_it(client, workflow):
    w = workflow
    url = reverse("assessments:province_signing", args=[w.units.province.pk])
    for user in (w.district, w.chair, w.officer, w.users.national_staff, w.users.sysadmin):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200 and "Chỉ cán bộ cấp tỉnh của Tỉnh Lào Cai" in text(page), user
        assert client.post(url, {"electronic_required": "on", "source": SOURCE}).status_code == 403, user
        with pytest.raises(PermissionDenied):
            signing.province_signing_set(by=user, province=w.units.province, electronic_required=True)
    assert not ProvinceSigning.objects.exists()


def test_a_district_is_not_a_province(workflow):
    with pytest.raises(PermissionDenied):
        signing.province_signing_set(by=workflow.province_staff, province=workflow.units.district,
                                     electronic_required=True)

