"""What a page accepts as text is bounded and judged by what it shows; the decision form's ids are ids.

A 10 MB return reason was stored and e-mailed; a zero-width space alone was a download reason; the
decision form answered 500 on ``outcome_abc``, ``outcome_1.5`` or a 20-digit id, and decided dossier
12 for ``outcome_١٢`` (int() reads Arabic-Indic digits)."""

import pytest
from django import forms as django_forms
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Notification
from assessments import forms, services
from assessments.models import Assessment, Decision, EvidenceDownload, Score, Transition
from core.text import MAX_TEXT, visible
from criteria.selectors import owner_map
from inspections import forms as inspection_forms
from reports import forms as report_forms
from tests.assessments.conftest import appraise_all, scored_and_submitted
from tests.factories import appraise, seen
from tests.samples import png_bytes

S = Assessment.Status


def as_(user):
    c = Client()
    c.force_login(user)
    return c


def test_every_text_field_of_every_form_is_bounded():
    for module in (forms, inspection_forms, report_forms):
        for name, form in vars(module).items():
            if isinstance(form, type) and issubclass(form, django_forms.BaseForm):
                for field_name, field in form.base_fields.items():
                    if isinstance(field, django_forms.CharField):
                        assert field.max_length, f"{module.__name__}.{name}.{field_name} has no max_length"


def test_only_invisible_characters_show_nothing():
    assert visible("\u200b \u200d\ufeff\u2060\u3164\u00a0") == ""
    assert visible("\u200bCần xem hồ sơ\u200b") == "Cần xem hồ sơ"


def test_a_10_mb_return_reason_is_refused_and_nothing_is_stored_or_mailed(workflow, settings):
    w = workflow
    a = scored_and_submitted(w)
    mail.outbox.clear()
    huge = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 4096)  # as much as a form may carry: 10 MB
    response = as_(w.district).post(reverse("assessments:return", args=[a.pk]),
                                                    {"comment": huge, "version": a.version}, follow=True)
    assert f"Giá trị này chỉ có tối đa {MAX_TEXT} kí tự" in response.content.decode()
    assert Assessment.objects.get(pk=a.pk).status == S.SUBMITTED
    assert not Transition.objects.filter(assessment=a, to_status=S.RETURNED).exists()
    # only the office's notice of the submission (issue 22): nothing of a return
    assert not Notification.objects.exclude(key__contains=":submitted:").exists() and not mail.outbox


def test_a_reason_of_a_zero_width_space_is_no_reason(workflow, media):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    ev = services.evidence_add(by=w.officer, score_id=a.scores.get(criterion__number=6).pk, seen_version=seen(a),
                               upload=SimpleUploadedFile("so-theo-doi.png", png_bytes()))
    c = as_(w.province_staff)  # sees the dossier, outside the need-to-know: asked for a reason
    url = reverse("assessments:evidence", args=[ev.token])
    for reason in ("\u200b", "\u200b\u200d \ufeff", "\u3164"):
        response = c.post(url, {"reason": reason})
        assert response.status_code == 200 and not response.has_header("Content-Disposition")
        assert 'name="reason"' in response.content.decode()
    assert not EvidenceDownload.objects.exists()
    response = c.post(url, {"reason": "\u200bKiểm tra hồ sơ"})
    assert response.has_header("Content-Disposition")
    b"".join(response.streaming_content)
    assert EvidenceDownload.objects.get().reason == "\u200bKiểm tra hồ sơ"


@pytest.fixture
def appraised(workflow):
    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    appraise_all(w, Assessment.objects.get(pk=a.pk))
    services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    return Assessment.objects.get(pk=a.pk)


@pytest.mark.parametrize("key", ["outcome_abc", "outcome_1.5", "outcome_" + "9" * 20, "outcome_{arabic}"])
def test_a_decision_form_whose_outcome_is_not_an_id_is_refused_with_400(workflow, appraised, key):
    w, a = workflow, appraised
    key = key.format(arabic=str(a.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))
    response = as_(w.chair).post(reverse("assessments:decide", args=[w.round.pk]), {
        "number": "77/QĐ-UBND", "signed_on": "2024-12-05", "signer_name": "Đỗ Văn Quang",
        "signer_title": "Phó Chủ tịch", key: "yes", "confirm": "1"})
    assert response.status_code == 400
    assert Assessment.objects.get(pk=a.pk).status == S.APPRAISED and not Decision.objects.exists()


def test_a_decision_reason_over_the_bound_is_refused(workflow, appraised):
    w, a = workflow, appraised
    response = as_(w.chair).post(reverse("assessments:decide", args=[w.round.pk]), {
        "number": "77/QĐ-UBND", "signed_on": "2024-12-05", "signer_name": "Đỗ Văn Quang",
        "signer_title": "Phó Chủ tịch", f"outcome_{a.pk}": "no", f"reason_{a.pk}": "x" * (MAX_TEXT + 1),
        "confirm": "1"}, follow=True)
    assert "Lý do quá dài" in response.content.decode()
    assert Assessment.objects.get(pk=a.pk).status == S.APPRAISED and not Decision.objects.exists()


def test_an_appraisal_reason_over_the_bound_or_invisible_is_refused(workflow):
    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    number, sector = next(iter(owner_map(w.round.standard, w.round.province.code).items()))
    for reason, says in (("\u200b\u200d", "Hãy ghi lý do"), ("x" * (MAX_TEXT + 1), "lý do quá dài")):
        with pytest.raises(ValidationError) as refused:
            appraise(w.appraisers[sector.code], a, {number: {"points": "1", "reason": reason}})
        assert says in " ".join(refused.value.message_dict[number])
    assert not Score.objects.filter(assessment=a, appraised_at__isnull=False).exists()
