"""What an officer typed for the self-assessment, read into points by one rule (no database).

The scoring page, its live verdict and the Excel upload hand their typed values here; the service
``scores_save`` saves what ``read_entries`` returns, or refuses everything when it reports an error.
Every number goes through ``core.numbers.parse_vn_decimal``.

For each criterion:
* "Xóa điểm" (``clear``) unscores it and forgets its raw figures: the only way to unscore.
* Raw figures (``figures``), when any sub-indicator has some: every sub-indicator must have its
  figures (a blank one is "chưa nhập", never 0), and the points are the band rule's
  (``criteria.rules.indicator_points``) summed, whatever was typed in the points field; when the
  typed points differ, a notice says which points were used. Where the band table has no band for
  the figures (only its top band is known), the officer types the sub-indicator's points as the
  guidance gives them, kept beside the figures (``"entered": true``): never a silent 0.
* Otherwise the typed points; a field left empty where a score was saved is refused.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.numbers import parse_vn_decimal
from criteria import rules

# beside points the officer typed where the band table has no band for the figures
ENTERED = gettext_lazy(" (điểm nhập theo hướng dẫn: thang điểm chưa có mức này)")
FIGURE_LIMIT = 10**9  # no commune counts a billion children: beyond this a figure is a typing error


@dataclass
class Entry:
    points: Decimal | None
    figures: dict | None  # as stored ({"<indicator id>": {"numerator": "99", "denominator": "100",
    #                        "points": "50"}}); None: keep the saved figures
    from_figures: bool = False
    cleared: bool = False


@dataclass
class Entries:
    values: dict = field(default_factory=dict)  # criterion number → Entry
    errors: dict = field(default_factory=dict)  # criterion number → [message]
    invalid: set = field(default_factory=set)  # names of the fields that are wrong
    notices: list = field(default_factory=list)  # what the officer should know about what is saved

    def refuse(self, number, message, *fields):
        self.errors.setdefault(number, []).append(message)
        self.invalid.update(fields)

    @property
    def messages(self):
        return [m for n in sorted(self.errors) for m in self.errors[n]]


def banded(indicator) -> bool:
    """A sub-indicator whose points follow from raw figures (a percentage or rate with bands)."""
    return indicator.banded


def takes_figures(indicators) -> bool:
    """Whether a criterion's page row asks for raw figures (one of its sub-indicators has bands)."""
    return any(banded(i) for i in indicators)


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _band_points(n, ind, label, num, den, typed, prefix, out):
    """(points, typed by the officer) of a banded sub-indicator; (None, False) after refusing.

    A band the figures meet gives its points (typed points are not needed). Where the table has no
    band for them (below its only known band, or no case at all: a zero denominator), the guidance
    has points the table does not know: the officer types them (kept beside the raw figures), below
    the known band's points unless there was no case; nothing typed is refused, never a silent 0.
    """
    try:
        points = rules.indicator_points(ind.measure, ind.bands, num, den, ind.rate_base, ind.max_points)
        ceiling, no_case = rules.lowest_band_points(ind.measure, ind.bands, ind.max_points), False
    except ValueError as e:
        if den != 0 or num != 0:
            out.refuse(n, f"{label}: {e}", prefix + "numerator", prefix + "denominator")
            return None, False
        points, ceiling, no_case = None, Decimal(ind.max_points), True
    if points is not None:
        return points, False
    if _blank(typed):
        why = (_("mẫu số bằng 0 (không có trường hợp nào), thang điểm không tính được") if no_case else
               _("số liệu chưa đạt mức nào của thang điểm đã biết (%(bands)s); hướng dẫn chấm điểm có các mức "
                 "thấp hơn mà bảng điểm của ứng dụng chưa có")
               % {"bands": rules.describe_bands(ind.measure, ind.bands, ind.max_points, ind.rate_base)})
        out.refuse(n, _("%(label)s: %(why)s. Hãy nhập điểm của chỉ tiêu theo hướng dẫn chấm điểm (ô “điểm theo "
                        "hướng dẫn”); ứng dụng không tự cho 0 điểm.") % {"label": label, "why": why}, prefix + "points")
        return None, False
    try:
        points = parse_vn_decimal(typed, label=label + _(" (điểm theo hướng dẫn)"), max_value=ind.max_points)
    except ValidationError as e:
        out.refuse(n, e.messages[0], prefix + "points")
        return None, False
    if not no_case and points >= ceiling:
        out.refuse(n, _("%(label)s: số liệu dưới mức thấp nhất đã biết của thang điểm (%(bands)s), nên điểm phải "
                        "dưới %(p)s.") % {"label": label, "p": rules.format_points(ceiling),
                                          "bands": rules.describe_bands(ind.measure, ind.bands, ind.max_points,
                                                                        ind.rate_base)},
                   prefix + "points")
        return None, False
    return points, True


def _read_figures(n, indicators, typed, out):
    """(points, stored figures) from a criterion's raw figures; (None, {}) when none was typed."""
    parsed, missing, given, failed = {}, [], False, False
    for ind in indicators:
        fig = typed.get(str(ind.pk)) or typed.get(ind.pk) or {}
        prefix = f"fig_{n}_{ind.pk}_"
        label = _("Tiêu chí %(n)s, chỉ tiêu %(n)s.%(i)s") % {"n": n, "i": ind.number}
        if banded(ind):
            num_text, den_text = fig.get("numerator"), fig.get("denominator")
            if _blank(num_text) and _blank(den_text):
                missing.append(ind)
                continue
            given = True
            try:
                num = parse_vn_decimal(num_text, label=label + _(" (tử số)"), max_value=FIGURE_LIMIT, decimals=0)
            except ValidationError as e:
                out.refuse(n, e.messages[0], prefix + "numerator")
                failed = True
                num = None
            try:
                den = parse_vn_decimal(den_text, label=label + _(" (mẫu số)"), max_value=FIGURE_LIMIT, decimals=0)
            except ValidationError as e:
                out.refuse(n, e.messages[0], prefix + "denominator")
                failed = True
                den = None
            if failed:
                continue
            if num is None or den is None:
                which = _("tử số") if num is None else _("mẫu số")
                out.refuse(n, _("%(label)s: chưa nhập %(which)s.") % {"label": label, "which": which},
                           prefix + ("numerator" if num is None else "denominator"))
                failed = True
                continue
            points, entered = _band_points(n, ind, label, num, den, fig.get("points"), prefix, out)
            if points is None:
                failed = True
                continue
            parsed[str(ind.pk)] = {"numerator": rules.plain_points(num), "denominator": rules.plain_points(den),
                                   "points": rules.plain_points(points)}
            if entered:
                parsed[str(ind.pk)]["entered"] = True
        else:
            if _blank(fig.get("points")):
                missing.append(ind)
                continue
            given = True
            try:
                points = parse_vn_decimal(fig.get("points"), label=label, max_value=ind.max_points)
            except ValidationError as e:
                out.refuse(n, e.messages[0], prefix + "points")
                failed = True
                continue
            parsed[str(ind.pk)] = {"points": rules.plain_points(points)}
    if not given:
        return None, {}
    if missing and not failed:
        out.refuse(n, _("Tiêu chí %(n)s: chưa nhập số liệu của chỉ tiêu %(list)s. Hãy nhập đủ số liệu các chỉ tiêu "
                        "(điểm tính theo thang điểm), hoặc để trống toàn bộ số liệu và gõ điểm tiêu chí.")
                   % {"n": n, "list": ", ".join(f"{n}.{i.number}" for i in missing)},
                   *(f"fig_{n}_{i.pk}_{part}" for i in missing for part in ("numerator", "denominator", "points")))
        failed = True
    if failed:
        return None, None
    return sum((Decimal(p["points"]) for p in parsed.values()), Decimal(0)), parsed


def read_entries(*, criteria, indicators, saved, points, figures=None, clear=()):
    """Entries for the criteria the officer sent.

    criteria: the standard's criteria; indicators: criterion pk → its sub-indicators;
    saved: criterion number → its saved points (None when not scored);
    points: criterion number → what was typed (text or a number; sent fields only);
    figures: criterion number → {indicator id: {"numerator", "denominator", "points"}} as typed;
    clear: criterion numbers whose "Xóa điểm" was chosen.
    """
    figures, clear = figures or {}, set(clear)
    by_number = {c.number: c for c in criteria}
    out = Entries()
    for n in sorted(set(points) | set(figures) | clear, key=lambda k: (not isinstance(k, int), str(k))):
        c = by_number.get(n)
        if c is None:
            continue  # the service reports criteria the standard does not have
        label = _("Tiêu chí %(n)s") % {"n": n}
        if n in clear:
            out.values[n] = Entry(points=None, figures={}, cleared=True)
            continue
        from_figures, stored = _read_figures(n, indicators.get(c.pk, ()), figures.get(n, {}), out) \
            if n in figures else (None, {})
        try:
            typed_points = parse_vn_decimal(points.get(n), label=label, max_value=c.max_points)
        except ValidationError as e:
            out.refuse(n, e.messages[0], f"points_{n}")
            continue
        if stored is None:  # the figures were refused
            continue
        if from_figures is not None:
            if from_figures > c.max_points:
                out.refuse(n, _("Tiêu chí %(n)s: các chỉ tiêu cộng lại %(p)s điểm, vượt điểm tối đa %(max)s.")
                           % {"n": n, "p": rules.format_points(from_figures), "max": c.max_points}, f"points_{n}")
                continue
            if typed_points is not None and typed_points != from_figures:
                out.notices.append(_("Tiêu chí %(n)s: điểm tính từ số liệu theo thang điểm là %(p)s, "
                                     "được dùng thay cho %(t)s đã gõ.")
                                   % {"n": n, "p": rules.format_points(from_figures),
                                      "t": rules.format_points(typed_points)})
            out.values[n] = Entry(points=from_figures, figures=stored, from_figures=True)
            continue
        if typed_points is None and n in points and saved.get(n) is not None:
            out.refuse(n, _("Tiêu chí %(n)s: ô điểm bị để trống trong khi đã có điểm %(p)s. Muốn bỏ điểm này, "
                            "hãy chọn “Xóa điểm” ở dòng của tiêu chí trên trang chấm điểm.")
                       % {"n": n, "p": rules.format_points(saved[n])}, f"points_{n}")
            continue
        if n not in points and n not in figures:
            continue
        new = typed_points if n in points else saved.get(n)
        # figures not sent and the points unchanged (an Excel row): the saved figures still explain them
        out.values[n] = Entry(points=new, figures=None if n not in figures and new == saved.get(n) else {})
    return out
