"""The dossier's table of moves (assessments.rules.MOVES) is what the services accept and the pages show.

Generated from the table: every move, from every state it leaves, is tried through the services by a
cast holding every role with and without the unit relation the move names; exactly those the table
names succeed, the others are refused and nothing changes. The dossier page shows a button for
exactly the moves available_moves gives, and an irreversible move asks for confirmation first.
"""

import datetime
import itertools
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from assessments import permissions, rules, services
from assessments.models import Assessment, Transition
from criteria.selectors import owner_map
from tests.assessments.conftest import appraise_all, full_points, scored_and_submitted
from tests.factories import appraise, seen, versions

pytestmark = pytest.mark.django_db
S = Assessment.Status
IRREVERSIBLE = {"submit", "accept", "complete_appraisal", "recognise", "not_recognise"}
_numbers = itertools.count(100)


@pytest.fixture
def cast(workflow, make_user):
    """(name, user, the relations the user's unit has to Văn Bàn's commune) for every role."""
    w = workflow
    justice = w.appraisers["justice"].sector
    return [
        ("commune officer", w.officer, {rules.OWN_COMMUNE}),
        ("neighbouring commune officer", w.neighbour_officer, set()),
        ("district officer", w.district, {rules.RECOGNISING_UNIT}),
        ("other district officer", w.other_district, set()),
        ("council chair", w.chair, {rules.RECOGNISING_UNIT}),
        ("council member", make_user(Role.COUNCIL_MEMBER, w.units.district), {rules.RECOGNISING_UNIT}),
        ("district justice appraiser", w.appraisers["justice"], {rules.OWNING_SECTOR}),
        ("provincial justice appraiser", make_user(Role.SECTOR_APPRAISER, w.units.province, justice), set()),
        ("other district justice appraiser", make_user(Role.SECTOR_APPRAISER, w.units.other_district, justice),
         set()),
        ("provincial staff", w.province_staff, set()),
        ("national staff", make_user(Role.NATIONAL_STAFF, None), set()),
    ]


def in_state(w, status):
    """Văn Bàn's commune's dossier brought to ``status`` through the services."""
    if status == S.DRAFT:
        a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
        services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points=full_points(w.standard))
        services.council_save(by=w.officer, assessment_id=a.pk, seen_version=seen(a),
                              meeting_date=datetime.date(2024, 11, 8),
                              conclusion="Đề nghị công nhận", members=[])
        return Assessment.objects.get(pk=a.pk)
    a = scored_and_submitted(w)
    if status == S.RETURNED:
        services.assessment_return(by=w.district, assessment_id=a.pk, seen_version=seen(a), comment="Bổ sung")
    if status in (S.ACCEPTED, S.APPRAISED, S.RECOGNISED):
        services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
        appraise_all(w, Assessment.objects.get(pk=a.pk))
    if status in (S.APPRAISED, S.RECOGNISED):
        services.assessment_complete_appraisal(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    if status == S.RECOGNISED:
        services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number="1/QĐ-UBND",
                                signed_on=datetime.date(2024, 12, 5), signer_name="A", signer_title="B",
                                outcomes={a.pk: (True, "")}, seen_versions=versions(a))
    return Assessment.objects.get(pk=a.pk)


def make(w, name, a, by):
    """Make the move ``name`` on ``a`` as ``by`` through its service."""
    if name == "submit":
        return services.assessment_submit(by=by, assessment_id=a.pk, seen_version=seen(a))
    if name == "return":
        return services.assessment_return(by=by, assessment_id=a.pk, seen_version=seen(a), comment="Bổ sung minh chứng")
    if name == "accept":
        return services.assessment_accept(by=by, assessment_id=a.pk, seen_version=seen(a))
    if name == "complete_appraisal":
        return services.assessment_complete_appraisal(by=by, assessment_id=a.pk, seen_version=seen(a))
    if name == "appraise":
        owners = owner_map(w.standard, w.units.province.code)
        number = next((n for n, s in owners.items() if s.pk == by.sector_id), 2)
        return appraise(by, a, {number: {"agree": True}})
    if name in ("recognise", "not_recognise"):
        return services.decision_issue(by=by, round=w.round, issuer=by.unit or w.units.district,
                                       number=f"{next(_numbers)}/QĐ-UBND", signed_on=datetime.date(2024, 12, 5),
                                       signer_name="A", signer_title="B",
                                       outcomes={a.pk: (name == "recognise", "Chưa đạt")},
                                       seen_versions=versions(a))
    raise AssertionError(name)


def state_of(a):
    a = Assessment.objects.get(pk=a.pk)
    return (a.status, a.version, a.final_total, Transition.objects.filter(assessment=a).count(),
            a.scores.filter(appraised_at__isnull=False).count())


def attempt(w, name, a, by):
    """'made' or 'refused' (nothing changed); rolled back either way, so the next actor meets the same dossier."""
    before = state_of(a)
    with transaction.atomic():
        try:
            make(w, name, a, by)
        except (PermissionDenied, ValidationError):
            outcome = "refused"
            assert state_of(a) == before, f"{by.username} was refused {name} but something changed"
        else:
            outcome = "made"
        transaction.set_rollback(True)
    return outcome


def test_the_table_names_every_state_and_asks_confirmation_for_every_irreversible_move():
    statuses = set(S.values)
    for m in rules.MOVES:
        assert set(m.sources) <= statuses and m.target in statuses, m.name
        assert set(m.who) <= set(Role.values), m.name
        assert str(m.label)
        if m.name in IRREVERSIBLE:
            assert m.confirm and "%(commune)s" in str(m.consequence), m.name
    assert {m.name for m in rules.MOVES if m.confirm} == IRREVERSIBLE


@pytest.mark.parametrize("move", rules.MOVES, ids=lambda m: m.name)
def test_each_move_is_made_by_exactly_the_roles_the_table_names(workflow, cast, move):
    w = workflow
    for source in move.sources:
        a = in_state(w, source)
        for name, user, relations in cast:
            expected = "made" if move.allows(user.role, relations) else "refused"
            assert attempt(w, move.name, a, user) == expected, (move.name, source, name)
            # the page's list agrees with the table and the service
            assert (move in permissions.available_moves(a, user)) == (expected == "made"), (move.name, name)
        Assessment.objects.filter(pk=a.pk).delete()


@pytest.mark.parametrize("move", rules.MOVES, ids=lambda m: m.name)
def test_each_move_is_refused_from_every_other_state(workflow, cast, move):
    w = workflow
    allowed = [(n, u) for n, u, rel in cast if move.allows(u.role, rel)]
    assert allowed, move.name
    for status in (S.DRAFT, S.RETURNED, S.SUBMITTED, S.ACCEPTED, S.APPRAISED, S.RECOGNISED):
        if status in move.sources:
            continue
        a = in_state(w, status)
        for name, user in allowed:
            assert attempt(w, move.name, a, user) == "refused", (move.name, status, name)
            assert move not in permissions.available_moves(a, user)
        Assessment.objects.filter(pk=a.pk).delete()


def page_moves(client, a):
    html = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    return set(re.findall(r'<(?:form|a) [^>]*data-move="([a-z_]+)"', html))


def test_the_buttons_shown_are_the_available_moves_for_every_role(workflow, cast):
    w = workflow
    for status in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.APPRAISED, S.RECOGNISED):
        a = in_state(w, status)
        for name, user, _relations in cast:
            c = Client()
            c.force_login(user)
            if c.get(reverse("assessments:detail", args=[a.pk])).status_code == 404:
                assert not permissions.available_moves(a, user), (status, name)
                continue
            # every move but the decision's, made on the round's page (checked below)
            expected = {m.name for m in permissions.available_moves(a, user)} - {"recognise", "not_recognise"}
            assert page_moves(c, a) == expected, (status, name)
        # the decision: the round's list offers a choice for a dossier exactly when recognise is available
        for name, user, _relations in cast:
            c = Client()
            c.force_login(user)
            html = c.get(reverse("assessments:round", args=[w.round.pk])).content.decode()
            can = any(m.name == "recognise" for m in permissions.available_moves(a, user))
            assert (f'name="outcome_{a.pk}"' in html) == can, (status, name)
        Assessment.objects.filter(pk=a.pk).delete()


@pytest.mark.parametrize("name, status, actor", [
    ("submit", S.DRAFT, "officer"), ("accept", S.SUBMITTED, "district"),
    ("complete_appraisal", S.ACCEPTED, "district")])
def test_an_irreversible_move_asks_for_confirmation_first(workflow, name, status, actor):
    w = workflow
    a = in_state(w, status)
    c = Client()
    c.force_login(getattr(w, actor))
    url = reverse(f"assessments:{name}", args=[a.pk])
    before = state_of(a)
    response = c.post(url, {"version": a.version})
    html = response.content.decode()
    assert response.status_code == 200 and state_of(a) == before
    assert str(rules.move(name).consequence % {"commune": a.commune, "unit": a.commune.parent}) in html
    assert 'name="confirm" value="1"' in html and f'name="version" value="{a.version}"' in html
    response = c.post(url, {"version": a.version, "confirm": "1"})
    assert response.status_code == 302
    assert Assessment.objects.get(pk=a.pk).status == rules.move(name).target


def test_a_confirmation_of_an_old_page_is_refused(workflow):
    w = workflow
    a = in_state(w, S.SUBMITTED)
    c = Client()
    c.force_login(w.district)
    c.post(reverse("assessments:accept", args=[a.pk]), {"version": a.version - 1, "confirm": "1"})
    assert Assessment.objects.get(pk=a.pk).status == S.SUBMITTED


@pytest.mark.parametrize("name, status, actor", [
    ("submit", S.DRAFT, "officer"), ("accept", S.SUBMITTED, "district"),
    ("complete_appraisal", S.ACCEPTED, "district")])
@pytest.mark.parametrize("confirm", [{}, {"confirm": "1"}], ids=["first post", "confirmation"])
def test_a_move_without_the_pages_version_is_refused_like_an_old_page(workflow, name, status, actor, confirm):
    """Every move's form carries the dossier's version; a post without it (a hand-made request, a
    form cut short) could move what the officer never saw, so it is refused and nothing changes."""
    w = workflow
    a = in_state(w, status)
    c = Client()
    c.force_login(getattr(w, actor))
    before = state_of(a)
    response = c.post(reverse(f"assessments:{name}", args=[a.pk]), confirm, follow=True)
    html = response.content.decode()
    assert "Trang không cho biết phiên bản đã xem" in html and "confirm-move" not in html
    assert state_of(a) == before


def test_a_decision_asks_for_confirmation_with_each_communes_outcome(workflow):
    w = workflow
    a = in_state(w, S.APPRAISED)
    c = Client()
    c.force_login(w.chair)
    data = {"number": "77/QĐ-UBND", "signed_on": "2024-12-05", "signer_name": "Đỗ Văn Quang",
            "signer_title": "Phó Chủ tịch", f"outcome_{a.pk}": "yes", f"version_{a.pk}": seen(a)}
    url = reverse("assessments:decide", args=[w.round.pk])
    response = c.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and Assessment.objects.get(pk=a.pk).status == S.APPRAISED
    assert f"{a.commune} được công nhận đạt chuẩn theo quyết định này." in html and "77/QĐ-UBND" in html
    assert f'name="outcome_{a.pk}" value="yes"' in html
    assert c.post(url, {**data, "confirm": "1"}).status_code == 302
    assert Assessment.objects.get(pk=a.pk).status == S.RECOGNISED


def test_a_confirmation_page_is_not_shown_for_a_move_the_state_refuses(workflow):
    w = workflow
    a = in_state(w, S.DRAFT)
    c = Client()
    c.force_login(w.district)
    response = c.post(reverse("assessments:accept", args=[a.pk]), {"version": a.version}, follow=True)
    assert "Không thể chuyển hồ sơ từ trạng thái “Đang chấm điểm”" in response.content.decode()
    assert "confirm-move" not in response.content.decode()
    assert c.post(reverse("assessments:submit", args=[a.pk])).status_code == 403  # not the district's move
    assert Assessment.objects.get(pk=a.pk).status == S.DRAFT


def test_waiting_for_you_lists_exactly_the_dossiers_with_a_move(workflow, cast):
    from assessments.selectors import home_panels

    w = workflow
    a = in_state(w, S.ACCEPTED)
    by_name = {n: u for n, u, _r in cast}
    labels = lambda user: [i["label"] for p in home_panels(user) for i in p["items"]]  # noqa: E731
    commune = a.commune.name
    assert any(label.startswith(commune) and "Hoàn thành thẩm định" in label
               for label in labels(by_name["district officer"]))
    assert any(label.startswith(commune) for label in labels(by_name["district justice appraiser"]))
    for idle in ("council member", "provincial justice appraiser", "other district officer"):
        assert not any(label.startswith(commune) for label in labels(by_name[idle])), idle
    member_panels = home_panels(by_name["council member"])
    assert all(not i["due"] for p in member_panels for i in p["items"])


def test_the_round_page_reads_the_moves_without_a_query_per_dossier(workflow, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = workflow
    in_state(w, S.APPRAISED)
    c = Client()
    c.force_login(w.district)
    url = reverse("assessments:round", args=[w.round.pk])
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        c.get(url)
    a = scored_and_submitted(w, commune=w.units.neighbour, officer=w.neighbour_officer)
    services.assessment_accept(by=w.district, assessment_id=a.pk, seen_version=seen(a))
    with django_assert_num_queries(len(one)):
        html = c.get(url).content.decode()
    assert html.count('name="outcome_') == 1  # the accepted dossier cannot be decided yet

