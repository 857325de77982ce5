"""The summary's "quá hạn" counts a step done on a day after its round's deadline, judged by the act's own
date (the submission, the appraisal report, the decision's signing), beside the steps not done in time
(the fixture's two in Ninh Sơn: a draft and a registration never started). The deadlines come from each
dossier's own round, joined in the summary's one aggregate (``reports.selectors._overdue``)."""

import datetime

from reports import selectors
from reports.scope import Scope

TODAY = datetime.date(2025, 1, 15)  # after every deadline of the 2024 rounds


def _overdue(scope):
    s = selectors.summary(scope, today=TODAY)
    return {r.unit.pk: r.overdue for r in s["rows"]}, s["total"].overdue


def _late(world, *, submitted=None, appraised=None, signed=None):
    """Acts of Ninh Sơn's 2024 dossiers on these days: {commune: day} each. Round r24's deadlines:
    submission 15/11, appraisal 25/11, decision 30/11 (tests/reports/conftest.py)."""
    from assessments.models import Assessment, Decision

    def dossier(commune):
        return Assessment.objects.get(round=world.r24, commune=commune)

    for commune, day in (submitted or {}).items():
        Assessment.objects.filter(pk=dossier(commune).pk).update(submitted_on=day)
    for commune, day in (appraised or {}).items():
        Assessment.objects.filter(pk=dossier(commune).pk).update(appraisal_report_on=day)
    for commune, day in (signed or {}).items():
        decision = Decision.objects.create(round=world.r24, issuer=world.ninh_son, number=f"{day.day}/QĐ-UBND",
                                           signed_on=day, signer_name="Nguyễn Văn A", signer_title="Chủ tịch")
        Assessment.objects.filter(pk=dossier(commune).pk).update(decision=decision)


def test_acts_within_their_deadlines_add_nothing(world, cast):
    _late(world, submitted={world.tan_son: datetime.date(2024, 11, 15), world.lam_son: datetime.date(2024, 11, 10)},
          appraised={world.lam_son: datetime.date(2024, 11, 25)}, signed={world.luong_son: datetime.date(2024, 11, 30)})
    rows, total = _overdue(Scope(cast.provincial, 2024, world.nt))
    assert rows[world.ninh_son.pk] == 2 and total == 4  # the fixture's steps not done in time, no more


def test_each_act_after_its_deadline_counts_its_dossier_once(world, cast):
    _late(world, submitted={world.tan_son: datetime.date(2024, 11, 16)},  # a day after the submission deadline
          appraised={world.lam_son: datetime.date(2024, 11, 26)},
          signed={world.luong_son: datetime.date(2024, 12, 2)})
    rows, total = _overdue(Scope(cast.provincial, 2024, world.nt))
    assert rows[world.ninh_son.pk] == 2 + 3 and rows[world.bac_ai.pk] == 2 and total == 7

    # a dossier late at two steps is one dossier overdue
    _late(world, appraised={world.tan_son: datetime.date(2024, 11, 28)})
    assert _overdue(Scope(cast.provincial, 2024, world.nt))[0][world.ninh_son.pk] == 5


def test_the_national_summary_counts_them_under_the_province(world, cast):
    _late(world, submitted={world.tan_son: datetime.date(2024, 11, 16)},
          signed={world.luong_son: datetime.date(2024, 12, 2)})
    rows, total = _overdue(Scope(cast.national, 2024))
    assert rows[world.nt.pk] == 4 + 2 and rows[world.ls.pk] == 0 and total == 6
