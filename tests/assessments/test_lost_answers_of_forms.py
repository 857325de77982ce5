"""A save that reached the server but whose answer was lost, sent again from the same page (issue 25), on
the forms of several values other than the scoring page: the sector's appraisal and the decision's list.
What is stored equals what was sent, so the page is told "đã lưu" and nothing is written a second time
(core.locking.check_version_or_repeat decides); other values from the older page are still a stale edit."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Decision, Score, Transition
from criteria.selectors import owner_map
from tests.assessments.conftest import scored_and_submitted
from tests.factories import AssessmentFactory, seen

pytestmark = pytest.mark.django_db
S = Assessment.Status
REPEATED = "được lưu một lần, không lưu lại lần nữa"
STALE = "vừa được người khác cập nhật"


@pytest.fixture
def accepted(workflow):
    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    owners = owner_map(w.standard, w.units.province.code)
    numbers = sorted(n for n, s in owners.items() if s.code == "health")
    return SimpleNamespace(a=a, numbers=numbers, appraiser=w.appraisers["health"])


def appraisal_post(accepted, version, points="20", reason="Số liệu trạm y tế khác"):
    first, *rest = accepted.numbers
    data = {"version": version, f"points_{first}": points, f"reason_{first}": reason}
    data.update({f"agree_{n}": "1" for n in rest})
    return data


def shown(client, response):
    return client.get(response["Location"]).content.decode()


# --- the appraisal ------------------------------------------------------------------------------

def test_the_same_appraisal_sent_again_is_saved_once_and_said_so(workflow, accepted, client):
    a, first = accepted.a, accepted.numbers[0]
    client.force_login(accepted.appraiser)
    url = reverse("assessments:appraisal", args=[a.pk])
    data = appraisal_post(accepted, seen(a))
    assert client.post(url, data).status_code == 302
    version, history = seen(a), Score.history.filter(assessment_id=a.pk).count()
    again = client.post(url, data)  # the page never got the first answer: the same values, its old version
    assert again.status_code == 302
    page = shown(client, again)
    assert "Đã lưu kết quả thẩm định." in page and f"kết quả thẩm định {REPEATED}" in page
    assert STALE not in page and "alert-danger" not in page
    assert seen(a) == version and Score.history.filter(assessment_id=a.pk).count() == history  # written once
    assert Score.objects.get(assessment=a, criterion__number=first).appraised_points == 20


def test_an_older_appraisal_page_with_other_values_is_still_a_stale_edit(workflow, accepted, client):
    a, first = accepted.a, accepted.numbers[0]
    client.force_login(accepted.appraiser)
    url = reverse("assessments:appraisal", args=[a.pk])
    old = seen(a)
    client.post(url, appraisal_post(accepted, old))
    response = client.post(url, appraisal_post(accepted, old, points="21"))
    assert response.status_code == 400 and STALE in response.content.decode()
    assert Score.objects.get(assessment=a, criterion__number=first).appraised_points == 20


def test_the_service_says_repeated_and_writes_nothing(workflow, accepted):
    a, first = accepted.a, accepted.numbers[0]
    rows = {first: {"points": "20", "reason": "Sổ"}, **{n: {"agree": True} for n in accepted.numbers[1:]}}
    old = seen(a)
    saved = services.scores_appraise(by=accepted.appraiser, assessment_id=a.pk, rows=rows, seen_version=old)
    assert not saved.repeated and len(saved) == len(accepted.numbers)
    again = services.scores_appraise(by=accepted.appraiser, assessment_id=a.pk, rows=rows, seen_version=old)
    assert again.repeated and {s.criterion.number for s in again} == set(accepted.numbers)
    assert seen(a) == old + 1
    with pytest.raises(ValidationError, match=STALE):  # one row differs: someone else's save is not undone
        services.scores_appraise(by=accepted.appraiser, assessment_id=a.pk, seen_version=old,
                                 rows={**rows, first: {"points": "20", "reason": "Sổ khác"}})
    with pytest.raises(ValidationError, match="không cho biết phiên bản"):  # no version: refused as before
        services.scores_appraise(by=accepted.appraiser, assessment_id=a.pk, rows=rows, seen_version="")


# --- the decision's list ------------------------------------------------------------------------

@pytest.fixture
def to_decide(workflow):
    w = workflow
    passing = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state=S.APPRAISED)
    failing = AssessmentFactory(round=w.round, commune=w.units.neighbour, officer=w.neighbour_officer,
                                state=S.APPRAISED, points={7: 0})
    return passing, failing


def decision_post(to_decide, **changes):
    passing, failing = to_decide
    return {"number": "125/QĐ-UBND", "signed_on": "05/12/2024", "signer_name": "Đỗ Văn Quang",
            "signer_title": "Phó Chủ tịch", f"outcome_{passing.pk}": "yes", f"outcome_{failing.pk}": "no",
            f"reason_{failing.pk}": "Tiêu chí 7 đạt 0 điểm", "confirm": "1",
            **{f"version_{a.pk}": seen(a) for a in to_decide}, **changes}


def test_the_same_decision_confirmed_again_is_recorded_once_and_said_so(workflow, to_decide, client):
    passing, failing = to_decide
    client.force_login(workflow.chair)
    url = reverse("assessments:decide", args=[workflow.round.pk])
    data = decision_post(to_decide)
    first = client.post(url, data)
    decision = Decision.objects.get()
    assert first.status_code == 302 and first["Location"] == reverse("assessments:decision", args=[decision.pk])
    versions, moves = [seen(a) for a in to_decide], Transition.objects.count()
    again = client.post(url, data)  # the answer was lost: the same confirmation, the dossiers' old versions
    assert again.status_code == 302 and again["Location"] == first["Location"]
    page = shown(client, again)
    assert "Đã ghi nhận quyết định công nhận." in page and f"quyết định {REPEATED}" in page
    assert "đã được sử dụng" not in page and "alert-danger" not in page
    assert Decision.objects.count() == 1 and Transition.objects.count() == moves
    assert [seen(a) for a in to_decide] == versions
    assert {a.pk: (a.status, a.decision_reason) for a in Assessment.objects.filter(round=workflow.round)} == {
        passing.pk: (S.RECOGNISED, ""), failing.pk: (S.NOT_RECOGNISED, "Tiêu chí 7 đạt 0 điểm")}


@pytest.mark.parametrize("change", ["signer", "reason", "outcome", "fewer"])
def test_another_decision_under_a_number_taken_is_still_refused(workflow, to_decide, client, change):
    passing, failing = to_decide
    client.force_login(workflow.chair)
    url = reverse("assessments:decide", args=[workflow.round.pk])
    data = decision_post(to_decide)
    client.post(url, data)
    other = {"signer": {"signer_name": "Nguyễn Văn Khác"},
             "reason": {f"reason_{failing.pk}": "Lý do khác"},
             "outcome": {f"outcome_{failing.pk}": "", f"reason_{failing.pk}": ""},
             "fewer": {f"outcome_{passing.pk}": ""}}[change]
    response = client.post(url, {**data, **other})
    assert response.status_code == 400 and "Số quyết định 125/QĐ-UBND đã được sử dụng." in response.content.decode()
    assert Decision.objects.count() == 1


def test_a_decision_left_without_a_reason_is_repeated_with_the_reason_the_service_wrote(workflow, to_decide):
    passing, failing = to_decide
    w = workflow
    versions = {a.pk: seen(a) for a in to_decide}
    kwargs = dict(by=w.chair, round=w.round, issuer=w.chair.unit, number="7/QĐ-UBND",
                  signed_on=datetime.date(2024, 12, 5), signer_name="Đỗ Văn Quang", signer_title="Phó Chủ tịch",
                  outcomes={passing.pk: (True, ""), failing.pk: (False, "")}, seen_versions=versions)
    first = services.decision_issue(**kwargs)
    assert not first.repeated and Assessment.objects.get(pk=failing.pk).decision_reason  # written by the service
    again = services.decision_issue(**kwargs)
    assert again.repeated and again.pk == first.pk and Decision.objects.count() == 1
    assert Decision.history.count() == 1


# --- the council ----------------------------------------------------------------------------------

MEMBERS = [{"name": "Nguyễn Văn Hùng", "position": "Chủ tịch UBND xã", "council_role": "chair"},
           {"name": "Lò Thị Mai", "position": "Công chức văn hóa - xã hội", "council_role": "standing"}]


def council_post(version, members=MEMBERS, **changes):
    data = {"version": version, "meeting_date": "08/11/2024", "conclusion": "Đề nghị công nhận",
            "m-TOTAL_FORMS": len(members), "m-INITIAL_FORMS": 0, "m-MIN_NUM_FORMS": 0, "m-MAX_NUM_FORMS": 1000}
    for i, m in enumerate(members):
        data.update({f"m-{i}-{k}": v for k, v in m.items()})
    return {**data, **changes}


def test_the_same_council_sent_again_is_saved_once_and_said_so(workflow, scored_draft, client, media):
    from assessments.models import CouncilMember

    a = scored_draft
    client.force_login(workflow.officer)
    url = reverse("assessments:council", args=[a.pk])
    old = seen(a)
    assert client.post(url, council_post(old)).status_code == 302
    version, members = seen(a), CouncilMember.history.count()
    again = client.post(url, council_post(old))
    assert again.status_code == 302
    page = shown(client, again)
    assert "Đã lưu thông tin Hội đồng đánh giá." in page and f"thông tin Hội đồng {REPEATED}" in page
    assert seen(a) == version and CouncilMember.history.count() == members  # the members not rewritten
    other = client.post(url, council_post(old, members=MEMBERS[:1]))  # one member fewer: not what is stored
    assert other.status_code == 400 and STALE in other.content.decode()


def test_a_council_sent_again_with_its_minutes_is_a_repeat_only_for_the_same_file(workflow, scored_draft, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.samples import pdf_bytes

    a, w = scored_draft, workflow
    old, content = seen(a), pdf_bytes()
    kwargs = dict(by=w.officer, assessment_id=a.pk, seen_version=old, meeting_date=datetime.date(2024, 11, 8),
                  conclusion="Đề nghị công nhận", members=MEMBERS)
    first = services.council_save(**kwargs, minutes=SimpleUploadedFile("bien-ban.pdf", content))
    assert not first.repeated
    again = services.council_save(**kwargs, minutes=SimpleUploadedFile("bien-ban.pdf", content))
    assert again.repeated and again.minutes.name == first.minutes.name and seen(a) == old + 1
    assert services.council_save(**kwargs).repeated  # no file chosen: the meeting and members are what counts
    with pytest.raises(ValidationError, match=STALE):  # another file: a change
        services.council_save(**kwargs, minutes=SimpleUploadedFile("bien-ban.pdf", pdf_bytes(pages=2)))
