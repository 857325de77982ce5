"""What the commune is told when its dossier moves: returned (with the reason), accepted, appraised,
decided. ``dossier_moved`` is called by services._move for every move; the key names the move's
Transition, so one move is announced once to each of the commune's officers (accounts.notifications).
"""

from django.urls import reverse

from accounts.models import Role, User
from accounts.notifications import notify
from assessments.models import Assessment
from communes.selectors import recognising_unit

S = Assessment.Status


def _d(day):
    return day.strftime("%d/%m/%Y") if day else "—"


def _by(a, t):
    """The recognising unit that made move ``t``, named as on the day of the act."""
    unit = recognising_unit(a.commune, t.acted_on or a.round.decision_due)
    return unit.name if unit is not None else ""


def _texts(a, t):
    c, y = a.commune.name, a.round.year
    if t.to_status == S.RETURNED:
        return (f"Hồ sơ năm {y} của {c} được trả lại để bổ sung",
                f"{_by(a, t)} trả lại hồ sơ đánh giá xã, phường phù hợp với trẻ em năm {y} của {c} "
                f"ngày {_d(t.acted_on)}.\n"
                f"Nội dung cần bổ sung: {t.comment.strip()}\n"
                f"Hạn nộp hồ sơ: {_d(a.round.submission_due)}.")
    if t.to_status == S.ACCEPTED:
        return (f"Hồ sơ năm {y} của {c} đã được tiếp nhận",
                f"{_by(a, t)} tiếp nhận hồ sơ hợp lệ của {c} ngày {_d(t.acted_on)}; "
                "hồ sơ đang được các ngành thẩm định.")
    if t.to_status == S.APPRAISED:
        return (f"Hồ sơ năm {y} của {c} đã được thẩm định",
                f"Báo cáo thẩm định hồ sơ của {c} ngày {_d(t.acted_on)}. "
                f"Tổng điểm sau thẩm định: {a.final_total:g}. Hồ sơ chờ Hội đồng xét công nhận.")
    if t.to_status in (S.RECOGNISED, S.NOT_RECOGNISED):
        d = a.decision
        act = (f"Quyết định số {d.number} ngày {_d(d.signed_on)} của {d.issuer.name}" if d
               else f"Quyết định ngày {_d(t.acted_on)}")
        if t.to_status == S.RECOGNISED:
            return (f"{c} được công nhận xã, phường phù hợp với trẻ em năm {y}",
                    f"{act} công nhận {c} đạt tiêu chuẩn xã, phường phù hợp với trẻ em năm {y}.")
        return (f"{c} chưa được công nhận xã, phường phù hợp với trẻ em năm {y}",
                f"{act}: {c} chưa được công nhận năm {y}.\nLý do: {t.comment.strip() or a.decision_reason}")
    return None


def dossier_moved(a, t):
    """Notify the commune's officers of move ``t`` (a Transition) of dossier ``a``, if it is one they are told of."""
    texts = _texts(a, t)
    if texts is None:
        return []
    officers = User.objects.filter(role=Role.COMMUNE_OFFICER, unit_id=a.commune_id, is_active=True)
    return notify(officers, f"dossier:{a.pk}:{t.to_status}:{t.pk}", *texts,
                  url=reverse("assessments:detail", args=[a.pk]))
