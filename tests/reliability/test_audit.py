"""The audit history: every change to official data is recorded with who made it, nothing recorded
is ever changed or removed, and a decided assessment accepts no further change."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import models as m
from assessments import services
from criteria.selectors import owner_map
from tests.factories import AssessmentFactory, full_points, seen, versions
from tests.reliability.conftest import page_messages, post, sign_in, snapshot
from tests.samples import pdf_bytes

CONFIRMED = {"confirm": "1"}  # the post of an irreversible move's confirmation step
pytestmark = pytest.mark.django_db
S = m.Assessment.Status
AUDITED = (m.Round, m.Assessment, m.Score, m.Evidence, m.Decision, m.Council)


def recorded():
    """Every audit row there is: {(table, id): its values}, history and transitions alike."""
    rows = {}
    for model in AUDITED:
        for r in model.history.values():
            rows[(model.__name__, r["history_id"])] = tuple(sorted((k, str(v)) for k, v in r.items()))
    for t in m.Transition.objects.values():
        rows[("Transition", t["id"])] = tuple(sorted((k, str(v)) for k, v in t.items()))
    return rows


class Ledger:
    """Checks after each step that the audit only grew: no row changed, no row disappeared."""

    def __init__(self):
        self.rows, self.steps = recorded(), 0

    def step(self, response=None, expect=None):
        if expect:
            assert expect in page_messages(response), page_messages(response)
        now = recorded()
        changed = {k for k, v in self.rows.items() if now.get(k) != v}
        assert not changed, f"audit rows changed or removed: {sorted(changed)}"
        assert len(now) > len(self.rows), "a change left no trace in the audit history"
        self.rows, self.steps = now, self.steps + 1


def test_a_whole_round_through_the_pages_leaves_an_append_only_trail(workflow, media):
    w = workflow
    officer, district, chair = sign_in(w.officer), sign_in(w.district), sign_in(w.chair)
    ledger = Ledger()

    post(officer, reverse("assessments:start", args=[w.round.pk]))
    a = m.Assessment.objects.get(round=w.round, commune=w.units.commune)
    ledger.step()

    def version():
        return m.Assessment.objects.get(pk=a.pk).version

    def confirmed():  # the confirmation step's post: the move's fields, the page's version, confirm=1
        return {**CONFIRMED, "version": version()}

    points = {f"points_{n}": str(p) for n, p in full_points(w.standard, tc6=120).items()}
    ledger.step(post(officer, reverse("assessments:scores", args=[a.pk]), {"version": version(), **points},
                     follow=True), "Đã lưu điểm tự đánh giá.")
    ledger.step(post(officer, reverse("assessments:scores", args=[a.pk]),
                     {"version": version(), "points_6": "125", "note_6": "Sổ theo dõi trẻ em"}, follow=True),
                "Đã lưu điểm tự đánh giá.")
    ledger.step(post(officer, reverse("assessments:council", args=[a.pk]), {
        "version": version(), "meeting_date": "2024-11-08", "conclusion": "Đề nghị công nhận", "m-TOTAL_FORMS": "1",
        "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "1000", "m-0-name": "Nguyễn Văn Hùng",
        "m-0-position": "Chủ tịch UBND xã", "m-0-council_role": "chair"}, follow=True),
        "Đã lưu thông tin Hội đồng đánh giá.")
    score6 = a.scores.get(criterion__number=6)
    ledger.step(post(officer, reverse("assessments:evidence_upload", args=[a.pk, score6.pk]),
                     {"version": version(), "file": SimpleUploadedFile("Danh sách hỗ trợ.pdf", pdf_bytes())},
                     follow=True),
                "Đã tải lên minh chứng “Danh sách hỗ trợ.pdf” cho tiêu chí 6.")
    ledger.step(post(officer, reverse("assessments:submit", args=[a.pk]), confirmed(), follow=True),
                "Đã nộp hồ sơ lên cơ quan công nhận.")
    ledger.step(post(district, reverse("assessments:return", args=[a.pk]),
                     {"comment": "Bổ sung biên bản", "version": version()},
                     follow=True), "Đã trả hồ sơ để xã bổ sung.")
    ledger.step(post(officer, reverse("assessments:submit", args=[a.pk]), confirmed(), follow=True),
                "Đã nộp hồ sơ lên cơ quan công nhận.")
    ledger.step(post(district, reverse("assessments:accept", args=[a.pk]), confirmed(), follow=True),
                "Đã tiếp nhận hồ sơ, chuyển các ngành thẩm định.")
    owners = owner_map(w.standard, w.units.province.code)
    appraisers = {code: sign_in(u) for code, u in w.appraisers.items()}
    sectors = list(dict.fromkeys(owners[n].code for n in sorted(owners)))
    for code in sectors:  # each sector's one form: 6 adjusted with a reason, the others agreed
        numbers = [n for n in sorted(owners) if owners[n].code == code]
        data = {"version": version()}
        for n in numbers:
            data.update({"points_6": "100", "reason_6": "Số liệu chưa khớp"} if n == 6 else {f"agree_{n}": "1"})
        ledger.step(post(appraisers[code], reverse("assessments:appraisal", args=[a.pk]), data, follow=True),
                    f"Đã ghi kết quả thẩm định tiêu chí {', '.join(map(str, numbers))}.")
    ledger.step(post(district, reverse("assessments:complete_appraisal", args=[a.pk]), confirmed(),
                     follow=True),
                "Đã hoàn thành thẩm định.")
    ledger.step(post(chair, reverse("assessments:decide", args=[w.round.pk]), {
        "number": "1234/QĐ-UBND", "signed_on": "2024-12-05", "signer_name": "Đỗ Văn Quang",
        "signer_title": "Phó Chủ tịch UBND huyện", f"outcome_{a.pk}": "yes",
        f"version_{a.pk}": version(), **CONFIRMED}, follow=True),
        "Đã ghi nhận quyết định công nhận.")
    assert ledger.steps == 11 + len(sectors) == 17

    # who: every record made through a page names its author
    for model in (m.Assessment, m.Score, m.Evidence, m.Decision, m.Council):
        authors = set(model.history.values_list("history_user__username", flat=True))
        assert authors and None not in authors, (model.__name__, authors)
    assert set(m.Score.history.filter(history_user=w.appraisers["health"]).values_list(
        "criterion__number", flat=True)) == {n for n, sector in owners.items() if sector.code == "health"}

    # what: the assessment's recorded statuses are its transitions, in order, each by a named person
    a.refresh_from_db()
    trail = [t for t in a.transitions.order_by("at", "id")]
    assert [(t.from_status, t.to_status) for t in trail] == [
        (S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.RETURNED), (S.RETURNED, S.SUBMITTED),
        (S.SUBMITTED, S.ACCEPTED), (S.ACCEPTED, S.APPRAISED), (S.APPRAISED, S.RECOGNISED)]
    assert all(t.by_id for t in trail) and trail[1].comment == "Bổ sung biên bản"
    statuses = [r.status for r in a.history.order_by("history_date", "history_id")]
    assert [s for i, s in enumerate(statuses) if i == 0 or s != statuses[i - 1]] == [S.DRAFT] + [
        t.to_status for t in trail]

    # when: the history answers "what did criterion 6 say at each moment?"
    first_save = m.Score.history.filter(id=score6.pk).earliest("history_date").history_date
    assert m.Score.history.as_of(first_save).get(pk=score6.pk).points == Decimal(120)
    assert m.Score.history.as_of(trail[0].at).get(pk=score6.pk).points == Decimal(125)  # when submitted
    assert [(r.points, r.appraised_points) for r in m.Score.history.filter(id=score6.pk)
            .order_by("history_date", "history_id")] == [(120, None), (125, None), (125, 100)]
    assert a.final_total == Decimal(975) and a.status == S.RECOGNISED and a.is_locked


@pytest.fixture
def decided(workflow, media):
    w = workflow
    return AssessmentFactory(round=w.round, commune=w.units.commune, state=S.RECOGNISED, officer=w.officer,
                             recogniser=w.district, decider=w.chair, appraisers=w.appraisers,
                             decision_number="88/QĐ-UBND")


def test_a_decided_assessment_refuses_every_service(workflow, decided):
    w, a = workflow, decided
    score = a.scores.get(criterion__number=7)
    health = w.appraisers["health"]
    attempts = {
        "scores_save": lambda: services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version,
                                                    points={7: 0}),
        "council_save": lambda: services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                                                      conclusion="Sửa",
                                                      meeting_date=datetime.date(2024, 11, 9), members=[]),
        "evidence_add": lambda: services.evidence_add(by=w.officer, score_id=score.pk, seen_version=seen(score),
                                                      upload=SimpleUploadedFile("a.pdf", pdf_bytes())),
        "assessment_submit": lambda: services.assessment_submit(by=w.officer, assessment_id=a.pk, seen_version=seen(a)),
        "assessment_return": lambda: services.assessment_return(by=w.district, assessment_id=a.pk,
                                                                seen_version=seen(a), comment="Xem lại"),
        "assessment_accept": lambda: services.assessment_accept(by=w.district, assessment_id=a.pk,
                                                                seen_version=seen(a)),
        "scores_appraise": lambda: services.scores_appraise(by=health, assessment_id=a.pk, seen_version=a.version,
                                                            rows={7: {"points": 0, "reason": "Xem lại"}}),
        "assessment_complete_appraisal": lambda: services.assessment_complete_appraisal(by=w.district,
                                                                                        assessment_id=a.pk,
                                                                                        seen_version=seen(a)),
        "decision_issue": lambda: services.decision_issue(
            by=w.chair, round=w.round, issuer=w.units.district, number="89/QĐ-UBND",
            signed_on=datetime.date(2024, 12, 6), signer_name="A", signer_title="B", outcomes={a.pk: (False, "Sai")},
            seen_versions=versions(a)),
    }
    before, audit = snapshot(), recorded()
    for name, attempt in attempts.items():
        with pytest.raises((ValidationError, PermissionDenied)):
            attempt()
    assert snapshot() == before and recorded() == audit  # not even a history row


def test_history_tables_are_not_editable_through_any_page(workflow, decided, make_user):
    """No URL of the app changes or deletes history: the admin does not offer the historical models."""
    from django.contrib import admin

    from accounts.models import Role

    registered = {model._meta.label for model in admin.site._registry}
    assert not any(label.split(".")[1].startswith("Historical") for label in registered), registered
    assert "assessments.Transition" not in registered
    sysadmin = make_user(Role.SYSADMIN, None, is_superuser=True)
    c = sign_in(sysadmin)
    for name in ("historicalassessment", "historicalscore", "transition"):
        assert c.get(f"/admin/assessments/{name}/").status_code == 404
