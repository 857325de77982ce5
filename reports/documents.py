"""Letterheads and PDF contexts of the reports, in the NĐ 30/2020 layout (templates/documents/base.html).

Two documents: the provincial department's yearly summary to the provincial People's Committee and
the ministry, and a recognising unit's report to the province (seed 001, section VI: results of the
year and the target for next year). Names come from the units and sectors in the database through
the helpers of assessments.documents, so both shapes of local government print correctly.
"""

import datetime
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.documents import (
    BLANK,
    committee,
    committee_heading,
    commune_kinds,
    in_text,
    office_for,
    signature,
    standard_citation,
)
from communes.models import Level, Unit
from communes.selectors import unit_on
from core.names import bare_name
from criteria.rules import reward_day, reward_for
from reports import charts, selectors
from reports.models import Target


def _formed_later(scope):
    """A unit formed by the 2025 reform reporting a year before it existed: its former provinces' year."""
    return scope.unit is not None and scope.unit.valid_from > datetime.date(scope.year, 12, 31)


def _day_for(scope, today):
    """The day whose names the report of ``scope.year`` prints: at the latest the end of that year (a
    2024 report printed in 2026 names the offices of 2024), and never after the unit ceased (a
    pre-reform province's department kept its name). A unit formed by the 2025 reform had no bodies in
    a year before it existed: its report of its former provinces' year is issued by the bodies of the
    reporting date, and says so (``_former``), rather than mixing bodies that never coexisted."""
    if _formed_later(scope):
        return today
    day = min(today, datetime.date(scope.year, 12, 31))
    unit = scope.unit
    return min(day, unit.valid_to) if unit is not None and unit.valid_to else day


def _former(scope):
    """{"former": "tỉnh Bắc Giang (cũ) và tỉnh Bắc Ninh (cũ)", "note": …} for the report of a unit formed
    by the 2025 reform on a year before it existed (its predecessors' figures), else empty (one query)."""
    if not _formed_later(scope):
        return {"former": "", "note": ""}
    names = [_("%(name)s (cũ)") % {"name": in_text(u)}
             for u in Unit.objects.filter(successor_links__successor=scope.unit).order_by("code")]
    former = _(" và ").join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else in_text(scope.unit)
    return {"former": former, "note": _(
        "Số liệu năm %(y)s là của %(former)s theo đơn vị hành chính trước ngày 01/7/2025, nay thuộc %(unit)s; "
        "cơ quan báo cáo và nơi nhận ghi theo tổ chức bộ máy tại thời điểm báo cáo.") % {
        "y": scope.year, "former": former, "unit": in_text(scope.unit)}}


def letterhead(scope, today=None):
    """Issuer, number symbol, place, recipients and signer of the scope's report, and ``former``/``note``
    when a unit formed by the 2025 reform reports its former provinces' year."""
    today = today or timezone.localdate()
    day = _day_for(scope, today)
    unit = unit_on(scope.unit, day) if scope.unit is not None else None  # named as on the reporting day
    if unit is None:
        office = office_for(SimpleNamespace(level=Level.PROVINCE), day)
        return {"parent_body": "", "issuer": office.ministry, "symbol": "BC-B" + office.symbol.removeprefix("S"),
                "place": "Hà Nội", "office": office, "kind": "national", "addressees": [_("Thủ tướng Chính phủ")],
                "recipients": [_("Thủ tướng Chính phủ (b/c)"), _("Lãnh đạo Bộ"), _("UBND các tỉnh, thành phố"),
                               _("Lưu: VT")], "kinds": commune_kinds(day),
                "signer_authority": "KT. BỘ TRƯỞNG", "signer_title": "THỨ TRƯỞNG"}
    if unit.level == Level.PROVINCE:
        office = office_for(unit, day)
        return {"parent_body": "UBND " + unit.name.upper(), "issuer": office.name, "symbol": "BC-" + office.symbol,
                "place": bare_name(unit.name), "office": office, "kind": "province",
                # the commune-level units in the words of the province's shape: no township after the reform
                "kinds": commune_kinds(None if _has_districts(unit) else datetime.date(2025, 7, 1)),
                "addressees": [committee(unit), office.ministry],
                "recipients": [committee(unit) + " (b/c)", office.ministry + " (b/c)",
                               _("UBND các huyện, thị xã, thành phố") if _has_districts(unit)
                               else _("UBND các xã, phường, đặc khu"),
                               _("Lưu: VT, BVCSTE")],
                "signer_authority": f"KT. {office.head.upper()}", "signer_title": f"PHÓ {office.head.upper()}",
                **_former(scope)}
    province = Unit.objects.get(pk=unit.province_id)
    office = office_for(province, day)
    authority, title = signature("Phó Chủ tịch", collective="Ủy ban nhân dân")
    return {"parent_body": "", "issuer": committee_heading(unit), "symbol": "BC-UBND", "place": bare_name(unit.name),
            "office": office, "kind": "district", "province": province, "kinds": commune_kinds(None),
            "addressees": [f"{office.name} {in_text(province)}"],
            "recipients": [f"{office.name} {in_text(province)} (b/c)",
                           _("TT. Huyện ủy, TT. HĐND %(k)s (b/c)") % {"k": in_text(unit).split(" ")[0]},
                           _("CT, các PCT UBND %(k)s") % {"k": in_text(unit).split(" ")[0]},
                           _("UBND các xã, thị trấn"), _("Lưu: VT, LĐTBXH")],
            "signer_authority": authority, "signer_title": title}


def _has_districts(unit):
    return unit.valid_to is not None or unit.valid_from < datetime.date(2025, 7, 1)


def _signer(head, title):
    """The signature block for a signer's position, or the letterhead's default (a deputy signs)."""
    title = (title or "").strip()
    if not title:
        return {"signer_authority": head["signer_authority"], "signer_title": head["signer_title"]}
    if head["kind"] == "district":
        authority, upper = signature(title, collective="Ủy ban nhân dân")
        return {"signer_authority": authority, "signer_title": upper}
    chief = head["office"].head if head["kind"] == "province" else "Bộ trưởng"
    deputy = title.lower().startswith("phó") or title.lower().startswith("thứ trưởng")
    return {"signer_authority": f"KT. {chief.upper()}" if deputy else "", "signer_title": title.upper()}


def report_context(scope, *, number="", signer_name="", signer_title="", today=None):
    """Everything the PDF shows: the heading, the numbers and the charts (serif, as on paper)."""
    today = today or timezone.localdate()
    head = letterhead(scope, today)
    summary = selectors.summary(scope, today=today)
    analysis = selectors.criteria_analysis(scope)
    trend = selectors.trend(scope)
    holders = selectors.holders(scope)
    unit = scope.unit
    area = head.get("former") or (in_text(unit) if unit is not None else _("toàn quốc"))
    rows, total = summary["rows"], summary["total"]
    single = len(rows) == 1 and rows[0].unit == unit
    standards = {r.standard_id for r in summary["rounds"]}
    from criteria.models import Standard

    standard_list = list(Standard.objects.filter(pk__in=standards))
    blockers = sorted((r for r in analysis["rows"] if r["zeros"]), key=lambda r: (-r["blocks"], -r["zeros"],
                                                                                  r["number"]))
    next_target = None
    if unit is not None:
        next_target = Target.objects.filter(unit=unit, kind=Target.Kind.RECOGNISED_SHARE,
                                            year=scope.year + 1).first()
    analysis["zeros_any"] = any(r["zeros"] for r in analysis["rows"])
    province = scope.province_code()  # the rewards of its province's own text, if any
    context = {
        "parent_body": head["parent_body"], "issuer": head["issuer"],
        "number": number or f"{BLANK}/{head['symbol']}", "place": head["place"], "date": None,
        "kind": _("Báo cáo"),
        "summary": (_("Kết quả thực hiện xây dựng xã, phường, thị trấn phù hợp với trẻ em năm %(y)s "
                      "và chỉ tiêu năm %(n)s") % {"y": scope.year, "n": scope.year + 1}
                    if head["kind"] == "district" else
                    _("Kết quả đánh giá, công nhận xã, phường, thị trấn phù hợp với trẻ em năm %(y)s")
                    % {"y": scope.year} + (_(" của %(area)s") % {"area": area} if head.get("former") else "")),
        "recipients": head["recipients"],
        **_signer(head, signer_title),
        "signer_name": signer_name,
        "head": head, "scope": scope, "year": scope.year, "area": area, "rows": rows, "total": total,
        "kinds": head["kinds"],
        "single": single, "communes": selectors.commune_rows(scope) if single else [],
        "analysis": analysis, "blockers": blockers[:5], "trend": trend, "holders": holders,
        "holders_5": [h for h in holders if h["run"] >= 5], "holders_3": [h for h in holders if h["run"] < 5],
        "three_reward": reward_for(3, reward_day(scope.year), province),
        "five_reward": reward_for(5, reward_day(scope.year), province),
        "standards": [standard_citation(s) for s in standard_list], "next_target": next_target,
        "bases": [standard_citation(s) for s in standard_list] + _plan_citations(total),
        "previous_year": max((r.year for r in summary["previous_rounds"]), default=None),
        "counts_rule": summary["counts_rule"],
        "group_label": (_("Tỉnh, thành phố trước 01/7/2025") if rows and rows[0].unit.valid_to
                        else _("Tỉnh, thành phố")) if scope.by_province else _("Đơn vị"),
        # the captions under the charts carry their titles, as figures in an official report do
        "chart_share": charts.share_vs_target(rows, title=None, serif=True, chart_id="pdf-share")
        if rows and not single else "",
        "chart_blockers": charts.criterion_blockers(analysis["rows"], title=None, serif=True,
                                                    chart_id="pdf-blockers") if analysis["zeros_any"] else "",
        "chart_trend": charts.trend_lines(trend, title=None, serif=True, chart_id="pdf-trend")
        if len(trend["years"]) > 1 else "",
    }
    return context


def _plan_citations(total):
    """The plans whose targets the report measures against, when they name a document."""
    found = []
    for target in (total.target, total.new_target):
        source = target.source if target else ""
        if " số " in f" {source} " and source not in found:
            found.append(source)
    return found


def document_template(scope):
    """The district report for a recognising unit below the province, else the provincial summary."""
    if scope.unit is not None and scope.unit.level == Level.DISTRICT:
        return "documents/reports/district.html"
    return "documents/reports/province.html"
