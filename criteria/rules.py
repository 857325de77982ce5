"""The recognition rule and band scoring: the one place every page, export and report asks.

``evaluate(standard_code, tier, points)`` loads the standard once (``load_rules``, one query) and
hands plain data to the pure core ``judge(rules, tier, points)``; loops over many communes load the
rules once and call ``judge`` directly. ``indicator_points`` turns raw figures into points through a
sub-indicator's bands. Nothing here imports models at module level: only the loader does.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import formatting

TIERS = ("city_ward", "other", "remote")
TIER_LABELS = {
    "city_ward": gettext_lazy("phường thuộc thành phố trực thuộc Trung ương"),
    "other": gettext_lazy("xã, phường, thị trấn khác"),
    "remote": gettext_lazy("xã, thị trấn miền núi, hải đảo, đặc biệt khó khăn"),
}
MEASURES = ("points", "percent", "rate")


class RuleError(ValueError):
    """Input the rule cannot judge (unknown standard, tier or criterion; points out of range)."""


@dataclass(frozen=True)
class StandardRules:
    """Everything the rule needs from a standard, as plain data (no database)."""

    code: str
    thresholds: Mapping[str, int]  # tier -> minimum total
    zero_blocks: bool  # a criterion at 0 blocks recognition
    max_points: Mapping[int, int]  # criterion number -> maximum points
    names: Mapping[int, str] = field(default_factory=dict)  # criterion number -> name, for reasons
    total_points: int | None = None
    zero_blocks_source: str = ""  # the text behind the zero veto; empty: applied, but shown as unconfirmed


@dataclass(frozen=True)
class Verdict:
    standard_code: str
    tier: str
    total: Decimal
    threshold: int
    recognised: bool
    reasons: list[str]  # Vietnamese sentences, empty when recognised
    zero_criteria: tuple[int, ...] = ()  # criteria scored 0 (blocking only if the standard says so)
    missing_criteria: tuple[int, ...] = ()  # criteria not yet scored

    @property
    def shortfall(self) -> Decimal:
        """Points still needed to reach the threshold (0 when reached)."""
        return max(Decimal(self.threshold) - self.total, Decimal(0))


def plain_points(value, empty="—") -> str:
    """Points with a decimal point and no trailing zeros (80, 12.5), as the stored figures keep them;
    ``empty`` for nothing. A person reads format_points."""
    return empty if value is None else format(Decimal(value).normalize(), "f")


def format_points(value, empty="") -> str:
    """Points the Vietnamese way: 850, 849,5 (no trailing zeros, decimal comma); ``empty`` for nothing."""
    return empty if value is None else formatting.number(value)


def _criterion_label(rules: StandardRules, number: int) -> str:
    name = rules.names.get(number)
    return _("tiêu chí %(n)s (%(name)s)") % {"n": number, "name": name} if name else _(
        "tiêu chí %(n)s") % {"n": number}


def _as_points(number: int, value, maximum: int) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise RuleError(_("Điểm của tiêu chí %(n)s phải là số nguyên hoặc số thập phân, không phải “%(v)s”.")
                        % {"n": number, "v": value})
    points = Decimal(value)
    if not points.is_finite():
        raise RuleError(_("Điểm của tiêu chí %(n)s không hợp lệ: %(v)s.") % {"n": number, "v": value})
    if points < 0 or points > maximum:
        raise RuleError(_("Điểm của tiêu chí %(n)s phải từ 0 đến %(max)s, không phải %(v)s.")
                        % {"n": number, "max": maximum, "v": format_points(points)})
    return points


def judge(rules: StandardRules, tier: str, points: Mapping) -> Verdict:
    """The pure core: recognised when every criterion is scored, none is at 0 (where the standard
    says so) and the total reaches the tier's threshold (≥). Raises RuleError on bad input."""
    if tier not in TIERS or tier not in rules.thresholds:
        raise RuleError(_("Nhóm ngưỡng công nhận “%(tier)s” không hợp lệ (chỉ có: %(known)s).")
                        % {"tier": tier, "known": ", ".join(TIERS)})
    if not isinstance(points, Mapping):
        raise RuleError(_("Điểm phải là một bảng số tiêu chí → điểm."))
    threshold = int(rules.thresholds[tier])
    scored = {}
    for number, value in points.items():
        if isinstance(number, bool) or not isinstance(number, int) or number not in rules.max_points:
            raise RuleError(_("Bộ tiêu chuẩn %(code)s không có tiêu chí số %(n)s.")
                            % {"code": rules.code, "n": number})
        if value is not None:
            scored[number] = _as_points(number, value, rules.max_points[number])
    total = sum(scored.values(), Decimal(0))
    missing = tuple(n for n in sorted(rules.max_points) if n not in scored)
    zeros = tuple(n for n in sorted(scored) if scored[n] == 0)

    reasons = []
    if len(missing) == 1:
        reasons.append(_("Chưa chấm điểm %(c)s.") % {"c": _criterion_label(rules, missing[0])})
    elif missing:
        reasons.append(_("Còn %(count)s tiêu chí chưa chấm điểm: %(list)s.")
                       % {"count": len(missing), "list": ", ".join(map(str, missing))})
    if rules.zero_blocks:
        for n in zeros:
            label = _criterion_label(rules, n)
            if rules.zero_blocks_source:
                reasons.append(_("%(c)s đạt 0 điểm; theo quy định, có tiêu chí 0 điểm thì không được công nhận "
                                 "(%(source)s).") % {"c": label[:1].upper() + label[1:],
                                                     "source": rules.zero_blocks_source})
            else:
                reasons.append(_("%(c)s đạt 0 điểm; có tiêu chí 0 điểm thì không được công nhận (quy định này của "
                                 "bộ tiêu chuẩn %(code)s chưa được đối chiếu với văn bản gốc).")
                               % {"c": label[:1].upper() + label[1:], "code": rules.code})
    if total < threshold:
        reasons.append(_("Tổng điểm %(total)s chưa đạt ngưỡng %(threshold)s điểm của nhóm %(tier)s "
                         "(còn thiếu %(gap)s điểm).")
                       % {"total": format_points(total), "threshold": threshold,
                          "tier": TIER_LABELS[tier], "gap": format_points(threshold - total)})
    return Verdict(standard_code=rules.code, tier=tier, total=total, threshold=threshold,
                   recognised=not reasons, reasons=reasons, zero_criteria=zeros,
                   missing_criteria=missing)


def load_rules(standard_code: str) -> StandardRules:
    """The standard's rules from the database in one query (two when it has no criteria)."""
    from criteria.models import Criterion, Standard

    rows = list(Criterion.objects.filter(standard__code=standard_code).order_by("number").values_list(
        "number", "name", "max_points", "standard__threshold_city_ward", "standard__threshold_other",
        "standard__threshold_remote", "standard__zero_blocks", "standard__total_points",
        "standard__zero_blocks_source"))
    if not rows:
        if not Standard.objects.filter(code=standard_code).exists():
            raise RuleError(_("Không có bộ tiêu chuẩn “%(code)s”.") % {"code": standard_code})
        raise RuleError(_("Bộ tiêu chuẩn %(code)s chưa có tiêu chí nào.") % {"code": standard_code})
    _n, _name, _max, city_ward, other, remote, zero_blocks, total, zero_source = rows[0]
    return StandardRules(
        code=standard_code,
        thresholds={"city_ward": city_ward, "other": other, "remote": remote},
        zero_blocks=zero_blocks, zero_blocks_source=zero_source,
        max_points={n: m for n, _nm, m, *_rest in rows},
        names={n: nm for n, nm, *_rest in rows},
        total_points=total,
    )


def rules_of(standard, criteria) -> StandardRules:
    """The rules of a standard whose criteria a page has already loaded (no query)."""
    return StandardRules(
        code=standard.code, thresholds=standard.thresholds(), zero_blocks=standard.zero_blocks,
        zero_blocks_source=standard.zero_blocks_source,
        max_points={c.number: c.max_points for c in criteria}, names={c.number: c.name for c in criteria},
        total_points=standard.total_points)


def evaluate(standard_code: str, tier: str, points: Mapping) -> Verdict:
    """Whether a commune with these points is recognised under the standard (see ``judge``)."""
    if tier not in TIERS:  # refuse before touching the database
        raise RuleError(_("Nhóm ngưỡng công nhận “%(tier)s” không hợp lệ (chỉ có: %(known)s).")
                        % {"tier": tier, "known": ", ".join(TIERS)})
    return judge(load_rules(standard_code), tier, points)


def max_points(standard_code: str) -> dict[int, int]:
    """Criterion number → maximum points of the standard."""
    return dict(load_rules(standard_code).max_points)


# --- bands: raw figures → points ------------------------------------------------------------

def _decimal(value, what: str) -> Decimal:
    if isinstance(value, bool):
        raise RuleError(_("%(what)s phải là số, không phải “%(v)s”.") % {"what": what, "v": value})
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise RuleError(_("%(what)s phải là số, không phải “%(v)s”.") % {"what": what, "v": value})
    if not number.is_finite():
        raise RuleError(_("%(what)s phải là số, không phải “%(v)s”.") % {"what": what, "v": value})
    return number


BAND_OPS = {"<": lambda v, b: v < b, "<=": lambda v, b: v <= b, ">=": lambda v, b: v >= b,
            ">": lambda v, b: v > b}
DEFAULT_OP = {"percent": ">=", "rate": "<="}


def check_bands(measure: str, bands, max_points) -> list[tuple[Decimal, Decimal, str]]:
    """The bands as (bound, points, comparison) triples, best first; RuleError when they cannot be used.

    A band is [bound, points] or [bound, points, comparison] with comparison one of <, <=, >=, >.
    Without one, percent (tỷ lệ, higher is better) earns the points from the bound up ("từ 95% trở
    lên": >= 95) and rate (tỷ suất, lower is better) up to the bound included ("không có": <= 0);
    "dưới 2%" is [2, points, "<"]: every value below 2, 1.995 included, so no value falls in a gap.
    """
    if measure not in ("percent", "rate"):
        raise RuleError(_("Cách tính “%(m)s” không dùng thang điểm.") % {"m": measure})
    if not isinstance(bands, Sequence) or isinstance(bands, str) or not bands:
        raise RuleError(_("Chỉ tiêu chưa có thang điểm."))
    cap = _decimal(max_points, _("Điểm tối đa"))
    triples = []
    for band in bands:
        if isinstance(band, str) or not isinstance(band, Sequence) or len(band) not in (2, 3):
            raise RuleError(_("Mỗi mức của thang điểm phải là một cặp [ngưỡng, điểm] (có thể thêm phép so "
                              "sánh: [2, 75, \"<\"]), không phải %(b)s.") % {"b": band})
        bound, points = _decimal(band[0], _("Ngưỡng")), _decimal(band[1], _("Điểm"))
        op = band[2] if len(band) == 3 else DEFAULT_OP[measure]
        if op not in BAND_OPS:
            raise RuleError(_("Phép so sánh “%(op)s” của thang điểm không hợp lệ (chỉ <, <=, >=, >).")
                            % {"op": op})
        if bound < 0 or (measure == "percent" and bound > 100):
            raise RuleError(_("Ngưỡng %(b)s của thang điểm không hợp lệ.") % {"b": format_points(bound)})
        if points < 0 or points > cap:
            raise RuleError(_("Mức [%(b)s, %(p)s] cho điểm ngoài khoảng 0 đến %(max)s.")
                            % {"b": format_points(bound), "p": format_points(points),
                               "max": format_points(cap)})
        triples.append((bound, points, op))
    triples.sort(key=lambda band: band[0], reverse=(measure == "percent"))
    return triples


def measure_value(measure: str, numerator, denominator, rate_base=1000) -> Decimal:
    """The percentage (numerator / denominator × 100) or rate (× rate_base), exact."""
    num, den = _decimal(numerator, _("Tử số")), _decimal(denominator, _("Mẫu số"))
    if num < 0 or den < 0:
        raise RuleError(_("Tử số và mẫu số không được âm."))
    if den == 0:
        raise RuleError(_("Mẫu số bằng 0: không tính được tỷ lệ, tỷ suất. Hãy kiểm tra số liệu "
                          "(ví dụ số trẻ em của xã)."))
    if num > den:
        raise RuleError(_("Tử số (%(num)s) lớn hơn mẫu số (%(den)s).")
                        % {"num": format_points(num), "den": format_points(den)})
    if measure == "percent":
        base = Decimal(100)
    elif measure == "rate":
        base = _decimal(rate_base, _("Cơ số tỷ suất"))
        if base <= 0:
            raise RuleError(_("Cơ số tỷ suất phải lớn hơn 0."))
    else:
        raise RuleError(_("Cách tính “%(m)s” không tính từ số liệu.") % {"m": measure})
    return num * base / den


def band_for(checked, value):
    """The (bound, points, comparison) of the best band ``value`` meets, or None when it meets none."""
    for band in checked:
        if BAND_OPS[band[2]](value, band[0]):
            return band
    return None


def bands_cover_all(measure: str, bands, max_points) -> bool:
    """Whether every possible value meets some band: a table that says what every figure earns.

    Bands are half-lines, so which bands a value meets changes only at their bounds: probing each
    bound, the ends of the range and one value between each pair of neighbours covers every case.
    A table with only the top band ("từ 98% trở lên: 50") does not cover the values below it.
    """
    checked = check_bands(measure, bands, max_points)
    ends = {Decimal(0), Decimal(100)} if measure == "percent" else {Decimal(0)}
    marks = sorted({bound for bound, _p, _op in checked} | ends)
    probes = set(marks) | {(a + b) / 2 for a, b in zip(marks, marks[1:])}
    if measure == "rate":
        probes.add(marks[-1] + 1)  # a rate has no upper end
    return all(band_for(checked, value) is not None for value in probes)


def indicator_points(measure: str, bands, numerator, denominator, rate_base, max_points) -> Decimal | None:
    """Points of a banded sub-indicator from its raw figures, or None when the table has no band for them.

    The best band whose comparison the value meets (percent: ≥ the bound unless the band says
    otherwise; rate: ≤ the bound, or < for "dưới"). The value is exact (no rounding), so 1.995% is
    below 2%. A value below every known band is None, never 0: the guidance has lower bands this
    table does not know, and 0 would veto recognition; 0 comes only from a band that says 0. A zero
    denominator is a RuleError.
    """
    checked = check_bands(measure, bands, max_points)
    band = band_for(checked, measure_value(measure, numerator, denominator, rate_base))
    return None if band is None else band[1]


def lowest_band_points(measure: str, bands, max_points) -> Decimal:
    """The fewest points a known band gives: a value below every known band earns less than this."""
    return min(points for _bound, points, _op in check_bands(measure, bands, max_points))


def describe_bands(measure: str, bands, max_points, rate_base=1000) -> str:
    """The known bands in words, best first: "từ 98% trở lên: 50 điểm", "dưới 2/100 trẻ em: 75 điểm"."""
    words = {">=": _("từ %(b)s trở lên"), ">": _("trên %(b)s"), "<=": _("không quá %(b)s"), "<": _("dưới %(b)s")}
    unit = "%" if measure == "percent" else _("/%(base)s trẻ em") % {"base": format_points(rate_base)}
    return "; ".join(_("%(cond)s: %(p)s điểm") % {"cond": words[op] % {"b": format_points(bound) + unit},
                                                   "p": format_points(points)}
                     for bound, points, op in check_bands(measure, bands, max_points))


# --- consecutive years across the 2025 reform -------------------------------------------------

CONTINUITY_RULE = gettext_lazy(
    "Năm trước khi sắp xếp đơn vị hành chính (01/7/2025), một xã mới được tính là đã được công nhận "
    "nếu mọi xã cũ hợp thành nó đều được công nhận năm đó (xã cũ nhập toàn bộ; xã cũ bị chia cho "
    "nhiều xã mới chỉ tính ở xã kế thừa chính). Xã không có xã cũ nào như vậy không mang năm nào từ "
    "trước sang.")


def recognised_in(year: int, own: set[int], predecessors: Sequence[set[int]] = ()) -> bool:
    """Whether a commune counts ``year`` as recognised: its own decision, or, for a year before it
    was formed, every predecessor that formed it (``predecessors``: each one's recognised years; the
    ones that went into it whole, and a divided one only in its default successor) recognised then."""
    if year in own:
        return True
    return bool(predecessors) and all(year in p for p in predecessors)


def consecutive_years(year: int, own: set[int], predecessors: Sequence[set[int]] = (), limit: int = 5) -> int:
    """How many years in a row up to ``year`` the commune counts as recognised (at most ``limit``)."""
    run = 0
    while run < limit and recognised_in(year - run, own, predecessors):
        run += 1
    return run


# --- rewards for consecutive years recognised ----------------------------------------------------
# Which reward a commune recognised 3 or 5 years in a row is proposed for, by province and period, with
# the text that says so in its own words. A province's own text applies only to that province and the
# period it covers; every other province (or a period no text of its own covers) reads the rows for any
# province, which name no form of reward. ``provisional``: no text gives the form of the reward (giấy
# khen, bằng khen …); the pages mark it. The only provincial text at hand is Ninh Thuận's 2017–2020 plan.

NINH_THUAN_965 = "Kế hoạch số 965/KH-UBND ngày 22/3/2017 của UBND tỉnh Ninh Thuận"
TWO_TIER = ("Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025 (chính quyền địa phương hai cấp "
            "từ 01/7/2025, không còn Ủy ban nhân dân cấp huyện)")
NO_PROVINCIAL_TEXT = ("chưa ghi văn bản của tỉnh về khen thưởng xã, phường, thị trấn phù hợp với trẻ em (hình thức, "
                      "thẩm quyền khen thưởng theo quy định thi đua, khen thưởng của tỉnh)")
REFORM_DAY = datetime.date(2025, 7, 1)
BEFORE_REFORM = REFORM_DAY - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Reward:
    years: int           # consecutive years recognised: 3 or 5
    name: str            # the reward proposed, in the text's words
    decided_by: str      # who decides it
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    source: str          # the document, its section and its words
    provisional: bool = True  # no text gives the form of the reward
    province: str = ""   # official code of the province whose text it is; "" for any province

    def applies_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


REWARDS = (
    # Ninh Thuận (code 58), its plan "đến năm 2020", section V.11.d, the districts' duty
    Reward(3, "khen thưởng, động viên kịp thời", "UBND huyện, thành phố", datetime.date(2017, 3, 22),
           datetime.date(2020, 12, 31),
           f"{NINH_THUAN_965}, mục V.11.d: “Căn cứ vào tình hình thực tế để khen thưởng, động viên kịp thời đối "
           "với các xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em trong 03 năm liên tục”", province="58"),
    Reward(5, "Chủ tịch UBND tỉnh xét khen thưởng", "Chủ tịch UBND tỉnh, do UBND huyện, thành phố trình",
           datetime.date(2017, 3, 22), datetime.date(2020, 12, 31),
           f"{NINH_THUAN_965}, mục V.11.d: “trình Chủ tịch Ủy ban nhân dân tỉnh xét khen thưởng đối với xã, "
           "phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em trong 05 [năm] liên tục”", province="58"),
    # any province without a text of its own
    Reward(3, "khen thưởng theo quy định của tỉnh", "theo quy định thi đua, khen thưởng của tỉnh", None,
           BEFORE_REFORM, NO_PROVINCIAL_TEXT[:1].upper() + NO_PROVINCIAL_TEXT[1:]),
    Reward(5, "khen thưởng theo quy định của tỉnh", "theo quy định thi đua, khen thưởng của tỉnh", None,
           BEFORE_REFORM, NO_PROVINCIAL_TEXT[:1].upper() + NO_PROVINCIAL_TEXT[1:]),
    Reward(3, "khen thưởng do Chủ tịch UBND tỉnh xét", "Chủ tịch UBND tỉnh (không còn cấp huyện)", REFORM_DAY, None,
           f"{TWO_TIER}; {NO_PROVINCIAL_TEXT}"),
    Reward(5, "khen thưởng do Chủ tịch UBND tỉnh xét", "Chủ tịch UBND tỉnh (không còn cấp huyện)", REFORM_DAY, None,
           f"{TWO_TIER}; {NO_PROVINCIAL_TEXT}"),
)


def reward_day(year: int) -> datetime.date:
    """The day the list of round ``year`` proposes its rewards: after that year's decisions (December),
    so the 2025 list, the first of the two-tier period, follows the province."""
    return datetime.date(year, 12, 31)


def rewards_on(day, province: str = "") -> dict[int, Reward]:
    """{3: the 3-year reward, 5: the 5-year reward} in force on ``day`` in ``province`` (its official code;
    "" for the whole country): the province's own rows where a text of it covers the day, else any province's."""
    rows = [r for r in REWARDS if r.applies_on(day) and r.province in ("", province)]
    own = [r for r in rows if r.province]
    return {r.years: r for r in (own or rows)}


def reward_for(run: int, day, province: str = "") -> Reward | None:
    """The reward a run of ``run`` consecutive years earns on ``day`` (None below 3 years)."""
    rewards = rewards_on(day, province)
    return rewards[5] if run >= 5 else rewards[3] if run >= 3 else None


def reward_periods(province: str = "") -> list[dict]:
    """Each period with its two rewards in ``province``, oldest first ("from" None: since always, "to" None:
    still in force): what the 3- and 5-year lists say applies when."""
    rows = [r for r in REWARDS if r.province in ("", province)]
    starts = sorted({datetime.date.min} | {r.valid_from for r in rows if r.valid_from}
                    | {r.valid_to + datetime.timedelta(days=1) for r in rows if r.valid_to})
    periods = []
    for start in starts:
        rewards = rewards_on(start, province)
        if periods and (periods[-1]["three"], periods[-1]["five"]) == (rewards[3], rewards[5]):
            continue
        if periods:
            periods[-1]["to"] = start - datetime.timedelta(days=1)
        periods.append({"from": None if start == datetime.date.min else start, "to": None,
                        "three": rewards[3], "five": rewards[5]})
    return periods
