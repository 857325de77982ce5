"""Part II.3 of a period review, drafted from the record by the reports' selectors: one source of figures.

Nothing here counts a dossier itself. Each year's row is the total of ``reports.selectors.summary`` for the
part's unit and year (registered, assessed, recognised, newly recognised, lost, the target of the year); the
criteria failed are ``reports.selectors.criteria_analysis`` of each year, added up over the span, with the
sector owning each criterion in the unit's province (``criteria.selectors.owner_map``); the consecutive-year
lists are ``reports.selectors.holders`` of the last year; the changes across the 2025 reform are read from
the same yearly rows (and the rules the reports state: ``COUNTS_RULE``, ``HISTORY_RULE``).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from communes.models import REFORM_DATE
from core import formatting
from criteria.selectors import owner_map
from reports import charts, selectors
from reports.scope import HISTORY_RULE, UNIT_READER, Scope

REFORM_YEAR = int(REFORM_DATE[:4])


@dataclass(frozen=True)
class YearRow:
    """One year of the span, as the reports' summary counts it for the unit."""

    year: int
    units: int
    registered: int
    assessed: int
    submitted: int
    recognised: int
    newly: int
    lost: int
    previously: int
    share: Decimal | None
    target: Decimal | None
    target_label: str
    gap: Decimal | None
    needed: int | None
    has_round: bool
    counts_rule: str = ""

    @property
    def kept(self):
        """Recognised this year and the year before (recognised, not newly)."""
        return self.recognised - self.newly

    @property
    def shown_share(self):
        """The share a document shows: none for a year the record holds no round of (no figures, not 0%)."""
        return self.share if self.has_round else None

    @property
    def met(self):
        """Whether the year's target was reached: None without a target."""
        if self.target is None or self.shown_share is None:
            return None
        return self.share >= self.target


# The reader of a part's figures (reports.scope.UNIT_READER): whoever may read the part (its page asked reviews'
# need-to-know) reads all of its unit's figures, the same for every reader and every print: the scope is bounded
# by the part's unit, so this reader sees the unit whole (a province formed by the 2025 reform reading a former
# district's review included: the reports' own scope of a user would show it none of that district's communes).

def scope_of(part, user, year):
    """The reports' scope of the part's unit for one year (``user`` already may read the part)."""
    return Scope(user=UNIT_READER, year=year, unit=part.unit)


def year_rows(part, user):
    rows, history = [], False
    for year in range(part.round.year_from, part.round.year_to + 1):
        scope = scope_of(part, user, year)
        data = selectors.summary(scope)
        t = data["total"]
        rows.append(YearRow(
            year=year, units=t.units, registered=t.registered, assessed=t.assessed, submitted=t.submitted,
            recognised=t.recognised, newly=t.newly, lost=t.lost, previously=t.previously, share=t.share,
            target=t.target_percent, target_label=t.target.source if t.target else "", gap=t.gap, needed=t.needed,
            has_round=bool(data["rounds"]), counts_rule=str(data["counts_rule"] or "")))
        history = history or scope.has_history()
    return rows, history


def failed_criteria(part, user):
    """The criteria scored 0 over the span, most often first: per criterion of each standard used, the
    units at 0 (dossiers of the years added up), those kept from recognition by that criterion alone, the
    years it happened, and the sector owning the criterion in the unit's province."""
    found, owners = {}, {}
    for year in range(part.round.year_from, part.round.year_to + 1):
        scope = scope_of(part, user, year)
        analysis = selectors.criteria_analysis(scope)
        for r in analysis["rows"]:
            if not r["zeros"]:
                continue
            key = (r["standard"], r["number"])
            if r["standard"] not in owners:
                owners[r["standard"]] = owner_map(r["criterion"].standard, scope.province_code())
            sector = owners[r["standard"]].get(r["number"])
            entry = found.setdefault(key, {"standard": r["standard"], "number": r["number"], "name": r["name"],
                                           "zeros": 0, "blocks": 0, "years": [],
                                           "sector": sector.name_on(datetime.date(year, 12, 31)) if sector else ""})
            entry["zeros"] += r["zeros"]
            entry["blocks"] += r["blocks"]
            entry["years"].append(year)
    rows = sorted(found.values(), key=lambda e: (-e["zeros"], -e["blocks"], e["standard"], e["number"]))
    by_sector = {}
    for e in rows:
        if e["sector"]:
            s = by_sector.setdefault(e["sector"], {"sector": e["sector"], "zeros": 0, "criteria": []})
            s["zeros"] += e["zeros"]
            s["criteria"].append(f"TC{e['number']}")
    return rows, sorted(by_sector.values(), key=lambda s: (-s["zeros"], s["sector"]))


def reform_changes(part, rows, history):
    """What the 2025 reform changed within the span, in sentences, or [] when the span does not cross it."""
    if not (part.round.year_from < REFORM_YEAR <= part.round.year_to):
        return []
    before = next((r for r in rows if r.year == REFORM_YEAR - 1), None)
    after = next((r for r in rows if r.year == REFORM_YEAR), None)
    lines = [_("Từ ngày 01/7/2025 chính quyền địa phương hai cấp: không còn cấp huyện; cấp tỉnh xem xét, công nhận "
               "xã, phường, đặc khu phù hợp với trẻ em; công tác trẻ em chuyển từ ngành Lao động - Thương binh và Xã "
               "hội sang ngành Y tế.")]
    if before and after:
        lines.append(_("Số đơn vị cấp xã: %(a)s đơn vị năm %(y1)s, %(b)s đơn vị năm %(y2)s; "
                       "đạt chuẩn: %(ra)s và %(rb)s.")
                     % {"a": before.units, "y1": before.year, "b": after.units, "y2": after.year,
                        "ra": before.recognised, "rb": after.recognised})
    rules = {r.counts_rule for r in rows if r.counts_rule}
    lines += sorted(rules)
    if history:
        lines.append(str(HISTORY_RULE))
    return lines


def draft(part, user):
    """Everything part II.3 shows: the yearly rows, the failed criteria and sectors, the holders of 3 and 5
    years in a row at the end of the span, the reform's changes, and the charts (``serif`` ones for print)."""
    rows, history = year_rows(part, user)
    criteria, sectors = failed_criteria(part, user)
    holders = selectors.holders(scope_of(part, user, part.round.year_to))
    totals = {"registered": sum(r.registered for r in rows), "assessed": sum(r.assessed for r in rows),
              "newly": sum(r.newly for r in rows), "lost": sum(r.lost for r in rows)}
    return {"rows": rows, "criteria": criteria, "sectors": sectors, "by_sector": by_sector_line(sectors),
            "holders": holders,
            "holders_5": [h for h in holders if h["run"] >= 5], "holders_3": [h for h in holders if h["run"] < 5],
            "reform": reform_changes(part, rows, history), "totals": totals, "last": rows[-1] if rows else None}


def chart_share(rows, *, serif=False, chart_id="review-share"):
    """The recognised share of each year beside its target."""
    return charts.lines([r.year for r in rows], [
        charts.Series(_("Tỷ lệ đơn vị đạt chuẩn"), charts.NAVY, [r.shown_share for r in rows], width=3,
                      labels=True),
        charts.Series(_("Chỉ tiêu"), charts.RED, [r.target for r in rows], dash="6,4", dots=False)],
        title=None, serif=serif, chart_id=chart_id, label=_("Tỷ lệ đơn vị đạt chuẩn so với chỉ tiêu qua các năm"))


def chart_criteria(criteria, *, serif=False, chart_id="review-criteria"):
    """The criteria most often at 0 over the span (the first eight)."""
    top = criteria[:8]
    if not top:
        return ""
    peak = max(e["zeros"] for e in top)
    step = max(1, -(-peak // 5))
    return charts.hbars(
        [f"TC{e['number']} ({e['sector']})" if e["sector"] else f"TC{e['number']}" for e in top],
        [charts.Series(_("Lượt đơn vị 0 điểm"), charts.GREY, [e["zeros"] for e in top]),
         charts.Series(_("Không được công nhận chỉ vì tiêu chí này"), charts.RED, [e["blocks"] for e in top])],
        maximum=step * 5, ticks=range(0, step * 5 + 1, step), fmt=lambda v: f"{int(v)}", title=None, serif=serif,
        chart_id=chart_id, label=_("Tiêu chí đạt 0 điểm nhiều nhất trong giai đoạn"))


def by_sector_line(sectors):
    """"Theo ngành phụ trách: Công an 2 lượt (TC4), Y tế 1 lượt (TC8)." or ""."""
    if not sectors:
        return ""
    return _("Theo ngành phụ trách: %(s)s.") % {"s": "; ".join(
        f"{s['sector']} {s['zeros']} lượt ({', '.join(s['criteria'])})" for s in sectors)}


def percent(value):
    return formatting.percent(value, trim=True) if value is not None else "—"
