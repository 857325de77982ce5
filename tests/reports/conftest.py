"""A hand-computed fixture for the reports: two provinces, two rounds, every status.

Real names and pre-reform codes (vietnam-provinces 0.6.0); standard QĐ 06/QĐ-TTg (13 criteria,
1,000 points; thresholds 900 city wards / 850 others / 800 remote; no criterion at 0).

    Tỉnh Ninh Thuận (58)
      Huyện Ninh Sơn (585)          target 2024: 60% (the district's own)
        Thị trấn Tân Sơn (22810)    2023 recognised 1000 · 2024 recognised 1000
        Xã Lâm Sơn (22813)          2023 recognised 950  · 2024 NOT recognised 825 (TC3=0, TC5=0)
        Xã Lương Sơn (22816)        2023 NOT recognised 900 (TC3=0) · 2024 recognised 900
                                    (TC1=50, TC9 self 50 appraised 25, TC13=50)
        Xã Quảng Sơn (22819)        2024 draft (TC1=100, TC2=0, the rest unscored)
        Xã Mỹ Sơn (22822)           2024 registered, never started
      Huyện Bác Ái (584)            no target of its own: the national 65% by 2025 applies
        Xã Phước Bình (22783) remote  2023 recognised 1000 · 2024 appraised 975 (TC6=100)
        Xã Phước Hòa (22786) remote   2023 NOT recognised 800 (TC1=25, TC6=0) · 2024 submitted 875 (TC6=0)
    Tỉnh Lạng Sơn (20)
      Huyện Văn Lãng (182)
        Thị trấn Na Sầm (06124)     2024 recognised 1000

Registered in 2024: Tân Sơn, Lương Sơn, Quảng Sơn, Mỹ Sơn, Phước Hòa, Na Sầm.
Every deadline of both rounds is in the past, so late steps count as overdue.
"""

import datetime
from types import SimpleNamespace

import pytest

STANDARD = "06/QĐ-TTg"


def _round(province, year, standard):
    """Opened through the service by the province's staff (factories.RoundFactory), these deadlines."""
    from tests.factories import RoundFactory

    return RoundFactory(province=province, year=year, standard=standard,
                        registration_due=datetime.date(year, 3, 31), appraisal_due=datetime.date(year, 11, 25),
                        decision_due=datetime.date(year, 11, 30))


@pytest.fixture
def assess(db):
    """assess(round, commune, status, points={n: p}, appraised={n: p}, unscored=()) -> Assessment
    (factories.recorded_assessment: every criterion at its maximum unless listed, the verdict stored)."""
    from tests.factories import recorded_assessment

    return recorded_assessment


@pytest.fixture
def make_round(db):
    return _round


@pytest.fixture
def world(standards, make_unit, assess):
    from assessments.models import Assessment, Registration
    from communes.models import Kind, Level, Tier
    from reports.models import Target

    S = Assessment.Status
    std = standards[STANDARD]
    nt = make_unit("Tỉnh Ninh Thuận", "58", Level.PROVINCE, Kind.PROVINCE, valid_to=datetime.date(2025, 6, 30))
    ninh_son = make_unit("Huyện Ninh Sơn", "585", Level.DISTRICT, Kind.RURAL_DISTRICT, nt,
                         valid_to=datetime.date(2025, 6, 30))
    bac_ai = make_unit("Huyện Bác Ái", "584", Level.DISTRICT, Kind.RURAL_DISTRICT, nt,
                       valid_to=datetime.date(2025, 6, 30))

    def commune(name, code, parent, kind=Kind.COMMUNE, tier=Tier.OTHER):
        return make_unit(name, code, Level.COMMUNE, kind, parent, tier=tier, valid_to=datetime.date(2025, 6, 30))

    tan_son = commune("Thị trấn Tân Sơn", "22810", ninh_son, Kind.TOWNSHIP)
    lam_son = commune("Xã Lâm Sơn", "22813", ninh_son)
    luong_son = commune("Xã Lương Sơn", "22816", ninh_son)
    quang_son = commune("Xã Quảng Sơn", "22819", ninh_son)
    my_son = commune("Xã Mỹ Sơn", "22822", ninh_son)
    phuoc_binh = commune("Xã Phước Bình", "22783", bac_ai, tier=Tier.REMOTE)
    phuoc_hoa = commune("Xã Phước Hòa", "22786", bac_ai, tier=Tier.REMOTE)

    ls = make_unit("Tỉnh Lạng Sơn", "20", Level.PROVINCE, Kind.PROVINCE, valid_to=datetime.date(2025, 6, 30))
    van_lang = make_unit("Huyện Văn Lãng", "182", Level.DISTRICT, Kind.RURAL_DISTRICT, ls,
                         valid_to=datetime.date(2025, 6, 30))
    na_sam = commune("Thị trấn Na Sầm", "06124", van_lang, Kind.TOWNSHIP)

    r23, r24, ls24 = _round(nt, 2023, std), _round(nt, 2024, std), _round(ls, 2024, std)

    assess(r23, tan_son, S.RECOGNISED)
    assess(r23, lam_son, S.RECOGNISED, points={1: 50})
    assess(r23, luong_son, S.NOT_RECOGNISED, points={3: 0})
    assess(r23, phuoc_binh, S.RECOGNISED)
    assess(r23, phuoc_hoa, S.NOT_RECOGNISED, points={1: 25, 6: 0})

    assess(r24, tan_son, S.RECOGNISED)
    assess(r24, lam_son, S.NOT_RECOGNISED, points={3: 0, 5: 0})
    assess(r24, luong_son, S.RECOGNISED, points={1: 50, 13: 50}, appraised={9: 25})
    assess(r24, quang_son, S.DRAFT, points={1: 100, 2: 0}, unscored=range(3, 14))
    assess(r24, phuoc_binh, S.APPRAISED, points={6: 100})
    assess(r24, phuoc_hoa, S.SUBMITTED, points={6: 0})
    assess(ls24, na_sam, S.RECOGNISED)

    for c in (tan_son, luong_son, quang_son, my_son, phuoc_hoa):
        Registration.objects.create(round=r24, commune=c, registered_on=datetime.date(2024, 3, 1))
    Registration.objects.create(round=ls24, commune=na_sam, registered_on=datetime.date(2024, 3, 1))

    Target.objects.create(unit=ninh_son, year=2024, percent=60, source="Báo cáo của UBND huyện Ninh Sơn")
    Target.objects.create(unit=nt, year=2020, percent=80, source="Kế hoạch số 965/KH-UBND ngày 22/3/2017")
    Target.objects.create(unit=nt, kind=Target.Kind.NEW_SHARE, year_from=2017, year=2020, percent=3,
                          percent_max=5, source="Kế hoạch số 965/KH-UBND ngày 22/3/2017")
    Target.objects.create(unit=ls, year=2022, percent=95)
    Target.objects.create(unit=None, year=2025, percent=65, source="Chương trình quốc gia")
    Target.objects.create(unit=None, year=2030, percent=75, source="Chương trình quốc gia")

    return SimpleNamespace(
        standard=std, nt=nt, ninh_son=ninh_son, bac_ai=bac_ai, tan_son=tan_son, lam_son=lam_son,
        luong_son=luong_son, quang_son=quang_son, my_son=my_son, phuoc_binh=phuoc_binh,
        phuoc_hoa=phuoc_hoa, ls=ls, van_lang=van_lang, na_sam=na_sam, r23=r23, r24=r24, ls24=ls24)


@pytest.fixture
def cast(world, make_user):
    """A user per reporting role over the world above."""
    return SimpleNamespace(
        provincial=make_user("provincial_staff", world.nt),
        district=make_user("district_officer", world.ninh_son),
        other_district=make_user("district_officer", world.bac_ai),
        chair=make_user("council_chair", world.ninh_son),
        national=make_user("national_staff", None),
        outsider=make_user("provincial_staff", world.ls),
        commune=make_user("commune_officer", world.tan_son),
    )
