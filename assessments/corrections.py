"""Correcting a value of a standard in use: one service, so stored verdicts never go stale.

The review list, the decision form, the reports and the exports read each dossier's stored verdict
(``Assessment.self_total``, ``final_total``, ``meets_standard``, ``zero_criteria``) while the dossier
page judges live. A threshold edited in place would leave them disagreeing, so a standard a round
uses is read-only in the admin and its values change only here: with the text that says so and its
day, applied and followed by a recomputation of every undecided dossier on the standard, inside one
transaction, and recorded (``StandardCorrection``). A decided dossier keeps its decision's verdict.
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Assessment, Score, StandardCorrection
from assessments.services import VERDICT_FIELDS, judge_stored
from criteria import rules
from criteria.models import Standard

F = StandardCorrection.Field
DECIDED = (Assessment.Status.RECOGNISED, Assessment.Status.NOT_RECOGNISED)


def in_use(standard) -> bool:
    """Whether a round uses the standard: then its values change only through a correction."""
    return standard.pk is not None and standard.rounds.exists()


def _value(field, text):
    """The typed value as the standard stores it; ValidationError when it cannot be one."""
    text = str(text).strip()
    if field == F.ZERO_BLOCKS:
        if text not in ("0", "1"):
            raise ValidationError(_("Giá trị mới của quy định tiêu chí 0 điểm phải là 1 (có) hoặc 0 (không)."))
        return text == "1"
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        raise ValidationError(_("Ngưỡng phải là một số nguyên điểm, không phải “%(v)s”.") % {"v": text})
    return int(text)


def _shown(value) -> str:
    return str(int(value)) if isinstance(value, bool) else str(value)


def check(*, standard, field, value, source, decided_on, today=None):
    """The value as stored, or ValidationError saying what is wrong (nothing is changed)."""
    if field not in F.values:
        raise ValidationError(_("Giá trị “%(f)s” không đính chính được ở đây.") % {"f": field})
    new = _value(field, value)
    if field != F.ZERO_BLOCKS and not 0 < new <= standard.total_points + 1:
        raise ValidationError(_("Ngưỡng phải từ 1 đến %(max)s điểm.") % {"max": standard.total_points + 1})
    if not (source or "").strip():
        raise ValidationError(_("Hãy ghi căn cứ: văn bản quy định giá trị mới."))
    today = today or timezone.localdate()
    if not isinstance(decided_on, datetime.date) or decided_on > today:
        raise ValidationError(_("Ngày của văn bản phải là một ngày đã qua (không sau %(d)s).")
                              % {"d": today.strftime("%d/%m/%Y")})
    if getattr(standard, field) == new:
        raise ValidationError(_("Giá trị mới bằng giá trị hiện hành: không có gì để đính chính."))
    return new


def recompute_undecided(standard) -> int:
    """Recompute the stored verdict of every dossier on ``standard`` not yet decided (three queries and
    one bulk update, whatever their number); returns how many."""
    dossiers = list(Assessment.objects.select_for_update().filter(round__standard=standard)
                    .exclude(status__in=DECIDED).only("pk", "tier", *VERDICT_FIELDS))
    self_points, final_points = defaultdict(dict), defaultdict(dict)
    for aid, number, points, appraised in (Score.objects.filter(assessment__in=[a.pk for a in dossiers])
                                           .values_list("assessment_id", "criterion__number", "points",
                                                        "appraised_points")):
        self_points[aid][number] = points
        final_points[aid][number] = appraised if appraised is not None else points
    standard_rules = rules.load_rules(standard.code)
    for a in dossiers:
        judge_stored(a, standard_rules, self_points[a.pk], final_points[a.pk])
    Assessment.objects.bulk_update(dossiers, VERDICT_FIELDS, batch_size=1000)
    return len(dossiers)


@transaction.atomic
def standard_correct(*, by, standard_id, field, value, source, decided_on, today=None):
    """Apply a corrected value to a standard and recompute its undecided dossiers; the correction row."""
    if not by.has_perm("assessments.add_standardcorrection"):
        raise ValidationError(_("Chỉ quản trị hệ thống được đính chính bộ tiêu chuẩn."))
    standard = Standard.objects.select_for_update().get(pk=standard_id)
    new = check(standard=standard, field=field, value=value, source=source, decided_on=decided_on, today=today)
    old = getattr(standard, field)
    setattr(standard, field, new)
    standard.save(update_fields=[field])  # the reference data's generation moves on with it
    count = recompute_undecided(standard)
    return StandardCorrection.objects.create(
        standard=standard, field=field, old_value=_shown(old), new_value=_shown(new),
        source=source.strip(), decided_on=decided_on, made_by=by, dossiers_recomputed=count)
