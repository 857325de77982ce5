"""Forms with a field per row are Django forms whose fields come from the rows the page shows (issue 21).

A field of a row family that names no row of the page (a criterion the standard lacks, another sector's
criterion, a dossier the round does not list) answers 400 with a Vietnamese message and nothing written,
and the page comes back with what was typed."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from assessments import forms, services
from assessments.models import Assessment, Decision, Score
from criteria import reference
from criteria.selectors import owner_map
from tests.assessments.conftest import appraise_all, scored_and_submitted

S = Assessment.Status


def seen(a):
    """The version the dossier's page carries now."""
    return Assessment.objects.values_list("version", flat=True).get(pk=a.pk)


def as_(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def draft(workflow):
    a = services.assessment_start(by=workflow.officer, round=workflow.round, commune=workflow.units.commune)
    services.scores_save(by=workflow.officer, assessment_id=a.pk, seen_version=a.version, points={1: 80})
    return Assessment.objects.get(pk=a.pk)


def points(a):
    return dict(Score.objects.filter(assessment=a).values_list("criterion__number", "points"))


def test_the_score_form_declares_a_field_per_criterion_and_sub_indicator(workflow):
    ref = reference.for_round(workflow.round)
    form = forms.ScoreEntryForm({"points_1": "10,5", "clear_2": "1"}, criteria=ref.criteria,
                                indicators=ref.indicators)
    assert form.is_valid()
    assert form.typed() == ({1: "10,5"}, {}, {}, {2})
    numbers = {c.number for c in ref.criteria}
    assert {f"points_{n}" for n in numbers} <= set(form.fields)
    assert all(f"fig_{c.number}_{ind.pk}_numerator" in form.fields for c in ref.criteria
               for ind in ref.indicators[c.pk])


@pytest.mark.parametrize("key", ["points_999", "note_abc", "clear_1.5", "fig_1_999999_numerator", "points_١"])
def test_a_score_field_of_no_criterion_is_refused_and_what_was_typed_stays(workflow, draft, key):
    before = points(draft)
    response = as_(workflow.officer).post(reverse("assessments:scores", args=[draft.pk]),
                                          {"version": draft.version, "points_1": "75", key: "5"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "không có trong bộ tiêu chí của đợt" in page
    assert 'name="points_1" value="75"' in page
    assert points(draft) == before and Assessment.objects.get(pk=draft.pk).version == draft.version


def test_the_preview_refuses_a_field_of_no_criterion(workflow, draft):
    response = as_(workflow.officer).post(reverse("assessments:scores_preview", args=[draft.pk]),
                                          {"version": draft.version, "points_99": "5"})
    assert response.status_code == 400
    assert "không có trong bộ tiêu chí của đợt" in response.content.decode()


def test_an_appraisal_field_of_another_sector_is_refused_and_what_was_typed_stays(workflow):
    w = workflow
    a = scored_and_submitted(w, tc6=Decimal(90))
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    owners = owner_map(w.standard, w.units.province.code)
    health = owners[6]
    other = next(n for n, s in owners.items() if s != health)
    a = Assessment.objects.get(pk=a.pk)
    for key in (f"agree_{other}", "reason_abc", "points_" + "9" * 20, "agree_999999999"):
        response = as_(w.appraisers[health.code]).post(reverse("assessments:appraisal", args=[a.pk]), {
            "version": a.version, "points_6": "80", "reason_6": "Sổ theo dõi thiếu tháng 3", key: "1"})
        assert response.status_code == 400, key
        page = response.content.decode()
        assert "không thuộc ngành của bạn" in page and "Sổ theo dõi thiếu tháng 3" in page
    assert not Score.objects.filter(assessment=a, appraised_at__isnull=False).exists()


@pytest.mark.parametrize("forged", ["outcome_999999999", "reason_abc", "outcome_" + "9" * 20])
def test_a_decision_on_a_dossier_the_round_does_not_list_is_refused_and_the_form_stays(workflow, forged):
    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    appraise_all(w, Assessment.objects.get(pk=a.pk))
    services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    response = as_(w.chair).post(reverse("assessments:decide", args=[w.round.pk]), {
        "number": "77/QĐ-UBND", "signed_on": "2024-12-05", "signer_name": "Đỗ Văn Quang",
        "signer_title": "Phó Chủ tịch", f"outcome_{a.pk}": "no", f"reason_{a.pk}": "Chưa đủ minh chứng",
        forged: "yes", "confirm": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "hồ sơ không thuộc đợt này" in page
    assert 'value="77/QĐ-UBND"' in page and 'value="Chưa đủ minh chứng"' in page
    assert '<option value="no" selected>' in page
    assert Assessment.objects.get(pk=a.pk).status == S.APPRAISED and not Decision.objects.exists()
