import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from accounts.models import Role
from assessments import services
from criteria.models import Sector


@pytest.fixture
def workflow(standards, units, make_user):
    """A 2024 round of Lào Cai on QĐ 06/QĐ-TTg with a user for each step of Văn Bàn's workflow."""
    province_staff = make_user(Role.PROVINCIAL_STAFF, units.province)
    std = standards["06/QĐ-TTg"]
    r = services.round_open(by=province_staff, province=units.province, year=2024, standard=std,
                            period_start=datetime.date(2023, 11, 1), period_end=datetime.date(2024, 10, 31),
                            submission_due=datetime.date(2024, 11, 15), appraisal_due=datetime.date(2024, 11, 30),
                            decision_due=datetime.date(2024, 12, 10), report_due=datetime.date(2024, 12, 10))
    appraisers = {s.code: make_user(Role.SECTOR_APPRAISER, units.district, s) for s in Sector.objects.all()}
    return SimpleNamespace(
        round=r, standard=std, units=units, province_staff=province_staff, appraisers=appraisers,
        officer=make_user(Role.COMMUNE_OFFICER, units.commune),
        neighbour_officer=make_user(Role.COMMUNE_OFFICER, units.neighbour),
        outsider=make_user(Role.COMMUNE_OFFICER, units.other_commune),
        district=make_user(Role.DISTRICT_OFFICER, units.district),
        chair=make_user(Role.COUNCIL_CHAIR, units.district),
        other_district=make_user(Role.DISTRICT_OFFICER, units.other_district),
    )


def full_points(standard, **overrides):
    points = {c.number: Decimal(c.max_points) for c in standard.criteria.all()}
    points.update({int(k.removeprefix("tc")): Decimal(v) for k, v in overrides.items()})
    return points


def scored_and_submitted(w, commune=None, officer=None, **overrides):
    officer = officer or w.officer
    a = services.assessment_start(by=officer, round=w.round, commune=commune or w.units.commune)
    services.scores_save(by=officer, assessment_id=a.pk, seen_version=a.version,
                         points=full_points(w.standard, **overrides))
    services.council_save(by=officer, assessment_id=a.pk, meeting_date=datetime.date(2024, 11, 8),
                          conclusion="Đề nghị công nhận", members=[
                              {"name": "Nguyễn Văn A", "position": "Chủ tịch UBND", "council_role": "chair"}])
    services.assessment_submit(by=officer, assessment_id=a.pk)
    a.refresh_from_db()
    return a


def appraise_all(w, a, adjust=None):
    from criteria.selectors import owner_map

    owners = owner_map(w.standard, w.units.province.code)
    for s in a.scores.select_related("criterion"):
        who = w.appraisers[owners[s.criterion.number].code]
        if adjust and s.criterion.number in adjust:
            services.score_appraise(by=who, score_id=s.pk, agree=False, points=adjust[s.criterion.number],
                                    reason="Số liệu chưa khớp")
        else:
            services.score_appraise(by=who, score_id=s.pk, agree=True)
