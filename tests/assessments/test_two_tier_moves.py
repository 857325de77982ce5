"""After the 2025 reform the province recognises: its office accepts and returns, its departments
appraise, its council chair decides for the provincial People's Committee. Nobody else may, and the
rewards of the 3- and 5-year lists follow the period."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from assessments import permissions, services
from assessments import rules as moves
from assessments.demo import BAC_NINH_OWNERS, _bac_ninh_ownership
from communes.models import Kind, Level
from criteria import rules
from criteria.models import Sector
from criteria.selectors import owner_map, sharers_map
from tests.factories import AssessmentFactory, RoundFactory, UserFactory, advance, appraise, seen, versions

REFORM = dt.date(2025, 7, 1)
YEAR = 2025  # the first round of the two-tier period; its acts fall in November 2025


@pytest.fixture
def two_tier(standards, make_unit):
    """Bắc Ninh after the reform with two of its wards, and Lào Cai after the reform with one."""
    std = standards["06/QĐ-TTg"]
    bac_ninh = make_unit("Tỉnh Bắc Ninh", "24", Level.PROVINCE, Kind.PROVINCE, valid_from=REFORM)
    kinh_bac = make_unit("Phường Kinh Bắc", "09187", Level.COMMUNE, Kind.WARD, bac_ninh, valid_from=REFORM)
    tu_son = make_unit("Phường Từ Sơn", "09367", Level.COMMUNE, Kind.WARD, bac_ninh, valid_from=REFORM)
    lao_cai = make_unit("Tỉnh Lào Cai", "15", Level.PROVINCE, Kind.PROVINCE, valid_from=REFORM)
    sa_pa = make_unit("Phường Sa Pa", "03016", Level.COMMUNE, Kind.WARD, lao_cai, valid_from=REFORM)
    sectors = {s.code: s for s in Sector.objects.all()}
    _bac_ninh_ownership(bac_ninh, std, sectors)
    r = RoundFactory(province=bac_ninh, year=YEAR, standard=std)
    return std, bac_ninh, kinh_bac, tu_son, lao_cai, sa_pa, sectors, r


def user(role, unit, sector=None):
    return UserFactory(role=role, unit=unit, sector=sector)


def test_bac_ninh_names_a_provincial_department_for_every_criterion(two_tier):
    std, bac_ninh, *_rest = two_tier
    owners = owner_map(std, bac_ninh.code)
    assert {n: s.code for n, s in owners.items()} == {n: codes[0] for n, codes in BAC_NINH_OWNERS.items()}
    assert [s.code for s in sharers_map(std, bac_ninh.code)[3]] == ["labour", "police"]
    # child affairs is the Sở Y tế after the hand-over; the other departments keep their names
    day = dt.date(YEAR, 11, 18)
    assert owners[6].name_on(day) == "Y tế" and owners[10].name_on(day) == "Giáo dục và Đào tạo"


def test_the_provincial_office_accepts_and_returns_nobody_else(two_tier):
    _std, bac_ninh, kinh_bac, tu_son, lao_cai, _sa_pa, _sectors, r = two_tier
    office = user(Role.DISTRICT_OFFICER, bac_ninh)
    a = AssessmentFactory(round=r, commune=kinh_bac, state="submitted")
    assert permissions.relations(office, a) == {moves.RECOGNISING_UNIT}
    assert [m.name for m in permissions.available_moves(a, office)] == ["accept", "return"]
    for outsider in (user(Role.DISTRICT_OFFICER, lao_cai), user(Role.PROVINCIAL_STAFF, bac_ninh),
                     user(Role.COMMUNE_OFFICER, tu_son)):
        assert permissions.available_moves(a, outsider) == []
        with pytest.raises(PermissionDenied):
            services.assessment_accept(by=outsider, assessment_id=a.pk, seen_version=seen(a), on=dt.date(YEAR, 11, 13))
    services.assessment_return(by=office, assessment_id=a.pk, seen_version=seen(a),
                               comment="Bổ sung biên bản", on=dt.date(YEAR, 11, 12))
    a = advance(a, "accepted", recogniser=office)
    assert a.status == "accepted" and a.accepted_on.year == YEAR


def test_the_provincial_departments_appraise_their_criteria_only(two_tier):
    std, bac_ninh, kinh_bac, _tu_son, lao_cai, _sa_pa, sectors, r = two_tier
    a = AssessmentFactory(round=r, commune=kinh_bac, state="accepted")
    child_affairs = user(Role.SECTOR_APPRAISER, bac_ninh, sectors["labour"])
    police = user(Role.SECTOR_APPRAISER, bac_ninh, sectors["police"])
    assert permissions.is_appraiser(child_affairs, kinh_bac, sectors["labour"])
    assert [m.name for m in permissions.available_moves(a, child_affairs)] == ["appraise"]
    assert [m.name for m in permissions.available_moves(a, police)] == ["appraise"]  # shares criterion 3
    appraise(child_affairs, a, {6: {"points": 100, "reason": "Thiếu kế hoạch hỗ trợ được phê duyệt"}},
             on=dt.date(YEAR, 11, 18))
    score6 = a.scores.get(criterion__number=6)
    assert score6.appraised_points == 100 and score6.appraised_by == child_affairs
    for wrong in (child_affairs,  # not its criterion: education owns 10
                  user(Role.SECTOR_APPRAISER, lao_cai, sectors["education"])):  # another province's department
        with pytest.raises(PermissionDenied):
            appraise(wrong, a, {10: {"agree": True}}, on=dt.date(YEAR, 11, 18))
    assert permissions.available_moves(a, user(Role.SECTOR_APPRAISER, lao_cai, sectors["labour"])) == []


def test_the_council_chair_decides_for_the_province_the_member_reads(two_tier):
    _std, bac_ninh, kinh_bac, tu_son, lao_cai, _sa_pa, _sectors, r = two_tier
    chair, member = user(Role.COUNCIL_CHAIR, bac_ninh), user(Role.COUNCIL_MEMBER, bac_ninh)
    a = AssessmentFactory(round=r, commune=kinh_bac, state="appraised")
    b = AssessmentFactory(round=r, commune=tu_son, state="appraised", points={4: 0})
    assert [m.name for m in permissions.available_moves(a, chair)] == ["recognise", "not_recognise"]
    assert permissions.available_moves(a, member) == []
    other_chair = user(Role.COUNCIL_CHAIR, lao_cai)
    for outsider, issuer, refusal in ((other_chair, bac_ninh, PermissionDenied), (member, bac_ninh, PermissionDenied),
                                      (other_chair, lao_cai, ValidationError)):  # not Lào Cai's ward
        with pytest.raises(refusal):
            services.decision_issue(by=outsider, round=r, issuer=issuer, number="1/QĐ-UBND",
                                    signed_on=dt.date(YEAR, 12, 5), signer_name="X", signer_title="Chủ tịch",
                                    outcomes={a.pk: (True, "")}, seen_versions=versions(a))
    a.refresh_from_db()
    assert a.status == "appraised" and not a.round.decisions.exists()
    d = services.decision_issue(by=chair, round=r, issuer=bac_ninh, number="3120/QĐ-UBND",
                                signed_on=dt.date(YEAR, 12, 5), signer_name="Mai Sơn", signer_title="Phó Chủ tịch",
                                outcomes={a.pk: (True, ""), b.pk: (False, "Tiêu chí 4 đạt 0 điểm")},
                                seen_versions=versions(a, b))
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.status, b.status, a.decision_id, d.issuer) == ("recognised", "not_recognised", d.pk, bac_ninh)


def test_the_decision_is_worded_for_the_two_tier_period(two_tier):
    from assessments import documents

    _std, bac_ninh, kinh_bac, *_rest, r = two_tier
    a = AssessmentFactory(round=r, commune=kinh_bac, state="recognised", decision_number="3120/QĐ-UBND")
    ctx = documents.decision_context(a.decision)
    assert ctx["issuer"] == "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH"
    assert ctx["chairman"] == "Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh"
    assert (ctx["signer_authority"], ctx["signer_title"]) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert ctx["kinds"] == "xã, phường, đặc khu" and "các xã, phường, đặc khu có tên" in ctx["executors"]
    assert ctx["bases"][0] == "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"
    assert "Chánh Văn phòng Ủy ban nhân dân tỉnh" in ctx["executors"] and "huyện" not in ctx["executors"]
    assert documents.commune_kinds(dt.date(2025, 6, 30)) == "xã, phường, thị trấn"


def test_rewards_follow_the_period():
    before, after = rules.reward_day(2024), rules.reward_day(2025)
    assert rules.reward_for(3, before).decided_by == "theo quy định thi đua, khen thưởng của tỉnh"
    three, five = rules.reward_for(4, after), rules.reward_for(6, after)
    assert "cấp huyện)" in three.decided_by and "huyện" not in five.name  # no district after 1/7/2025
    assert three.decided_by.startswith("Chủ tịch UBND tỉnh") and five.name == "khen thưởng do Chủ tịch UBND tỉnh xét"
    assert three.provisional and "16/6/2025" in three.source
    assert rules.reward_for(2, after) is None
    periods = rules.reward_periods()
    assert [(p["from"], p["to"]) for p in periods] == [(None, dt.date(2025, 6, 30)), (REFORM, None)]
