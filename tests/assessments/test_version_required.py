"""Every write a dossier page makes carries the page's version: the services require it (no default),
and a missing or stale version is refused with the stale-page message and nothing written.

Covered: the moves (submit, return, accept, complete the appraisal), the council, evidence added,
deleted and replaced, the decision (a version per dossier it decides) and the heading a document
prints; the scores and the sectors' appraisal have their own tests
(tests/reliability/test_optimistic_locking.py, test_appraisal_form.py).
"""

import datetime
import inspect

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Council, Decision, DocumentHeading, Evidence, Transition
from tests.factories import AssessmentFactory, advance, seen, versions
from tests.samples import png_bytes

pytestmark = pytest.mark.django_db
S = Assessment.Status
REFUSED = "tải lại trang"  # every stale-page message asks to reload the page (core.locking)
SERVICES = ("assessment_submit", "assessment_return", "assessment_accept", "assessment_complete_appraisal",
            "council_save", "evidence_add", "evidence_delete", "evidence_replace", "scores_save",
            "scores_appraise", "document_heading_save")


@pytest.mark.parametrize("name, argument", [*((name, "seen_version") for name in SERVICES),
                                            ("decision_issue", "seen_versions")])
def test_the_version_is_a_required_argument(name, argument):
    param = inspect.signature(getattr(services, name)).parameters[argument]
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


# --- the decision: the version of every dossier it decides ----------------------------------------------

def two_to_decide(w):
    """Văn Bàn's two communes (Khánh Yên, Võ Lao), each appraised and waiting for the decision."""
    return (dossier(w, S.APPRAISED),
            AssessmentFactory(round=w.round, commune=w.units.neighbour, officer=w.neighbour_officer, state=S.APPRAISED))


def decide(w, outcomes, seen_versions, number="125/QĐ-UBND"):
    return services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number=number,
                                   signed_on=datetime.date(2024, 12, 5), signer_name="Đỗ Văn Quang",
                                   signer_title="Phó Chủ tịch", outcomes=outcomes, seen_versions=seen_versions)


@pytest.mark.parametrize("version", ["missing", None, "", "stale", "abc"])
def test_a_decision_on_a_dossier_changed_since_the_page_was_loaded_is_refused_naming_it(workflow, version):
    w = workflow
    a, b = two_to_decide(w)
    outcomes = {a.pk: (True, ""), b.pk: (True, "")}
    page = versions(a, b)
    if version == "missing":
        del page[b.pk]
    else:
        page[b.pk] = page[b.pk] - 1 if version == "stale" else version
    before = written(a), written(b)
    with pytest.raises(ValidationError) as refused:
        decide(w, outcomes, page)
    message = " ".join(refused.value.messages)
    assert f"Chưa ghi quyết định nào. Hồ sơ của {b.commune}" in message and REFUSED in message
    assert (written(a), written(b)) == before and not Decision.objects.exists()
    decide(w, outcomes, versions(a, b))  # the page as it stands now: both are decided
    assert {x.status for x in Assessment.objects.filter(pk__in=[a.pk, b.pk])} == {S.RECOGNISED}


def test_the_decision_page_carries_each_dossiers_version_and_a_stale_one_keeps_what_was_typed(workflow, client):
    w = workflow
    a, b = two_to_decide(w)
    client.force_login(w.chair)
    url = reverse("assessments:round", args=[w.round.pk])
    page = client.get(url).content.decode()
    for x in (a, b):
        assert f'<input type="hidden" name="version_{x.pk}" value="{seen(x)}">' in page
    data = {"number": "125/QĐ-UBND", "signed_on": "05/12/2024", "signer_name": "Đỗ Văn Quang",
            "signer_title": "Phó Chủ tịch", f"outcome_{a.pk}": "yes", f"outcome_{b.pk}": "no",
            f"reason_{b.pk}": "Chưa đủ minh chứng", f"version_{a.pk}": seen(a), f"version_{b.pk}": seen(b) - 1,
            "confirm": "1"}
    response = client.post(reverse("assessments:decide", args=[w.round.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and f"Hồ sơ của {b.commune}" in page
    assert 'value="125/QĐ-UBND"' in page and 'value="Chưa đủ minh chứng"' in page  # nothing typed is lost
    assert f'<input type="hidden" name="version_{b.pk}" value="{seen(b)}">' in page  # the dossier as it is now
    assert not Decision.objects.exists() and Assessment.objects.get(pk=b.pk).status == S.APPRAISED


# --- the issuing body a document prints: the version of its heading ------------------------------------

@pytest.fixture
def decided(workflow):
    return dossier(workflow, S.RECOGNISED)


def heading(w, a, version, issuer="ỦY BAN NHÂN DÂN\nXÃ KHÁNH YÊN"):
    return services.document_heading_save(by=w.officer, document="request", parent_body="", issuer=issuer,
                                          seen_version=version, assessment=a)


def headings(a):
    return list(DocumentHeading.objects.filter(assessment=a).values_list("issuer", "version"))


@pytest.mark.parametrize("version", [None, "", "stale", "abc"])
def test_a_heading_confirmed_from_an_older_page_is_refused_and_nothing_is_written(workflow, decided, version):
    w, a = workflow, decided
    heading(w, a, 0, issuer="Bản thứ nhất")
    with pytest.raises(ValidationError, match=REFUSED):
        heading(w, a, 0 if version == "stale" else version, issuer="Bản thứ hai")
    assert headings(a) == [("Bản thứ nhất", 1)]
    heading(w, a, 1, issuer="Bản thứ hai")
    assert headings(a) == [("Bản thứ hai", 2)]


def test_two_people_confirming_a_heading_from_one_page_cannot_overwrite_each_other(workflow, decided, client):
    w, a = workflow, decided
    url = reverse("assessments:doc_heading", args=[a.pk, "request"])
    client.force_login(w.officer)
    assert '<input type="hidden" name="version" value="0">' in client.get(url).content.decode()
    assert client.post(url, {"parent_body": "", "issuer": "Bản thứ nhất", "version": 0}).status_code == 302
    page = client.post(url, {"parent_body": "", "issuer": "Bản thứ hai", "version": 0}).content.decode()
    assert "vừa được" in page and "Bản thứ nhất" in page and "Bản thứ hai" in page  # what was typed stays
    assert headings(a) == [("Bản thứ nhất", 1)]
    assert '<input type="hidden" name="version" value="1">' in client.get(url).content.decode()
