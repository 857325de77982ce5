"""Pure rules of an inspection plan: no models, no database.

Dates, sessions, scores and small texts in; answers (or ValueError with a Vietnamese message) out.
"""

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.moves import Move

# Seed 002, appendix 01: mornings start at 07:00, afternoons at 13:30.
SESSION_START = {"morning": time(7, 0), "afternoon": time(13, 30)}

# --- the plan's moves as data: read by services, views, templates and the home page ---------------

PROVINCIAL_STAFF = "provincial_staff"  # accounts.Role value
ISSUING_PROVINCE = "issuing_province"  # the user's unit lies in the province of the plan's issuer


MOVES = (
    Move("approve", ("draft",), "approved", (PROVINCIAL_STAFF,), ISSUING_PROVINCE, _lazy("Phê duyệt kế hoạch"),
         confirm=True, icon="check2-circle",
         consequence=_lazy("Kế hoạch được phê duyệt và ban hành. Sau bước này không sửa được nội dung kế hoạch, "
                           "thành phần đoàn, phân công tiêu chí, địa bàn và đề cương nữa.")),
    Move("start", ("approved",), "in_progress", (PROVINCIAL_STAFF,), ISSUING_PROVINCE, _lazy("Bắt đầu kiểm tra"),
         confirm=True, style="warning", icon="play-circle",
         consequence=_lazy("Đoàn bắt đầu kiểm tra theo lịch đã xếp: các đơn vị được kiểm tra và đoàn ghi kết quả, "
                           "kết luận; lịch làm việc không còn sửa được. Không thể quay lại trạng thái đã phê duyệt.")),
    Move("close", ("in_progress",), "closed", (PROVINCIAL_STAFF,), ISSUING_PROVINCE, _lazy("Kết thúc kiểm tra"),
         confirm=True, style="success", icon="flag",
         consequence=_lazy("Đợt kiểm tra kết thúc: kết quả và kết luận tại từng đơn vị được chốt, không ghi thêm "
                           "hay sửa được nữa; chỉ còn theo dõi các việc sau kiểm tra.")),
)
BY_NAME = {m.name: m for m in MOVES}
# old → reachable states, derived from the table
TRANSITIONS = {s: tuple(m.target for m in MOVES if s in m.sources)
               for s in ("draft", "approved", "in_progress", "closed")}


def findings_due(window_end: date, report_days: int | None) -> date | None:
    """The consolidated report's due day: ``report_days`` after the inspection ends (seed 000, VII.1:
    "sau khi kết thúc đợt kiểm tra 15 ngày"); None when the plan sets no such term (seed 002 sets none)."""
    if report_days is None:
        return None
    return window_end + timedelta(days=report_days)


def join_words(first: str, second: str) -> str:
    """Two names as one phrase, without saying a word twice where they meet: "Lãnh đạo Sở" + "Sở Y tế" →
    "Lãnh đạo Sở Y tế" (never "Sở Sở"); "Phó Giám đốc" + "Sở Tư pháp" → "Phó Giám đốc Sở Tư pháp"."""
    a, b = " ".join(first.split()), " ".join(second.split())
    if not a or not b:
        return a or b
    left, right = a.split(" "), b.split(" ")
    for k in range(min(len(left), len(right)), 0, -1):
        if [w.casefold() for w in left[-k:]] == [w.casefold() for w in right[:k]]:
            return " ".join(left[:-k] + right)
    return f"{a} {b}"


def count_of_names(labels: list[str], mixed: str) -> str:
    """"03 huyện Sa Pa, Văn Bàn và Si Ma Cai" when every name has one kind; "10 đơn vị cấp huyện: Huyện Sơn
    Động, …" when they differ (``mixed`` names the level); "" for none."""
    from core.names import bare_name

    if not labels:
        return ""
    kinds = {label[: len(label) - len(bare_name(label))].strip().lower() for label in labels}
    count = f"{len(labels):02d}"
    if len(kinds) == 1 and "" not in kinds:
        names = [bare_name(label) for label in labels]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + _(" và ") + names[-1]
        return f"{count} {kinds.pop()} {listed}"
    return f"{count} {mixed}: " + ", ".join(labels)


def duty_lines(text: str, due_on: date | None) -> list[str]:
    """A duty's lines as written; when its due day is not in them, a last line says it."""
    items = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if due_on is not None:
        written = {f"{due_on.day}/{due_on.month}/{due_on.year}", due_on.strftime("%d/%m/%Y")}
        if not any(w in line for line in items for w in written):
            items.append(_("- Thời hạn gửi báo cáo: trước ngày %(day)s.") % {"day": due_on.strftime("%d/%m/%Y")})
    return items


def can_move(old: str, new: str) -> bool:
    return new in TRANSITIONS.get(old, ())


def move_to(old: str, new: str) -> Move | None:
    """The move of the table leading from ``old`` to ``new``, or None."""
    return next((m for m in MOVES if old in m.sources and m.target == new), None)


def available(status: str, role: str, relations) -> list[Move]:
    """The moves a user with ``role`` and these unit ``relations`` may make from ``status``."""
    return [m for m in MOVES if status in m.sources and m.allows(role, relations)]


def in_window(day: date, start: date, end: date) -> bool:
    return start <= day <= end


@dataclass(frozen=True)
class Slot:
    """Where a team or sub-team is in one session; ``subteam`` None means the whole team."""

    day: date
    session: str
    subteam: int | None
    place: str


def clash(new: Slot, existing: list[Slot]) -> Slot | None:
    """The booked slot that ``new`` collides with, or None.

    A sub-team cannot be in two places in one session, and while the whole team works somewhere no
    sub-team is free for another place (and the other way round).
    """
    for slot in existing:
        if slot.day != new.day or slot.session != new.session:
            continue
        if slot.subteam is None or new.subteam is None or slot.subteam == new.subteam:
            return slot
    return None


def reference_points(self_points: Decimal | None, appraised_points: Decimal | None) -> Decimal | None:
    """What the re-check is compared with: the appraised points, else the commune's own."""
    return appraised_points if appraised_points is not None else self_points


def difference(self_points, appraised_points, rechecked) -> Decimal | None:
    ref = reference_points(self_points, appraised_points)
    if ref is None or rechecked is None:
        return None
    return Decimal(rechecked) - Decimal(ref)


def flagged(self_points, appraised_points, rechecked) -> bool:
    """A re-check differs from the appraised points, or there was nothing to compare it with."""
    diff = difference(self_points, appraised_points, rechecked)
    return diff is None or diff != 0


def lines(text: str) -> list[str]:
    """One item per non-empty line, list markers ("- ", "+ ") removed."""
    items = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*[-+•]\s*", "", line).strip().rstrip(";")
        if line:
            items.append(line)
    return items


_YEAR_LINE = re.compile(r"^\s*(?:năm\s+)?([\d\s,;\-–và]+?)\s*:\s*(.+)$", re.IGNORECASE)


def parse_year_notes(text: str, year_from: int, year_to: int) -> dict[str, str]:
    """Parse lines such as "2015, 2016: hồ sơ đánh giá" or "2015-2016: ..." into {"2015": ...}."""
    notes: dict[str, str] = {}
    for line in lines(text):
        match = _YEAR_LINE.match(line)
        if not match:
            raise ValueError(_("Dòng “%(line)s” cần có dạng “2015, 2016: nội dung kiểm tra”.") % {"line": line})
        years = _years(match.group(1))
        for year in years:
            if not year_from <= year <= year_to:
                raise ValueError(_("Năm %(year)s nằm ngoài thời hiệu kiểm tra %(a)s–%(b)s.")
                                 % {"year": year, "a": year_from, "b": year_to})
            notes[str(year)] = match.group(2).strip()
    return notes


def _years(spec: str) -> list[int]:
    years: list[int] = []
    for part in re.split(r"[,;]|\bvà\b", spec):
        part = part.strip()
        if not part:
            continue
        bounds = re.split(r"\s*[-–]\s*", part)
        if not all(b.isdigit() and len(b) == 4 for b in bounds) or len(bounds) > 2:
            raise ValueError(_("“%(part)s” không phải là năm.") % {"part": part})
        first, last = int(bounds[0]), int(bounds[-1])
        years.extend(range(first, last + 1))
    return years


def group_year_notes(notes: dict[str, str]) -> list[tuple[list[int], str]]:
    """Years sharing one note, in order: [([2015, 2016], "hồ sơ…"), ([2017], "triển khai…")]."""
    groups: list[tuple[list[int], str]] = []
    for year in sorted(int(y) for y in notes):
        note = notes[str(year)]
        if groups and groups[-1][1] == note:
            groups[-1][0].append(year)
        else:
            groups.append(([year], note))
    return groups


def format_year_notes(notes: dict[str, str]) -> str:
    """The inverse of parse_year_notes, for editing."""
    return "\n".join(f"{', '.join(str(y) for y in years)}: {note}" for years, note in group_year_notes(notes))
