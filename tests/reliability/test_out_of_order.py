"""Moves out of order and replayed form posts, through the real pages with signed-in sessions:
each is refused with a message that names the state, and nothing changes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Decision, Transition
from tests.assessments.conftest import appraise_all, scored_and_submitted
from tests.factories import seen, versions
from tests.reliability.conftest import page_messages, post, sign_in, snapshot

pytestmark = pytest.mark.django_db
S = Assessment.Status


def act(c, name, a, data=None):
    confirmed = name in ("submit", "accept", "complete_appraisal")  # the post of the confirmation step
    if confirmed and data is None:
        # the version of the page the person has open: a replayed submission repeats the page it was
        # sent from (``a`` as it was); the other moves are pressed on the page as it stands now
        data = {"version": a.version if name == "submit" else Assessment.objects.get(pk=a.pk).version}
    if confirmed:
        data = {**(data or {}), "confirm": "1"}
    data = {"version": Assessment.objects.get(pk=a.pk).version, **(data or {})}  # every form carries it
    return post(c, reverse(f"assessments:{name}", args=[a.pk]), data, follow=True)


def appraise(c, a, data):
    """The sector's appraisal form posted from the page as it stands now (its version)."""
    version = Assessment.objects.get(pk=a.pk).version
    return post(c, reverse("assessments:appraisal", args=[a.pk]), {"version": version, **data}, follow=True)


def decide(c, w, outcomes, number="1234/QĐ-UBND"):
    data = {"number": number, "signed_on": "2024-12-05", "signer_name": "Đỗ Văn Quang",
            "signer_title": "Phó Chủ tịch UBND huyện", "confirm": "1"}
    for a, yes in outcomes:
        data[f"outcome_{a.pk}"] = "yes" if yes else "no"
        data[f"version_{a.pk}"] = seen(a)
    return post(c, reverse("assessments:decide", args=[w.round.pk]), data, follow=True)


def refused(response, *fragments):
    text = " ".join(page_messages(response))
    assert all(f in text for f in fragments), page_messages(response)
    assert not any(m.startswith("Đã ") for m in page_messages(response)), page_messages(response)


def appraised(w):
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    appraise_all(w, a)
    services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    return Assessment.objects.get(pk=a.pk)


def test_a_replayed_submission_is_refused_and_recorded_once(workflow):
    w = workflow
    a = scored_and_submitted(w)
    services.assessment_return(by=w.district, assessment_id=a.pk, seen_version=seen(a), comment="Bổ sung minh chứng")
    a.refresh_from_db()  # the page the officer loads after the return; the replay posts it again
    c = sign_in(w.officer)
    assert "Đã nộp hồ sơ lên cơ quan công nhận." in page_messages(act(c, "submit", a))
    before = snapshot()
    refused(act(c, "submit", a), "Không thể chuyển hồ sơ từ trạng thái “Đã nộp hồ sơ” sang “Đã nộp hồ sơ”.")
    assert snapshot() == before
    assert list(a.transitions.values_list("to_status", flat=True)) == [S.SUBMITTED, S.RETURNED, S.SUBMITTED]


def test_the_recognising_unit_cannot_accept_a_draft_or_accept_twice(workflow):
    w = workflow
    draft = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    c = sign_in(w.district)
    before = snapshot()
    refused(act(c, "accept", draft), "Không thể chuyển hồ sơ từ trạng thái “Đang chấm điểm”")
    assert snapshot() == before

    a = scored_and_submitted(w, commune=w.units.neighbour, officer=w.neighbour_officer)
    assert "Đã tiếp nhận hồ sơ, chuyển các ngành thẩm định." in page_messages(act(c, "accept", a))
    before = snapshot()
    refused(act(sign_in(w.chair), "accept", a), "từ trạng thái “Hồ sơ hợp lệ, đang thẩm định”")
    refused(act(c, "return", a, {"comment": "Thiếu biên bản"}), "Không thể chuyển")
    assert snapshot() == before
    assert a.transitions.filter(to_status=S.ACCEPTED).count() == 1


def test_appraisal_before_acceptance_or_after_completion_is_refused(workflow):
    w = workflow
    a = scored_and_submitted(w)
    justice = sign_in(w.appraisers["justice"])
    before = snapshot()
    refused(appraise(justice, a, {"agree_2": "1"}), "Chỉ thẩm định hồ sơ đã được tiếp nhận hợp lệ", "Đã nộp hồ sơ")
    refused(act(sign_in(w.district), "complete_appraisal", a), "Không thể chuyển")
    assert snapshot() == before

    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    before = snapshot()
    refused(act(sign_in(w.district), "complete_appraisal", a), "Các tiêu chí chưa được ngành thẩm định: 1, 2")
    assert snapshot() == before

    appraise_all(w, Assessment.objects.get(pk=a.pk))
    services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    before = snapshot()
    refused(appraise(justice, a, {"points_2": "10", "reason_2": "Muộn"}),
            "Chỉ thẩm định hồ sơ đã được tiếp nhận hợp lệ", "Đã thẩm định")
    refused(act(sign_in(w.district), "complete_appraisal", a), "Không thể chuyển")
    assert snapshot() == before


def test_a_criterion_of_another_sector_cannot_be_appraised(workflow):
    w = workflow
    a = scored_and_submitted(w)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    before = snapshot()
    for sector in ("justice", "education", "police"):  # criterion 7 (immunisation) is Health's
        r = appraise(sign_in(w.appraisers[sector]), a, {"points_7": "0", "reason_7": "Không đạt"})
        assert r.status_code == 400, sector
        refused(r, "không thuộc ngành của bạn")
    with pytest.raises(PermissionDenied):  # the service refuses it too, whatever page sent it
        services.scores_appraise(by=w.appraisers["justice"], assessment_id=a.pk,
                                 rows={7: {"points": 0, "reason": "Không đạt"}},
                                 seen_version=Assessment.objects.get(pk=a.pk).version)
    assert snapshot() == before
    r = appraise(sign_in(w.appraisers["health"]), a, {"agree_7": "1"})
    assert "Đã ghi kết quả thẩm định tiêu chí 7." in page_messages(r)


def test_a_decision_before_appraisal_is_refused_and_leaves_no_decision(workflow):
    w = workflow
    ready = appraised(w)
    a = scored_and_submitted(w, commune=w.units.neighbour, officer=w.neighbour_officer)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    before = snapshot()
    r = decide(sign_in(w.chair), w, [(ready, True), (a, True)])
    refused(r, "Không thể chuyển hồ sơ từ trạng thái “Hồ sơ hợp lệ, đang thẩm định” sang “Được công nhận”.")
    assert snapshot() == before and not Decision.objects.exists()  # all or nothing: ready was not decided


def test_a_replayed_decision_is_refused_and_nothing_is_decided_twice(workflow):
    w = workflow
    a = appraised(w)
    c = sign_in(w.chair)
    assert "Đã ghi nhận quyết định công nhận." in page_messages(decide(c, w, [(a, True)]))
    before = snapshot()
    refused(decide(c, w, [(a, True)]), "Số quyết định 1234/QĐ-UBND đã được sử dụng.")  # the same post again
    refused(decide(c, w, [(a, False)], number="1235/QĐ-UBND"), "Không thể chuyển", "Được công nhận")
    refused(decide(sign_in(w.district), w, [(a, False)], number="9/QĐ-UBND"), "Không thể chuyển")
    assert snapshot() == before
    assert Decision.objects.count() == 1 and Transition.objects.filter(to_status=S.RECOGNISED).count() == 1


def test_a_decision_on_another_districts_assessment_is_refused(workflow, make_user):
    """An id guessed into the form: Sơn Động's chair cannot decide on Văn Bàn's commune."""
    from accounts.models import Role

    w = workflow
    a = appraised(w)
    outsider_chair = make_user(Role.COUNCIL_CHAIR, w.units.other_district)
    before = snapshot()
    r = decide(sign_in(outsider_chair), w, [(a, True)])
    assert r.status_code == 404  # the round belongs to another province: not even visible
    chair_of_neighbour = make_user(Role.COUNCIL_CHAIR, w.units.province)  # the wrong level of the same tree
    r = decide(sign_in(chair_of_neighbour), w, [(a, True)])
    refused(r, "không thuộc thẩm quyền công nhận")
    assert snapshot() == before


def test_nothing_moves_once_decided(workflow, media):
    """A decided assessment is locked: every action through the pages is refused."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.samples import pdf_bytes

    w = workflow
    a = appraised(w)
    services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number="7/QĐ-UBND",
                            signed_on=datetime.date(2024, 12, 5), signer_name="A", signer_title="B",
                            outcomes={a.pk: (True, "")}, seen_versions=versions(a))
    a.refresh_from_db()
    officer, district = sign_in(w.officer), sign_in(w.district)
    score = a.scores.get(criterion__number=2)
    before = snapshot()
    assert post(officer, reverse("assessments:scores", args=[a.pk]),
                {"version": a.version, "points_2": "1"}).status_code == 400
    refused(act(officer, "submit", a), "Không thể chuyển")
    refused(post(officer, reverse("assessments:evidence_upload", args=[a.pk, score.pk]),
                 {"version": a.version,
                  "file": SimpleUploadedFile("a.pdf", pdf_bytes())}, follow=True), "không thể thêm minh chứng")
    refused(act(officer, "council", a, {"meeting_date": "2024-11-09", "conclusion": "Sửa",
                                       "m-TOTAL_FORMS": "0", "m-INITIAL_FORMS": "0"}), "không thể sửa")
    refused(act(district, "return", a, {"comment": "Xem lại"}), "Không thể chuyển")
    refused(act(district, "accept", a), "Không thể chuyển")
    refused(act(district, "complete_appraisal", a), "Không thể chuyển")
    refused(appraise(sign_in(w.appraisers["justice"]), a, {"agree_2": "1"}),
            "Chỉ thẩm định hồ sơ đã được tiếp nhận hợp lệ")
    assert snapshot() == before


@pytest.mark.parametrize("name", ["submit", "accept", "return", "complete_appraisal", "scores"])
def test_actions_refuse_a_get(workflow, name):
    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    assert sign_in(w.officer).get(reverse(f"assessments:{name}", args=[a.pk])).status_code == 405


def test_starting_twice_gives_the_same_assessment(workflow):
    w = workflow
    c = sign_in(w.officer)
    url = reverse("assessments:start", args=[w.round.pk])
    post(c, url)
    post(c, url)
    assert Assessment.objects.filter(commune=w.units.commune).count() == 1
    assert Assessment.objects.get(commune=w.units.commune).scores.count() == 13
