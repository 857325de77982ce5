"""A small world for the inspection tests: two provinces, a test standard, one user per part.

    Tỉnh Lào Cai (10)                      Tỉnh Bắc Giang (24)
      Huyện Văn Bàn                          Huyện Sơn Động
        Xã Võ Lao, Thị trấn Khánh Yên          Xã An Bá
      Thị xã Sa Pa
        Xã Tả Van

The standard has four criteria owned by default by LĐTBXH (1, 3), Y tế (2) and GD&ĐT (4); Lào Cai's
ownership gives criterion 3 to Y tế, so an assignment built from the province differs from the
national default.
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from accounts.models import Role
from assessments.models import Round
from communes.models import Kind, Level
from criteria.models import Criterion, Ownership, Sector, Standard
from inspections import services
from tests import factories


def _unit(name, code, level, kind, parent=None):
    return factories.UnitFactory(name=name, code=code, level=level, kind=kind, parent=parent,
                                 valid_from=dt.date(2008, 1, 1), valid_to=dt.date(2025, 6, 30))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    lao_cai = _unit("Tỉnh Lào Cai", "10", Level.PROVINCE, Kind.PROVINCE)
    van_ban = _unit("Huyện Văn Bàn", "089", Level.DISTRICT, Kind.RURAL_DISTRICT, lao_cai)
    vo_lao = _unit("Xã Võ Lao", "03061", Level.COMMUNE, Kind.COMMUNE, van_ban)
    khanh_yen = _unit("Thị trấn Khánh Yên", "03055", Level.COMMUNE, Kind.TOWNSHIP, van_ban)
    sa_pa = _unit("Thị xã Sa Pa", "088", Level.DISTRICT, Kind.TOWN, lao_cai)
    ta_van = _unit("Xã Tả Van", "02980", Level.COMMUNE, Kind.COMMUNE, sa_pa)
    bac_giang = _unit("Tỉnh Bắc Giang", "24", Level.PROVINCE, Kind.PROVINCE)
    son_dong = _unit("Huyện Sơn Động", "220", Level.DISTRICT, Kind.RURAL_DISTRICT, bac_giang)
    an_ba = _unit("Xã An Bá", "07690", Level.COMMUNE, Kind.COMMUNE, son_dong)

    sectors = {code: Sector.objects.create(code=code, name=name, short_name=short) for code, name, short in (
        ("labour", "Lao động - Thương binh và Xã hội", "LĐTBXH"), ("health", "Y tế", "Y tế"),
        ("education", "Giáo dục và Đào tạo", "GD&ĐT"), ("police", "Công an", "Công an"))}
    standard = Standard.objects.create(
        code="TEST/2014", title="Bộ tiêu chuẩn thử", issued_on=dt.date(2014, 5, 30),
        in_force_from=dt.date(2014, 7, 15), total_points=300, threshold_city_ward=250,
        threshold_other=240, threshold_remote=230)
    criteria = {}
    for number, name, points, owner in ((1, "Chỉ đạo của cấp ủy, chính quyền", 100, "labour"),
                                        (2, "Trẻ em được đăng ký khai sinh", 50, "health"),
                                        (3, "Trẻ em bị tai nạn, thương tích", 75, "labour"),
                                        (4, "Trẻ em đến trường mầm non", 75, "education")):
        criteria[number] = Criterion.objects.create(standard=standard, number=number, name=name,
                                                    max_points=points, default_sector=sectors[owner])
    Ownership.objects.create(province_code="10", criterion=criteria[3], sector=sectors["health"],
                             source="Kế hoạch số 260/KH-UBND (thử)")

    def user(username, role, unit, sector=None):
        return factories.UserFactory(username=username, role=role, unit=unit, sector=sector, first_name=username)

    users = SimpleNamespace(
        planner=user("tinh.laocai", Role.PROVINCIAL_STAFF, lao_cai),
        planner_bg=user("tinh.bacgiang", Role.PROVINCIAL_STAFF, bac_giang),
        labour=user("so.ldtbxh", Role.SECTOR_APPRAISER, lao_cai, sectors["labour"]),
        health=user("so.yte", Role.SECTOR_APPRAISER, lao_cai, sectors["health"]),
        district_health=user("huyen.yte", Role.SECTOR_APPRAISER, van_ban, sectors["health"]),
        district=user("huyen.vanban", Role.DISTRICT_OFFICER, van_ban),
        district_sapa=user("huyen.sapa", Role.DISTRICT_OFFICER, sa_pa),
        commune=user("xa.volao", Role.COMMUNE_OFFICER, vo_lao),
        commune_other=user("xa.khanhyen", Role.COMMUNE_OFFICER, khanh_yen),
        council=user("hoidong.vanban", Role.COUNCIL_MEMBER, van_ban),
        national=user("trunguong", Role.NATIONAL_STAFF, None),
    )
    return SimpleNamespace(lao_cai=lao_cai, van_ban=van_ban, vo_lao=vo_lao, khanh_yen=khanh_yen, sa_pa=sa_pa,
                           ta_van=ta_van, bac_giang=bac_giang, son_dong=son_dong, an_ba=an_ba,
                           sectors=sectors, standard=standard, criteria=criteria, users=users)


PLAN_FIELDS = dict(
    title="Kiểm tra liên ngành thực hiện Quyết định số 34/2014/QĐ-TTg trên địa bàn tỉnh Lào Cai",
    place="Lào Cai", issuer_body="ỦY BAN NHÂN DÂN TỈNH LÀO CAI", number="260/KH-UBND",
    issued_on=dt.date(2017, 10, 9), review_from_year=2015, review_to_year=2017, score_year=2016,
    review_notes={"2015": "hồ sơ đánh giá", "2016": "hồ sơ đánh giá", "2017": "công tác triển khai"},
    window_start=dt.date(2017, 10, 23), window_end=dt.date(2017, 11, 10),
    legal_basis=["Căn cứ Kế hoạch số 171/KH-UBND ngày 17/10/2014 của UBND tỉnh Lào Cai"],
    purposes="Đánh giá công tác chỉ đạo, điều hành của cấp ủy, chính quyền các cấp.",
    budget_source="Ngân sách tỉnh cấp cho Sở Lao động - Thương binh và Xã hội.",
    signer_authority="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH", signer_name="Nguyễn Văn A",
    recipients=["UBND các huyện: Sa Pa, Văn Bàn", "Lưu: VT"],
    outline_title="Báo cáo thực hiện Quyết định số 34/2014/QĐ-TTg", report_days=15,
)


@pytest.fixture
def plan(world):
    """A draft plan of Lào Cai covering Văn Bàn and its two communes, with a head, a deputy and GD&ĐT in two
    sub-teams; its consolidated report is due 15 days after the inspection ends (seed 000)."""
    u = world.users.planner
    p = services.inspection_create(by=u, issuer=world.lao_cai, standard=world.standard, **PLAN_FIELDS)
    for unit in (world.van_ban, world.vo_lao, world.khanh_yen):
        services.inspection_add_unit(by=u, plan_id=p.pk, seen_version=factories.plan_seen(p.pk), unit=unit)
    t1 = services.inspection_add_subteam(by=u, plan_id=p.pk, seen_version=factories.plan_seen(p.pk))
    t2 = services.inspection_add_subteam(by=u, plan_id=p.pk, seen_version=factories.plan_seen(p.pk))
    services.inspection_add_member(by=u, plan_id=p.pk, seen_version=factories.plan_seen(p.pk),
                                   team_role="head", sector=world.sectors["labour"],
                                   organisation="Sở Lao động - Thương binh và Xã hội", name="Trần Văn Bình",
                                   position="Phó Giám đốc Sở", subteam=t1, leads_subteam=True)
    services.inspection_add_member(by=u, plan_id=p.pk, seen_version=factories.plan_seen(p.pk),
                                   team_role="deputy", sector=world.sectors["health"],
                                   organisation="Sở Y tế", name="Lê Thị Cúc", position="Phó Giám đốc Sở",
                                   subteam=t2, leads_subteam=True)
    # every department the assignment names is on the team, in a sub-team (criterion 4: GD&ĐT)
    services.inspection_add_member(by=u, plan_id=p.pk, seen_version=factories.plan_seen(p.pk),
                                   sector=world.sectors["education"],
                                   organisation="Sở Giáo dục và Đào tạo", position="Phó Giám đốc Sở", subteam=t2)
    services.inspection_add_section(by=u, plan_id=p.pk, seen_version=factories.plan_seen(p.pk),
                                    code="A.I", title="Đặc điểm tình hình",
                                    guidance="1. Đặc điểm tình hình kinh tế, chính trị, văn hóa - xã hội.")
    p.refresh_from_db()
    p.t1, p.t2 = t1, t2
    return p


def start(plan, world, visits=((dt.date(2017, 10, 24), "morning", "vo_lao"),
                               (dt.date(2017, 10, 24), "afternoon", "khanh_yen"))):
    """Approve the plan, schedule the visits (whole team), start the inspection."""
    u = world.users.planner
    for day, session, unit in visits:
        services.inspection_schedule(by=u, plan_id=plan.pk, seen_version=factories.plan_seen(plan.pk),
                                     unit=getattr(world, unit), date=day, session=session)
    services.inspection_transition(by=u, plan_id=plan.pk, seen_version=factories.plan_seen(plan), to="approved")
    services.inspection_transition(by=u, plan_id=plan.pk, seen_version=factories.plan_seen(plan), to="in_progress")
    plan.refresh_from_db()
    return plan


@pytest.fixture
def assessment_2016(world):
    """Võ Lao's 2016 assessment: self-assessed and appraised points for every criterion."""
    r = Round.objects.create(province=world.lao_cai, year=2016, standard=world.standard,
                             period_start=dt.date(2015, 11, 1), period_end=dt.date(2016, 10, 31),
                             submission_due=dt.date(2016, 11, 15), appraisal_due=dt.date(2016, 11, 25),
                             decision_due=dt.date(2016, 11, 30), report_due=dt.date(2016, 12, 10))
    return factories.recorded_assessment(r, world.vo_lao, "recognised", points={1: 90, 2: 50, 3: 75, 4: 70},
                                         appraised={1: 85, 2: 50, 4: 70}, tier="remote")


@pytest.fixture
def plan_fields():
    return dict(PLAN_FIELDS)


@pytest.fixture
def start_plan(world):
    return lambda plan, **kw: start(plan, world, **kw)
