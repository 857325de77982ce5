"""The decision form acts on many at once, never by accident (issue 22): nothing is chosen until the chair
chooses; "Chọn tất cả hồ sơ đạt chuẩn" chooses the passing dossiers (static/js/decision.js, or
?chon=dat-chuan without JavaScript); the confirmation step lists exactly what will be decided."""

import re

import pytest
from django.urls import reverse

from assessments.models import Assessment, Decision
from tests.factories import AssessmentFactory, seen

pytestmark = pytest.mark.django_db
S = Assessment.Status


@pytest.fixture
def to_decide(workflow):
    """Khánh Yên passing (every criterion at its maximum), Võ Lao failing (criterion 7 at 0), both appraised."""
    w = workflow
    passing = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state=S.APPRAISED)
    failing = AssessmentFactory(round=w.round, commune=w.units.neighbour, officer=w.neighbour_officer,
                                state=S.APPRAISED, points={7: 0})
    assert passing.meets_standard and not failing.meets_standard
    return passing, failing


def chosen(page, a):
    """The option chosen in dossier ``a``'s select ("" for none)."""
    select = re.search(rf'<select[^>]*name="outcome_{a.pk}"[^>]*>(.*?)</select>', page, re.S)[1]
    found = re.findall(r'<option value="(\w*)" selected>', select)
    return found[0] if found else ""


def test_the_decision_form_chooses_nothing_until_the_chair_does(workflow, to_decide, client):
    passing, failing = to_decide
    client.force_login(workflow.chair)
    page = client.get(reverse("assessments:round", args=[workflow.round.pk])).content.decode()
    assert (chosen(page, passing), chosen(page, failing)) == ("", "")
    assert 'id="select-passing"' in page and "Chọn tất cả hồ sơ đạt chuẩn (1)" in page
    assert "js/decision.js" in page
    assert f'name="outcome_{passing.pk}" id="outcome_{passing.pk}" data-passing' in page
    assert f'name="outcome_{failing.pk}" id="outcome_{failing.pk}">' in page


def test_choosing_every_passing_dossier_works_without_javascript(workflow, to_decide, client):
    passing, failing = to_decide
    client.force_login(workflow.chair)
    url = reverse("assessments:round", args=[workflow.round.pk])
    page = client.get(url + "?sort=status").content.decode()
    assert 'href="?sort=status&amp;chon=dat-chuan#quyet-dinh"' in page  # the list keeps its order
    page = client.get(url + "?sort=status&chon=dat-chuan").content.decode()
    assert (chosen(page, passing), chosen(page, failing)) == ("yes", "")


def test_nothing_chosen_decides_nothing_and_keeps_what_was_typed(workflow, to_decide, client):
    client.force_login(workflow.chair)
    response = client.post(reverse("assessments:decide", args=[workflow.round.pk]), {
        "number": "125/QĐ-UBND", "signed_on": "05/12/2024", "signer_name": "Đỗ Văn Quang",
        "signer_title": "Phó Chủ tịch", **{f"version_{a.pk}": seen(a) for a in to_decide}})
    page = response.content.decode()
    assert response.status_code == 400 and "Quyết định phải có ít nhất một xã, phường" in page
    assert 'value="125/QĐ-UBND"' in page and not Decision.objects.exists()


def test_the_confirmation_lists_exactly_what_will_be_decided(workflow, to_decide, client):
    passing, failing = to_decide
    client.force_login(workflow.chair)
    data = {"number": "125/QĐ-UBND", "signed_on": "05/12/2024", "signer_name": "Đỗ Văn Quang",
            "signer_title": "Phó Chủ tịch", f"outcome_{passing.pk}": "yes", f"outcome_{failing.pk}": "",
            **{f"version_{a.pk}": seen(a) for a in to_decide}}
    url = reverse("assessments:decide", args=[workflow.round.pk])
    page = client.post(url, data).content.decode()
    details = re.search(r'<ul class="mb-2" id="confirm-details">(.*?)</ul>', page, re.S)[1]
    assert re.findall(r"<li>(.*?)</li>", details) == [
        "Thị trấn Khánh Yên được công nhận đạt chuẩn theo quyết định này."]
    assert "Quyết định gồm 1 xã, phường: 1 được công nhận, 0 không được công nhận." in page
    assert not Decision.objects.exists()
    data.update({f"outcome_{failing.pk}": "no", f"reason_{failing.pk}": "Tiêu chí 7 đạt 0 điểm"})
    page = client.post(url, data).content.decode()
    details = re.search(r'<ul class="mb-2" id="confirm-details">(.*?)</ul>', page, re.S)[1]
    assert re.findall(r"<li>(.*?)</li>", details) == [
        "Thị trấn Khánh Yên được công nhận đạt chuẩn theo quyết định này.",
        "Xã Võ Lao không được công nhận; lý do được ghi vào quyết định. (Tiêu chí 7 đạt 0 điểm)"]
    assert "Quyết định gồm 2 xã, phường: 1 được công nhận, 1 không được công nhận." in page
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    assert {a.pk: a.status for a in Assessment.objects.filter(round=workflow.round)} == {
        passing.pk: S.RECOGNISED, failing.pk: S.NOT_RECOGNISED}
