"""State changes of the yearly plans: one function per act, each checking the act's predicate first.

The plan is the source of its targets (reports.Target: created or updated here, with the plan's citation
as their ``source``; a target another plan is the source of is refused) and can give a round its deadlines
(assessments.Round.<key>_due with <key>_source naming the plan, its part and the words that set the day).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Round
from communes.models import REFORM_DATE, Level
from core.locking import check_version
from planning import documents
from planning.models import Entry, Part, Plan, RoundLink
from reports.models import Target

PLAN_FIELDS = ("year_to", "parent_body", "issuer_body", "number", "symbol", "place", "issued_on", "issued_month",
               "title", "basis", "closing", "signer_authority", "signer_title", "signer_name", "recipients")
ENTRY_FIELDS = ("depth", "kind", "heading", "text", "level", "sector", "due_on", "yearly", "deadline")
TARGET_FIELDS = ("target_kind", "target_percent", "target_percent_max", "target_year_from", "target_year")

# the parts a new plan starts with (the layout of the seeds; each heading can be changed)
DEFAULT_PARTS = (
    (Part.Kind.PURPOSE, "MỤC ĐÍCH, YÊU CẦU"),
    (Part.Kind.TARGETS, "MỤC TIÊU"),
    (Part.Kind.TASKS, "NHIỆM VỤ VÀ GIẢI PHÁP"),
    (Part.Kind.FUNDING, "KINH PHÍ THỰC HIỆN"),
    (Part.Kind.ORGANISATION, "TỔ CHỨC THỰC HIỆN"),
)


def _require(by, act, plan=None):
    if not by.has_perm(f"planning.{act}", plan):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh lập kế hoạch, hoặc cơ quan của huyện lập kế hoạch (kế "
                                 "hoạch của huyện), được thay đổi kế hoạch."))


def _check_unit(by, unit):
    if unit.level == Level.COMMUNE:
        raise ValidationError(_("Kế hoạch năm do tỉnh (hoặc huyện trước 01/7/2025) ban hành."))
    if not by.has_perm("planning.edit", unit):
        raise PermissionDenied(_("Cán bộ cấp tỉnh lập kế hoạch cho tỉnh mình và các huyện của tỉnh; cơ quan của "
                                 "huyện chỉ lập kế hoạch của huyện mình."))


def _lock(plan_id) -> Plan:
    return Plan.objects.select_for_update().select_related("unit").get(pk=plan_id)


def _seen(plan, seen_version):
    check_version(plan.version, "" if seen_version is None else seen_version,
                  stale=_("Kế hoạch vừa được người khác sửa: hãy tải lại trang rồi nhập lại."))


def _check_year(unit, year):
    if unit.level == Level.DISTRICT and year > int(REFORM_DATE[:4]):
        raise ValidationError(_("Từ 01/7/2025 không còn cấp huyện: kế hoạch của năm %(y)s do tỉnh ban hành.")
                              % {"y": year})


@transaction.atomic
def plan_create(*, by, unit, year: int, title: str, issuer_body: str, symbol: str, place: str,
                parts=None, **fields) -> Plan:
    """A plan of ``unit`` for ``year``; ``parts`` (list of (kind, heading)) defaults to DEFAULT_PARTS."""
    _require(by, "create")
    _check_unit(by, unit)
    _check_year(unit, year)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_create: unknown fields {sorted(unknown)}")
    if Plan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(_("%(unit)s đã có kế hoạch năm %(y)s.") % {"unit": unit, "y": year})
    plan = Plan(unit=unit, year=year, title=title, issuer_body=issuer_body, symbol=symbol, place=place,
                created_by=by, **fields)
    plan.full_clean()
    plan._history_user = by
    plan.save()
    for position, (kind, heading) in enumerate(parts or DEFAULT_PARTS, start=1):
        Part.objects.create(plan=plan, position=position, kind=kind, heading=heading)
    return plan


@transaction.atomic
def plan_update(*, by, plan_id: int, seen_version, **fields) -> Plan:
    plan = _lock(plan_id)
    _require(by, "edit", plan)
    _seen(plan, seen_version)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_update: unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.version += 1
    plan.full_clean()
    plan._history_user = by
    plan.save()
    _sources_follow(plan, by)
    return plan


def _sources_follow(plan, by):
    """The plan's targets name the plan as it now reads (number, day, issuing body); each one saved, so that its
    history records the new source and who changed it."""
    citation = documents.citation(plan)[:300]
    for target in Target.objects.filter(plan_entry__part__plan=plan).exclude(source=citation):
        target.source = citation
        _save_target(target, by)


def _save_target(target, by):
    target._history_user = by
    target.save()


def _target_for(plan, entry_data, existing, by):
    """The Target row an entry of kind TARGET sets: the unit's target of that kind and year (one row per unit,
    kind and year: a target recorded before the plan is taken over, never duplicated)."""
    kind, year = entry_data.get("target_kind"), entry_data.get("target_year")
    percent = entry_data.get("target_percent")
    if not kind or not year or percent is None:
        raise ValidationError(_("Mục chỉ tiêu “%(t)s”: hãy ghi loại chỉ tiêu, tỷ lệ và năm.")
                              % {"t": (entry_data.get("text") or "")[:60]})
    if kind == Target.Kind.DISTRICTS_SHARE and plan.unit.level != Level.PROVINCE:
        raise ValidationError(_("Chỉ tiêu huyện tham gia là chỉ tiêu của kế hoạch cấp tỉnh."))
    target = Target.objects.filter(unit=plan.unit, kind=kind, year=year).first() or Target(
        unit=plan.unit, kind=kind, year=year)
    owner = Entry.objects.filter(target=target).exclude(part__plan=plan).select_related("part__plan").first() \
        if target.pk else None
    if owner is not None:
        raise ValidationError(_("Chỉ tiêu %(t)s đã có nguồn là kế hoạch %(p)s.")
                              % {"t": target, "p": owner.part.plan.number_text})
    if target.pk in existing:
        raise ValidationError(_("Hai mục cùng đặt một chỉ tiêu (%(t)s).") % {"t": target})
    values = (target.percent, target.percent_max, target.year_from, target.source) if target.pk else None
    target.percent = percent
    target.percent_max = entry_data.get("target_percent_max")
    target.year_from = entry_data.get("target_year_from")
    target.source = documents.citation(plan)[:300]
    target.full_clean()
    if values != (target.percent, target.percent_max, target.year_from, target.source):  # else no history row
        _save_target(target, by)
    existing.add(target.pk)
    return target


@transaction.atomic
def plan_outline_save(*, by, plan_id: int, seen_version, parts: list[dict], entries: list[dict]) -> Plan:
    """Replace the plan's parts and entries. ``parts``: dicts with kind and heading, in order; ``entries``:
    dicts with ``part`` (the 1-based position of its part in ``parts``), ENTRY_FIELDS and, for a target,
    TARGET_FIELDS, in order within each part."""
    plan = _lock(plan_id)
    _require(by, "edit", plan)
    _seen(plan, seen_version)
    if not parts:
        raise ValidationError(_("Kế hoạch cần ít nhất một phần."))
    Entry.objects.filter(part__plan=plan).delete()  # the targets stay (their entry is written again below)
    plan.parts.all().delete()
    saved = []
    for position, data in enumerate(parts, start=1):
        part = Part(plan=plan, position=position, kind=data["kind"], heading=data["heading"])
        part.full_clean(exclude=["plan"])
        part.save()
        saved.append(part)
    counters, targets = {}, set()
    for data in entries:
        index = data["part"]
        if not 1 <= index <= len(saved):
            raise ValidationError(_("Mục “%(t)s” thuộc phần không có.") % {"t": (data.get("text") or "")[:60]})
        part = saved[index - 1]
        counters[index] = counters.get(index, 0) + 1
        entry = Entry(part=part, position=counters[index], **{f: data.get(f) for f in ENTRY_FIELDS if f in data})
        if entry.deadline and entry.due_on is None:
            raise ValidationError(_("Mục “%(t)s” là hạn của đợt đánh giá: hãy ghi thời hạn.")
                                  % {"t": (entry.heading or entry.text)[:60]})
        if entry.kind == Entry.Kind.TARGET:
            entry.target = _target_for(plan, data, targets, by)
        entry.full_clean(exclude=["part", "target"])
        entry.save()
    Plan.objects.filter(pk=plan.pk).update(version=plan.version + 1, updated_at=timezone.now())
    plan.version += 1
    return plan


# --- a round's deadlines from the plan ------------------------------------------------------------

@transaction.atomic
def plan_apply_deadlines(*, by, plan_id: int, round_id: int) -> Round:
    """Give the round the days the plan's entries set (the round's year for a yearly deadline), each with its
    source: the plan, the part and item, and the words that set it."""
    plan = _lock(plan_id)
    _require(by, "edit", plan)
    r = Round.objects.select_for_update().select_related("province").get(pk=round_id)
    if not by.has_perm("assessments.open_round", r.province):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của %(unit)s thay đổi được đợt đánh giá.") % {"unit": r.province})
    if plan.unit_id != r.province_id or not plan.covers(r.year):
        raise ValidationError(_("Kế hoạch này không phải kế hoạch của tỉnh cho năm %(y)s.") % {"y": r.year})
    rows = documents.deadline_rows(plan, r.year)
    if not rows:
        raise ValidationError(_("Kế hoạch chưa có mục nào đặt hạn của đợt đánh giá."))
    two_tier = r.province.valid_from.isoformat() >= REFORM_DATE
    for key, day, source in rows:
        if key == Entry.Deadline.DISTRICT_REPORT and two_tier:
            raise ValidationError(_("Từ 01/7/2025 không còn cấp huyện: đợt đánh giá không có hạn cấp huyện báo cáo."))
        setattr(r, f"{key}_due", day)
        setattr(r, f"{key}_source", source)
    r.deadlines_source = documents.citation(plan)[:300]
    if not (r.submission_due <= r.appraisal_due <= r.decision_due):
        raise ValidationError(_("Các hạn phải theo thứ tự: nộp hồ sơ, thẩm định, ra quyết định; hãy sửa các hạn "
                                "khác của đợt trước khi áp dụng kế hoạch."))
    r.full_clean()
    r._history_user = by
    r.save()
    RoundLink.objects.update_or_create(round=r, defaults={"plan": plan, "applied_by": by})
    return r


def round_opened(r, by):
    """A round opened with the deadlines its province's plan proposed (the opening form, pre-filled by
    planning.selectors.round_proposal) keeps the link to the plan, as one that applied them later does: told by
    assessments.services.round_open (assessments.deadlines.register_proposer). Linked when the round names the
    plan as it reads now; a round whose plan line was changed on the form is the province's own choice."""
    from planning.selectors import plan_for_round

    plan = plan_for_round(r.province, r.year)
    if plan is not None and r.deadlines_source and r.deadlines_source == documents.citation(plan)[:300]:
        RoundLink.objects.update_or_create(round=r, defaults={"plan": plan, "applied_by": by})
