"""The printed documents of an assessment: one context builder per document.

Each builder returns the context of templates/documents/base.html (parent_body, issuer, number,
place, date, kind, summary, recipients, signer_authority, signer_title, signer_name) plus what its
own template under templates/documents/assessments/ shows. Verdicts come from criteria.rules; the
decision's lists come from the outcomes the recognising unit recorded. Nothing here decides.

Names follow the units and sectors in the database, so one code path prints both shapes of local
government: a commune under a district (before 1/7/2025) is recognised by "UBND huyện" on the report
of "Phòng Lao động - Thương binh và Xã hội"; a commune under a province (after the reform) by
"UBND tỉnh" on the report of the department that holds child affairs then ("Sở Y tế").
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Assessment, Council, CouncilMember, Decision
from assessments.scoring import ENTERED
from communes.models import REFORM_DATE, Level
from communes.selectors import unit_on, units_on
from core.names import bare_name, body_in_text
from criteria import rules

S = Assessment.Status
BLANK = "\u00a0" * 10  # room for the clerk to write a number by hand

# Luật Tổ chức chính quyền địa phương in force on a day: (from, citation).
LOCAL_GOVERNMENT_LAWS = (
    (datetime.date(2016, 1, 1), "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"),
    (datetime.date(2020, 7, 1), "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, "
                                "bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
                                "địa phương ngày 22 tháng 11 năm 2019"),
    (datetime.date(2025, 3, 1), "Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025"),
    (datetime.date(2025, 7, 1), "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"),
)


# --- names --------------------------------------------------------------------------------

def in_text(unit) -> str:
    """The name inside a sentence: "thị trấn Khánh Yên", "huyện Văn Bàn"."""
    kind = unit.name[: len(unit.name) - len(bare_name(unit.name))]
    return kind.lower() + bare_name(unit.name)


def kind_word(unit) -> str:
    """"huyện", "tỉnh", "thành phố" …: how the unit calls itself in running text."""
    return in_text(unit)[: -len(bare_name(unit.name))].strip() or unit.get_kind_display().lower()


def commune_kinds(day) -> str:
    """The commune-level units a document lists, in the words of its day: "xã, phường, thị trấn" before
    the two-tier reform, "xã, phường, đặc khu" from 01/7/2025 (no township is left; special zones are
    new). The standard's own name ("xã, phường, thị trấn phù hợp với trẻ em") is quoted unchanged."""
    if day is not None and day >= datetime.date.fromisoformat(REFORM_DATE):
        return _("xã, phường, đặc khu")
    return _("xã, phường, thị trấn")


def committee(unit) -> str:
    return _("Ủy ban nhân dân %(unit)s") % {"unit": in_text(unit)}


def committee_heading(unit) -> str:
    """The issuing body in two lines, as printed top left."""
    return "%s\n%s" % (_("Ủy ban nhân dân").upper(), unit.name.upper())


def _initials(name: str) -> str:
    return "".join(w[0].upper() for w in name.replace(",", " ").split() if w not in ("-", "và", "–"))


@dataclass(frozen=True)
class Office:
    """The recognising unit's office for child affairs, which appraises dossiers and proposes."""

    name: str  # "Phòng Lao động - Thương binh và Xã hội", "Sở Y tế"
    head: str  # "Trưởng phòng", "Giám đốc"
    symbol: str  # "LĐTBXH", "SYT": the office part of a document's number
    sector_name: str  # "Lao động - Thương binh và Xã hội"
    ministry: str  # "Bộ Lao động - Thương binh và Xã hội"

    @property
    def head_of(self) -> str:
        """"Trưởng phòng Lao động - Thương binh và Xã hội", "Giám đốc Sở Y tế"."""
        if self.name.startswith("Phòng "):
            return f"{self.head} {self.name.removeprefix('Phòng ')}"
        return f"{self.head} {self.name}"


def office_for(unit, day) -> Office:
    """The child-affairs office of a recognising unit on a day (the sector's name is data)."""
    from criteria.models import Sector

    sector = Sector.objects.filter(code="labour").prefetch_related("names").first()
    name = sector.name_on(day) if sector else "Lao động - Thương binh và Xã hội"
    name = name.split(" (")[0].strip()  # "Y tế (công tác trẻ em, …)" → "Y tế"
    if unit.level == Level.PROVINCE:
        return Office(f"Sở {name}", "Giám đốc", "S" + _initials(name), name, f"Bộ {name}")
    return Office(f"Phòng {name}", "Trưởng phòng", _initials(name), name, f"Bộ {name}")


def signature(position: str, collective: str = "") -> tuple[str, str]:
    """(authority, title) for the signature block: a vice-chair signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH";
    for a collective body (UBND) "TM. ỦY BAN NHÂN DÂN" comes first."""
    pos = (position or "").strip().lower()
    if pos.startswith("phó chủ tịch"):
        authority, title = "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    elif pos.startswith("chủ tịch") or not pos:
        authority, title = "", "CHỦ TỊCH"
    else:
        authority, title = "", position.upper()
    if collective:
        authority = "\n".join(filter(None, [f"TM. {collective.upper()}", authority]))
    return authority, title


# --- numbers --------------------------------------------------------------------------------

def points(value) -> str:
    """925, 849,5, 1.000 (Vietnamese separators); "" for nothing."""
    if value is None:
        return ""
    text = rules.format_points(Decimal(value))
    whole, _sep, frac = text.partition(",")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    whole = sign + ".".join([digits] + groups)
    return f"{whole},{frac}" if frac else whole


def _count(n: int) -> str:
    return f"{n:02d}"


def standard_citation(standard) -> str:
    """"Quyết định số 06/QĐ-TTg ngày 03/01/2019 của Thủ tướng Chính phủ …" (its title is data)."""
    if standard.title.startswith("Quyết định"):
        return standard.title
    return _("Quyết định số %(code)s ngày %(day)s của Thủ tướng Chính phủ %(title)s") % {
        "code": standard.code, "day": standard.issued_on.strftime("%d/%m/%Y"), "title": standard.title}


def legal_bases(standard, day) -> list[str]:
    """The "Căn cứ" lines for the law on local government, the standard and its circular."""
    law = [text for start, text in LOCAL_GOVERNMENT_LAWS if start <= day][-1:]
    lines = law + [standard_citation(standard)]
    if standard.guidance.startswith("Thông tư"):  # a circular is law; a department's guidance letter is not
        lines.append(standard.guidance)
    return lines


# --- rows of points ---------------------------------------------------------------------------

def _figure_text(indicator, figure) -> str:
    """ "98/100 (98%)" from the raw figures the commune entered for a banded sub-indicator."""
    num, den = figure.get("numerator"), figure.get("denominator")
    if num in (None, "") or den in (None, ""):
        return ""
    try:
        value = rules.measure_value(indicator.measure, num, den, indicator.rate_base)
    except rules.RuleError:
        return f"{points(num)}/{points(den)}"
    value = points(value.quantize(Decimal("0.01")))
    if indicator.measure == "percent":
        return f"{points(num)}/{points(den)} ({value}%)"
    return _("%(num)s/%(den)s (tỷ suất %(v)s/%(base)s trẻ em)") % {
        "num": points(num), "den": points(den), "v": value, "base": points(indicator.rate_base)}


def score_rows(a, day=None):
    """One row per criterion: the criterion, its score, owner and sub-indicators with figures.

    ``owners`` names every sector that owns the criterion, the lead first, as on ``day`` (the document's
    date; the round's calendar when undated): "LĐTBXH, Công an" in 2024, "Y tế, Công an" in 2026.
    """
    from criteria.models import names_on
    from criteria.selectors import sharers_map

    sharers = sharers_map(a.round.standard, a.round.province.code)
    owners = {n: sectors[0] for n, sectors in sharers.items()}
    named = names_on(day or a.round.appraisal_due)
    scores = (a.scores.select_related("criterion").prefetch_related("criterion__indicators")
              .order_by("criterion__number"))
    rows = []
    for s in scores:
        c = s.criterion
        indicators = []
        for ind in c.indicators.all():
            fig = s.figures.get(str(ind.pk)) or {}
            text = _figure_text(ind, fig)
            if text and fig.get("entered"):
                text += str(ENTERED)
            indicators.append({"indicator": ind, "figures": text,
                               "points": points(fig["points"]) if fig.get("points") not in (None, "") else ""})
        changed = s.appraised_points is not None and s.appraised_points != s.points
        shared = sharers.get(c.number, ())
        rows.append({"criterion": c, "score": s, "owner": owners.get(c.number), "indicators": indicators,
                     "owner_names": [named[sector.pk][0] for sector in shared],
                     "owners": ", ".join(dict.fromkeys(named[sector.pk][1] for sector in shared)),
                     "max": points(c.max_points), "self": points(s.points),
                     "appraised": points(s.appraised_points),
                     "difference": points(s.appraised_points - s.points) if changed and s.points is not None else "",
                     "changed": changed})
    return rows


def _points_by_number(rows, field):
    return {r["criterion"].number: getattr(r["score"], field) for r in rows}


def verdict_summary(verdict) -> dict:
    return {"verdict": verdict, "total": points(verdict.total), "threshold": points(verdict.threshold),
            "tier": rules.TIER_LABELS[verdict.tier],
            "result": _("Đạt tiêu chuẩn") if verdict.recognised else _("Chưa đạt tiêu chuẩn"),
            "reasons": " ".join(verdict.reasons)}


# --- the commune's dossier -------------------------------------------------------------------

def _council(a):
    try:
        council = a.council
    except Council.DoesNotExist:
        council = None
    members = list(council.members.all()) if council else []
    chair = next((m for m in members if m.council_role == CouncilMember.CouncilRole.CHAIR), None)
    secretary = next((m for m in members if m.council_role == CouncilMember.CouncilRole.SECRETARY), None)
    return council, members, chair, secretary


def _preparer(members):
    """Who draws up the score sheet: the secretary, else the standing member (the officer for children)."""
    for role in (CouncilMember.CouncilRole.SECRETARY, CouncilMember.CouncilRole.STANDING):
        for m in members:
            if m.council_role == role:
                return m
    return None


def _commune_letterhead(a, *, date, number_symbol, kind, summary, recipients, chair):
    commune = a.commune
    authority, title = signature(chair.position if chair else "", _("Ủy ban nhân dân"))
    return {
        "parent_body": "", "issuer": committee_heading(commune),
        "number": f"{BLANK}/{number_symbol}" if number_symbol else "", "place": bare_name(commune.name), "date": date,
        "kind": kind, "summary": summary, "recipients": recipients,
        "signer_authority": authority, "signer_title": title, "signer_name": chair.name if chair else "",
    }


def _letter_day(a, r):
    """The day a commune's documents speak of: the request letter's, else the round's submission date."""
    return a.request_on or r.submission_due


def _base(a, day_of=_letter_day):
    """The dossier, its commune and the commune's parent as they were on the document's day (a unit renamed
    or moved later prints its name of then: communes.selectors.unit_on), and the round."""
    a = (Assessment.objects.select_related("round__standard", "round__province", "commune__parent",
                                           "decision").get(pk=a.pk))
    a.commune = commune = unit_on(a.commune, day_of(a, a.round))  # the letterhead reads a.commune too
    return a, commune, commune.parent, a.round


def request_letter_context(assessment) -> dict:
    """Tờ trình: the commune asks its parent unit to recognise it, with its total and the council's view."""
    a, commune, parent, r = _base(assessment)
    rows = score_rows(a)
    verdict = rules.evaluate(r.standard.code, a.tier, _points_by_number(rows, "points"))
    council, members, chair, _secretary = _council(a)
    # an undated draft names the office as on the round's calendar
    office = office_for(parent, a.request_on or r.submission_due)
    year = r.year
    return {
        **_commune_letterhead(
            a, date=a.request_on, number_symbol="TTr-UBND", kind=_("Tờ trình"),
            summary=_("Đề nghị công nhận %(unit)s đạt tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em "
                      "năm %(year)s") % {"unit": in_text(commune), "year": year},
            recipients=[_("Như trên"), office.name + " " + in_text(parent), _("Lưu: VT")], chair=chair),
        "a": a, "commune": commune, "commune_text": in_text(commune), "round": r, "year": year,
        "issuer_in_text": committee(commune), "addressee": committee(parent),
        "bases": [standard_citation(r.standard)] + ([r.standard.guidance] if r.standard.guidance else []),
        "criteria_count": len(rows), "zero_count": len(verdict.zero_criteria),
        "total_points": points(r.standard.total_points), "council": council, "chair": chair,
        "meeting_date": council.meeting_date if council else None,
        "conclusion": council.conclusion if council else "", **verdict_summary(verdict),
    }


def score_sheet_context(assessment) -> dict:
    """Bảng tự chấm điểm: every criterion with its maximum, the commune's points and data sources."""
    a, commune, _parent, r = _base(assessment)
    rows = score_rows(a)
    verdict = rules.evaluate(r.standard.code, a.tier, _points_by_number(rows, "points"))
    _council_, members, chair, _secretary = _council(a)
    ctx = _commune_letterhead(
        a, date=a.request_on, number_symbol="", kind=_("Bảng tự chấm điểm"),
        summary=_("Kết quả thực hiện các tiêu chí xã, phường, thị trấn phù hợp với trẻ em năm %(year)s "
                  "theo %(code)s") % {"year": r.year, "code": _("Quyết định số %(c)s") % {"c": r.standard.code}},
        recipients=[], chair=chair)
    return {**ctx, "a": a, "commune": commune, "round": r, "rows": rows,
            "max_total": points(r.standard.total_points), "preparer": _preparer(members),
            "provisional": any(row["criterion"].provisional for row in rows) or r.standard.thresholds_provisional,
            **verdict_summary(verdict)}


def minutes_context(assessment) -> dict:
    """Biên bản họp Hội đồng đánh giá: date, members with their roles, points and conclusion."""
    a, commune, _parent, r = _base(assessment)
    rows = score_rows(a)
    verdict = rules.evaluate(r.standard.code, a.tier, _points_by_number(rows, "points"))
    council, members, chair, secretary = _council(a)
    date = council.meeting_date if council else None
    return {
        "parent_body": committee_heading(commune).replace("\n", " "),  # the full name of the body above
        "issuer": _("Hội đồng đánh giá %(kind)s\nphù hợp với trẻ em") % {"kind": kind_word(commune)},
        "number": f"{BLANK}/BB-HĐĐG", "place": bare_name(commune.name), "date": date,
        "kind": _("Biên bản"),
        "summary": _("Họp Hội đồng đánh giá %(unit)s phù hợp với trẻ em năm %(year)s")
        % {"unit": in_text(commune), "year": r.year},
        "recipients": [], "signer_authority": "", "signer_title": _("Chủ tịch Hội đồng"),
        "signer_name": chair.name if chair else "",
        "a": a, "commune": commune, "round": r, "rows": rows, "council": council, "members": members,
        "chair": chair, "secretary": secretary, "meeting_date": date,
        "parent_in_text": committee(commune), "max_total": points(r.standard.total_points),
        "conclusion": council.conclusion if council else "", **verdict_summary(verdict),
    }


# --- the recognising unit's documents ----------------------------------------------------------

def _appraisal_moves(a):
    moves = list(a.transitions.select_related("by").order_by("acted_on", "at", "id"))
    appraised = [t for t in moves if t.to_status == S.APPRAISED]
    accepted = [t for t in moves if t.to_status == S.ACCEPTED]
    returns = [t for t in moves if t.to_status == S.RETURNED]
    return (appraised[-1] if appraised else None), (accepted[-1] if accepted else None), returns


def person_name(user) -> str:
    """A user's name in Vietnamese order: family name first ("Lê Thị Lan")."""
    return " ".join(filter(None, [user.last_name.strip(), user.first_name.strip()])) or user.username


def _office_signer(user, office):
    """The officer who completed the appraisal signs if their position says they head the office."""
    position = (getattr(user, "position", "") or "").strip()
    head = office.head.lower()
    if position.lower().startswith("phó " + head):
        return f"KT. {office.head.upper()}", f"PHÓ {office.head.upper()}", person_name(user)
    if position.lower().startswith(head):
        return "", office.head.upper(), person_name(user)
    return "", office.head.upper(), ""


def appraisal_report_context(assessment) -> dict:
    """Báo cáo thẩm định: self-assessed vs appraised points per criterion, with sector and reason."""
    a, commune, parent, r = _base(assessment, lambda a, r: a.appraisal_report_on or r.appraisal_due)
    done, accepted, returns = _appraisal_moves(a)
    day = a.appraisal_report_on if done else None
    office = office_for(parent, day or r.appraisal_due)  # the decision citing this report names the same
    rows = score_rows(a, day)
    self_verdict = rules.evaluate(r.standard.code, a.tier, _points_by_number(rows, "points"))
    final_verdict = rules.evaluate(r.standard.code, a.tier,
                                   {n: s.final_points for n, s in
                                    ((row["criterion"].number, row["score"]) for row in rows)})
    authority, title, name = _office_signer(done.by if done else None, office)
    return {
        "parent_body": "UBND " + parent.name.upper(), "issuer": office.name,
        "number": f"{BLANK}/BC-{office.symbol}", "place": bare_name(parent.name), "date": day,
        "kind": _("Báo cáo"),
        "summary": _("Kết quả thẩm định hồ sơ đề nghị công nhận %(unit)s đạt tiêu chuẩn xã, phường, thị trấn "
                     "phù hợp với trẻ em năm %(year)s") % {"unit": in_text(commune), "year": r.year},
        "recipients": [committee(parent) + " (b/c)",
                       _("Hội đồng xét công nhận %(k)s") % {"k": kind_word(parent)},
                       _("Các cơ quan thẩm định tiêu chí"), committee(commune), _("Lưu: VT")],
        "signer_authority": authority, "signer_title": title, "signer_name": name,
        "a": a, "commune": commune, "commune_text": in_text(commune), "parent": parent, "round": r,
        "rows": rows, "office": office,
        "bases": [standard_citation(r.standard)] + ([r.standard.guidance] if r.standard.guidance else []),
        "submitted_on": a.submitted_on, "accepted_on": accepted.acted_on if accepted else None,
        "returns": [{"day": t.acted_on, "comment": t.comment} for t in returns],
        "commune_committee": committee(commune),
        "issuer_in_text": office.name, "parent_in_text": committee(parent),
        "adjusted": [row for row in rows if row["changed"]],
        # the other offices, as named on the report's day; after the hand-over "Y tế" is the office itself
        "sectors": [n for n in dict.fromkeys(name for row in rows for name in row["owner_names"])
                    if n != office.sector_name],
        "max_total": points(r.standard.total_points),
        "self_result": verdict_summary(self_verdict), **verdict_summary(final_verdict),
    }


def decision_context(decision) -> dict:
    """Quyết định công nhận: căn cứ, Điều 1 with the recognised communes, Điều 2–3, nơi nhận, and an
    annex listing the communes appraised but not recognised with the reasons the decision recorded."""
    d = Decision.objects.select_related("issuer__parent", "round__standard").get(pk=decision.pk)
    r = d.round
    items = list(d.assessments.select_related("commune").order_by("commune__path"))
    # the issuer and the communes as they were on the decision's day
    named = units_on([d.issuer] + [a.commune for a in items], d.signed_on or r.decision_due)
    issuer = named[d.issuer_id]
    thresholds = r.standard.thresholds()
    office = office_for(issuer, d.signed_on)
    # the appraisal reports it cites are named as they were issued: the same office as their heading
    report_days = [a.appraisal_report_on for a in items if a.appraisal_report_on]
    report_office = office_for(issuer, max(report_days)) if report_days else office

    def row(a):
        return {"a": a, "commune": named[a.commune_id], "total": points(a.final_total),
                "threshold": points(thresholds[a.tier]), "reason": a.decision_reason}

    recognised = [row(a) for a in items if a.status == S.RECOGNISED]
    refused = [row(a) for a in items if a.status == S.NOT_RECOGNISED]
    level = kind_word(issuer)
    authority, title = signature(d.signer_title)
    kinds = commune_kinds(d.signed_on)  # the units of the decision's day (no township after the reform)
    chairman = _("Chủ tịch Ủy ban nhân dân %(unit)s") % {"unit": in_text(issuer)}
    upper = (office.ministry if issuer.level == Level.PROVINCE
             else f"Sở {office.sector_name} {in_text(issuer.parent)}" if issuer.parent_id
             else f"Sở {office.sector_name}")
    if issuer.level == Level.PROVINCE:
        executor_office = _("Chánh Văn phòng Ủy ban nhân dân %(k)s") % {"k": level}
    else:
        executor_office = _("Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân %(k)s") % {"k": level}
    return {
        "parent_body": "", "issuer": committee_heading(issuer), "number": d.number,
        "place": bare_name(issuer.name), "date": d.signed_on, "kind": _("Quyết định"),
        "summary": _("Về việc công nhận xã, phường, thị trấn phù hợp với trẻ em năm %(year)s") % {"year": r.year},
        "recipients": [_("Như Điều 3"), f"{upper} (b/c)",
                       _("TT. %(party)s, TT. HĐND %(k)s (b/c)") % {
                           "party": ("Tỉnh ủy" if issuer.level == Level.PROVINCE else "Huyện ủy"), "k": level},
                       _("CT, các PCT UBND %(k)s") % {"k": level}, _("Lưu: VT, %(s)s") % {"s": office.symbol}],
        "signer_authority": authority, "signer_title": title, "signer_name": d.signer_name,
        "d": d, "round": r, "year": r.year, "issuer_unit": issuer, "chairman": chairman, "kinds": kinds,
        "issuer_in_text": committee(issuer),
        "bases": legal_bases(r.standard, d.signed_on),
        "appraisal_basis": _("Báo cáo thẩm định hồ sơ đề nghị công nhận xã, phường, thị trấn phù hợp với trẻ em "
                             "năm %(year)s của %(office)s") % {"year": r.year, "office": report_office.name},
        "proposal": _("Theo đề nghị của %(head)s.") % {"head": report_office.head_of},
        "recognised": recognised, "refused": refused,
        "recognised_count": _count(len(recognised)), "refused_count": _count(len(refused)),
        "executors": _("%(office)s, %(head)s, Thủ trưởng các cơ quan, đơn vị có liên quan và Chủ tịch Ủy ban "
                       "nhân dân các %(kinds)s có tên tại Điều 1%(annex)s chịu trách nhiệm thi hành "
                       "Quyết định này./.") % {
            "office": executor_office, "head": office.head_of, "kinds": kinds,
            "annex": _(" và Phụ lục kèm theo") if refused else ""},
    }


# --- the issuing body the user confirmed ------------------------------------------------------

def office_names() -> list[str]:
    """Every name an office for a sector has had ("Phòng Y tế", "Sở Lao động - Thương binh và Xã hội", …): how
    a heading typed in capitals is spelt in running text (core.names.body_in_text)."""
    from criteria.models import Sector, SectorName

    names = set(Sector.objects.values_list("name", flat=True)) | set(SectorName.objects.values_list("name", flat=True))
    names = {n.split(" (")[0].strip() for n in names}
    return [f"{kind} {n}" for n in sorted(names) for kind in ("Phòng", "Sở")]


def heading_in_text(context) -> dict:
    """The names the body gives the issuing body and the body above it, read from the heading's lines: one
    source, so a corrected heading changes the text too ("issuer_in_text", "parent_in_text", and the
    decision's "chairman"). The builders' own names are the known spellings of capitals."""
    known = [context.get("issuer_in_text", ""), context.get("parent_in_text", "")] + office_names()
    named = {"issuer_in_text": body_in_text(context["issuer"], known)}
    if context.get("parent_body"):
        named["parent_in_text"] = body_in_text(context["parent_body"], known)
    if "chairman" in context:
        named["chairman"] = _("Chủ tịch %(body)s") % {"body": named["issuer_in_text"]}
    return {**context, **named}


def heading_applied(context, *, document, assessment=None, decision=None) -> dict:
    """The document's context with the issuing body the user confirmed on the act, if any (one query).

    The lines built from the data (the unit's name, the office of the period) are the proposal; a
    DocumentHeading stored with the act replaces them, so a renamed unit prints the name it had, in the
    heading and in the body text alike.
    """
    from assessments.models import DocumentHeading

    found = DocumentHeading.objects.filter(
        **({"decision": decision} if decision is not None else {"assessment": assessment}), document=document).first()
    if found is None:
        return {**heading_in_text(context), "heading_confirmed": None}
    return {**heading_in_text({**context, "parent_body": found.parent_body, "issuer": found.issuer}),
            "heading_confirmed": found}


# --- the list on the assessment page ---------------------------------------------------------

@dataclass(frozen=True)
class Document:
    slug: str  # URL name: "assessments:doc_<slug>"
    label: str
    template: str
    filename: str  # ASCII start of the file name
    build: Callable[[Assessment], dict]
    ready: Callable[[Assessment], bool]  # without a query


AFTER_APPRAISAL = (S.APPRAISED, S.RECOGNISED, S.NOT_RECOGNISED)

DOCUMENTS = {d.slug: d for d in (
    Document("request", gettext_lazy("Tờ trình đề nghị công nhận"), "documents/assessments/request.html",
             "to-trinh", request_letter_context, lambda a: True),
    Document("score_sheet", gettext_lazy("Bảng tự chấm điểm"), "documents/assessments/score_sheet.html",
             "bang-tu-cham-diem", score_sheet_context, lambda a: True),
    Document("minutes", gettext_lazy("Biên bản họp Hội đồng đánh giá"), "documents/assessments/minutes.html",
             "bien-ban-hoi-dong", minutes_context, lambda a: True),
    Document("appraisal", gettext_lazy("Báo cáo thẩm định"), "documents/assessments/appraisal.html",
             "bao-cao-tham-dinh", appraisal_report_context, lambda a: a.status in AFTER_APPRAISAL),
)}


def ascii_slug(text) -> str:
    return slugify(str(text).replace("đ", "d").replace("Đ", "D").replace("/", "-"))


def filename_for(document, a) -> str:
    return f"{document.filename}-{ascii_slug(a.commune.name)}-{a.round.year}.pdf"


def decision_filename(decision) -> str:
    return f"quyet-dinh-{ascii_slug(decision.number) or decision.pk}.pdf"


def documents_for(user, assessment) -> list[dict]:
    """The printable documents of an assessment, as {label, url}, for a user who can see it.

    Runs no query: the commune's dossier prints at any stage (blank where nothing is recorded yet,
    so the council can fill in the form at its meeting), the appraisal report once appraised and
    the decision once issued.
    """
    docs = [{"slug": d.slug, "label": d.label, "url": reverse(f"assessments:doc_{d.slug}", args=[assessment.pk]),
             "heading_url": reverse("assessments:doc_heading", args=[assessment.pk, d.slug]),
             # the signed record (assessments.signing): every document an office signs but the score sheet
             "signed_url": reverse("assessments:doc_signed_record", args=[assessment.pk, d.slug])
             if d.slug in SIGNED else "",
             "signed_file_url": reverse("assessments:doc_signed_file", args=[assessment.pk, d.slug])
             if d.slug in SIGNED else ""}
            for d in DOCUMENTS.values() if d.ready(assessment)]
    if assessment.decision_id:
        docs.append({"slug": "decision", "label": _("Quyết định công nhận"),
                     "url": reverse("assessments:decision_pdf", args=[assessment.decision_id]),
                     "heading_url": reverse("assessments:decision_heading", args=[assessment.decision_id]),
                     "signed_url": reverse("assessments:decision_signed_record", args=[assessment.decision_id]),
                     "signed_file_url": reverse("assessments:decision_signed_file", args=[assessment.decision_id])})
    return docs


SIGNED = ("request", "minutes", "appraisal")  # a dossier's documents an office signs (and the decision)
