"""The factories make what they say: units with the product's paths, each role at its unit, and
assessments at every state, moved there through the services (so each has its audit trail)."""

import pytest

from accounts.models import Role
from assessments.models import Assessment, Transition
from communes.models import Level, Tier
from tests import factories as f

pytestmark = pytest.mark.django_db
S = Assessment.Status


def test_a_commune_has_its_district_and_province_in_its_path():
    commune = f.CommuneFactory()
    district, province = commune.parent, commune.parent.parent
    assert (province.level, district.level, commune.level) == (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
    assert commune.path == f"/{province.pk}/{district.pk}/{commune.pk}/"
    assert commune.tiers.get().tier == Tier.OTHER  # a commune comes with its tier (UnitTier, the only record)
    assert f.CommuneFactory(tier=Tier.REMOTE).tiers.get().tier == Tier.REMOTE


@pytest.mark.parametrize("role, level", [
    (Role.COMMUNE_OFFICER, Level.COMMUNE), (Role.SECTOR_APPRAISER, Level.DISTRICT),
    (Role.DISTRICT_OFFICER, Level.DISTRICT), (Role.COUNCIL_MEMBER, Level.DISTRICT),
    (Role.COUNCIL_CHAIR, Level.DISTRICT), (Role.PROVINCIAL_STAFF, Level.PROVINCE),
    (Role.NATIONAL_STAFF, None), (Role.SYSADMIN, None)])
def test_each_role_works_at_its_unit(role, level):
    f.load_standards()  # sector appraisers take a sector
    user = f.ROLE_FACTORIES[role]()
    assert user.role == role and (user.unit.level if user.unit else None) == level
    assert user.check_password(f.PASSWORD) and user.raw_password == f.PASSWORD
    assert (user.sector is not None) == (role == Role.SECTOR_APPRAISER)
    assert user.is_staff == (role == Role.SYSADMIN)


@pytest.mark.parametrize("state, status, moves", [
    ("draft", S.DRAFT, []),
    ("scored", S.DRAFT, []),
    (S.SUBMITTED, S.SUBMITTED, [S.SUBMITTED]),
    (S.RETURNED, S.RETURNED, [S.SUBMITTED, S.RETURNED]),
    (S.ACCEPTED, S.ACCEPTED, [S.SUBMITTED, S.ACCEPTED]),
    (S.APPRAISED, S.APPRAISED, [S.SUBMITTED, S.ACCEPTED, S.APPRAISED]),
    (S.RECOGNISED, S.RECOGNISED, [S.SUBMITTED, S.ACCEPTED, S.APPRAISED, S.RECOGNISED]),
    (S.NOT_RECOGNISED, S.NOT_RECOGNISED, [S.SUBMITTED, S.ACCEPTED, S.APPRAISED, S.NOT_RECOGNISED]),
])
def test_an_assessment_reaches_its_state_through_the_services(state, status, moves):
    a = f.AssessmentFactory(state=state)
    assert a.status == status
    assert list(Transition.objects.filter(assessment=a).order_by("at", "pk").values_list("to_status", flat=True)) \
        == moves
    scored = state != "draft"
    assert not a.scores.filter(points__isnull=scored).exists()
    assert (a.decision is not None) == (status in (S.RECOGNISED, S.NOT_RECOGNISED))


def test_advance_moves_an_assessment_on_and_a_returned_one_back_in():
    a = f.AssessmentFactory(state=S.RETURNED, points={1: 90})
    a = f.advance(a, S.RECOGNISED, appraised={2: 40})
    assert a.status == S.RECOGNISED and a.scores.get(criterion__number=1).points == 90
    assert a.scores.get(criterion__number=2).appraised_points == 40
    assert a.final_total == a.round.standard.total_points - 10 - 10
