"""Every write a dossier page makes carries the page's version: the services require it (no default),
and a missing or stale version is refused with the stale-page message and nothing written.

Covered: the moves (submit, return, accept, complete the appraisal), the council, evidence added,
deleted and replaced; the scores and the sectors' appraisal have their own tests
(tests/reliability/test_optimistic_locking.py, test_appraisal_form.py).
"""

import datetime
import inspect

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Council, Evidence, Transition
from tests.factories import AssessmentFactory, advance, seen
from tests.samples import png_bytes

pytestmark = pytest.mark.django_db
S = Assessment.Status
REFUSED = "tải lại trang"  # every stale-page message asks to reload the page (core.locking)
SERVICES = ("assessment_submit", "assessment_return", "assessment_accept", "assessment_complete_appraisal",
            "council_save", "evidence_add", "evidence_delete", "evidence_replace", "scores_save",
            "scores_appraise")


@pytest.mark.parametrize("name", SERVICES)
def test_the_version_is_a_required_argument(name):
    param = inspect.signature(getattr(services, name)).parameters["seen_version"]
    assert param.kind is param.KEYWORD_ONLY and param.default is param.empty


def written(a):
    """What a refused write must leave as it was."""
    a = Assessment.objects.get(pk=a.pk)
    council = Council.objects.filter(assessment=a).first()
    return (a.status, a.version, Transition.objects.filter(assessment=a).count(),
            council and (council.conclusion, council.members.count()),
            sorted(Evidence.objects.filter(score__assessment=a).values_list("pk", "token")))


def moves(w):
    """name → (state the dossier is brought to, actor, the call given a version)."""
    def call(service, by, **kw):
        return lambda a, v: service(by=by, assessment_id=a.pk, seen_version=v, **kw)
    return {
        "submit": ("scored", call(services.assessment_submit, w.officer)),
        "return": (S.SUBMITTED, call(services.assessment_return, w.district, comment="Bổ sung")),
        "accept": (S.SUBMITTED, call(services.assessment_accept, w.district)),
        "complete_appraisal": ("appraised_all", call(services.assessment_complete_appraisal, w.district)),
    }


def dossier(w, state):
    return AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state=state)


@pytest.mark.parametrize("name", ["submit", "return", "accept", "complete_appraisal"])
@pytest.mark.parametrize("version", [None, "", "stale", "abc"])
def test_a_move_without_the_pages_version_or_from_an_older_page_is_refused(workflow, name, version):
    state, make = moves(workflow)[name]
    a = dossier(workflow, state)
    before = written(a)
    given = seen(a) - 1 if version == "stale" else version
    with pytest.raises(ValidationError, match=REFUSED):
        make(a, given)
    assert written(a) == before
    make(a, seen(a))  # the page as it stands now: the move is made
    assert written(a) != before


def test_a_move_from_an_older_page_says_who_changed_what(workflow):
    a = dossier(workflow, S.SUBMITTED)
    old = seen(a)
    services.assessment_accept(by=workflow.district, assessment_id=a.pk, seen_version=old)
    with pytest.raises(ValidationError, match="vừa được người khác cập nhật"):
        services.assessment_complete_appraisal(by=workflow.district, assessment_id=a.pk, seen_version=old)
    assert Assessment.objects.get(pk=a.pk).status == S.ACCEPTED


def council(w, a, version, conclusion="Đề nghị công nhận"):
    return services.council_save(by=w.officer, assessment_id=a.pk, seen_version=version,
                                 meeting_date=datetime.date(2024, 11, 8), conclusion=conclusion,
                                 members=[{"name": "Nguyễn Văn A", "position": "Chủ tịch UBND xã",
                                           "council_role": "chair"}])


@pytest.mark.parametrize("version", [None, "", "stale"])
def test_the_council_from_an_older_page_is_refused_and_nothing_is_written(workflow, version):
    a = dossier(workflow, "scored")
    before = written(a)
    with pytest.raises(ValidationError, match=REFUSED):
        council(workflow, a, seen(a) - 1 if version == "stale" else version, conclusion="Sửa lại")
    assert written(a) == before


def test_two_people_saving_the_council_from_one_page_cannot_overwrite_each_other(workflow):
    a = dossier(workflow, "scored")
    page = seen(a)
    council(workflow, a, page, conclusion="Bản của người thứ nhất")
    assert seen(a) == page + 1  # saving the council moves the dossier's version on
    with pytest.raises(ValidationError, match="vừa được người khác cập nhật"):
        council(workflow, a, page, conclusion="Bản của người thứ hai")
    assert Council.objects.get(assessment=a).conclusion == "Bản của người thứ nhất"


def evidence_writes(w, a, ev):
    score = a.scores.get(criterion__number=6)
    return {
        "add": lambda v: services.evidence_add(by=w.officer, score_id=score.pk, seen_version=v,
                                               upload=SimpleUploadedFile("b.png", png_bytes())),
        "delete": lambda v: services.evidence_delete(by=w.officer, assessment_id=a.pk, seen_version=v,
                                                     evidence_id=ev.pk),
        "replace": lambda v: services.evidence_replace(by=w.officer, assessment_id=a.pk, seen_version=v,
                                                       evidence_id=ev.pk,
                                                       upload=SimpleUploadedFile("c.png", png_bytes())),
    }


@pytest.mark.parametrize("name", ["add", "delete", "replace"])
@pytest.mark.parametrize("version", [None, "", "stale"])
def test_an_evidence_change_from_an_older_page_is_refused_and_nothing_is_written(workflow, media, name, version):
    w = workflow
    a = dossier(w, "scored")
    ev = services.evidence_add(by=w.officer, score_id=a.scores.get(criterion__number=6).pk, seen_version=seen(a),
                               upload=SimpleUploadedFile("a.png", png_bytes()))
    write = evidence_writes(w, a, ev)[name]
    before = written(a)
    with pytest.raises(ValidationError, match=REFUSED):
        write(seen(a) - 1 if version == "stale" else version)
    assert written(a) == before
    write(seen(a))
    assert written(a) != before


@pytest.mark.parametrize("url_name, state, actor, data", [
    ("return", S.SUBMITTED, "district", {"comment": "Bổ sung"}),
    ("council", "scored", "officer", {"meeting_date": "08/11/2024", "conclusion": "Sửa lại",
                                       "m-TOTAL_FORMS": "0", "m-INITIAL_FORMS": "0"}),
])
def test_a_page_posted_without_its_version_writes_nothing(workflow, client, url_name, state, actor, data):
    a = dossier(workflow, state)
    before = written(a)
    client.force_login(getattr(workflow, actor))
    response = client.post(reverse(f"assessments:{url_name}", args=[a.pk]), data, follow=True)
    assert REFUSED in response.content.decode()
    assert written(a) == before


def test_the_dossier_pages_forms_carry_the_version(workflow, client, media):
    w = workflow
    a = dossier(w, "scored")
    services.evidence_add(by=w.officer, score_id=a.scores.get(criterion__number=6).pk, seen_version=seen(a),
                          upload=SimpleUploadedFile("a.png", png_bytes()))
    client.force_login(w.officer)
    version = f'<input type="hidden" name="version" value="{seen(a)}">'
    page = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    for form_id in ("evidence-form", "ev-del-", "ev-rep-", "score-form"):
        start = page.index(f'id="{form_id}')
        assert version in page[start:page.index("</form>", start)], form_id
    assert version in client.get(reverse("assessments:council", args=[a.pk])).content.decode()
    a = advance(a, S.SUBMITTED)
    client.force_login(w.district)
    page = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    start = page.index('data-move="return"')
    assert f'name="version" value="{seen(a)}"' in page[start:page.index("</form>", start)]
