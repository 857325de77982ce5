"""State changes of an inspection plan, one keyword-only function per action.

Each checks the actor (inspections.permissions), the plan's status and the data on the server, then
changes the rows in one transaction. Refusals are ValidationError (a message for the user) or
PermissionDenied (the actor may not do this at all).
"""

import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.models import Level, Unit
from communes.selectors import unit_on
from core.files import files_follow_commit, remove_after_commit, save_file
from core.locking import SavedRows, check_version, check_version_or_repeat
from core.numbers import parse_vn_decimal
from core.uploads import DOC, DOCX, PDF, ZIP, mime_of, name_refusal, opens_as
from inspections import permissions, rules
from inspections.models import (
    CriterionAssignment,
    Duty,
    Finding,
    FollowUp,
    OutlineSection,
    Plan,
    PlanUnit,
    SubTeam,
    TeamMember,
    UnitConclusion,
    UnitReport,
    Visit,
)
from inspections.selectors import assessment_scores, default_owners, plan_day

S = Plan.Status
EDITABLE_FIELDS = (
    "parent_body", "issuer_body", "number", "issued_on", "place", "title", "legal_basis", "purposes",
    "requirements", "content", "review_from_year", "review_to_year", "review_notes", "score_year",
    "window_start", "window_end", "timing_note", "communes_per_district", "report_days", "budget_source",
    "signer_authority", "signer_title", "signer_name", "recipients", "outline_title", "outline_due",
)


def _stale(_seen):
    return _("Kế hoạch vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi rồi nhập lại.")


def _lock(plan_id) -> Plan:
    return Plan.objects.select_for_update().select_related("issuer", "standard").get(pk=plan_id)


def _seen(plan, seen_version):
    """The page's version is required: every write from a plan's pages carries the plan's version, and
    every write to the plan or its parts moves it on (_bump). None (a caller without a page) is refused
    like a form without it; an older one as a stale page. Checked after the actor, before anything else."""
    check_version(plan.version, "" if seen_version is None else seen_version, stale=_stale)


def _require_status(plan, *allowed, action):
    if plan.status not in allowed:
        raise ValidationError(_("Không thể %(action)s khi kế hoạch ở trạng thái “%(status)s”.")
                              % {"action": action, "status": plan.get_status_display()})


def _bump(plan):
    Plan.objects.filter(pk=plan.pk).update(version=plan.version + 1, updated_at=timezone.now())
    plan.version += 1


def _check_years_and_window(fields):
    if fields["review_to_year"] < fields["review_from_year"]:
        raise ValidationError(_("Năm cuối của thời hiệu kiểm tra phải sau năm đầu."))
    if fields["window_end"] < fields["window_start"]:
        raise ValidationError(_("Ngày kết thúc kiểm tra phải sau ngày bắt đầu."))
    score_year = fields.get("score_year")
    if score_year and not fields["review_from_year"] <= score_year <= fields["review_to_year"]:
        raise ValidationError(_("Năm đối chiếu điểm phải nằm trong thời hiệu kiểm tra."))
    for year in fields.get("review_notes") or {}:
        if not fields["review_from_year"] <= int(year) <= fields["review_to_year"]:
            raise ValidationError(_("Năm %(year)s nằm ngoài thời hiệu kiểm tra.") % {"year": year})


# --- the plan ------------------------------------------------------------------------------

@transaction.atomic
def inspection_create(*, by, issuer: Unit, standard, title: str, place: str, issuer_body: str,
                      review_from_year: int, review_to_year: int, window_start: date,
                      window_end: date, **fields) -> Plan:
    permissions.require_planner(by, issuer)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    data = dict(fields, title=title, place=place, issuer_body=issuer_body,
                review_from_year=review_from_year, review_to_year=review_to_year,
                window_start=window_start, window_end=window_end)
    _check_years_and_window(data)
    plan = Plan(issuer=issuer, standard=standard, created_by=by, **data)
    plan.full_clean()
    plan._history_user = by  # the plan's audit history names who drew it up, in a request or not
    plan.save()
    _assign_defaults(plan)
    return plan


@transaction.atomic
def inspection_update(*, plan_id: int, by, seen_version, **fields) -> Plan:
    """Edit the draft plan's fields; ``seen_version`` (required): the version of the form's page, a
    missing (None or "") or older one is refused as a stale page."""
    plan = _lock(plan_id)
    permissions.require_planner(by, plan.issuer)
    _seen(plan, seen_version)
    _require_status(plan, S.DRAFT, action=_("sửa kế hoạch"))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(plan, name, value)
    _check_years_and_window({f: getattr(plan, f) for f in EDITABLE_FIELDS})
    outside = plan.visits.exclude(date__range=(plan.window_start, plan.window_end))
    if outside.exists():
        raise ValidationError(_("Còn %(n)s buổi làm việc nằm ngoài thời gian kiểm tra mới; hãy dời lịch trước.")
                              % {"n": outside.count()})
    plan.version += 1
    plan.full_clean()
    plan._history_user = by
    plan.save()
    return plan


def approval_problems(plan) -> list[str]:
    """What a plan still lacks before it can be approved (empty when it is ready)."""
    problems = []
    if not plan.number.strip():
        problems.append(_("Chưa có số, ký hiệu văn bản."))
    if not plan.members.filter(team_role=TeamMember.TeamRole.HEAD).exists():
        problems.append(_("Chưa có Trưởng đoàn kiểm tra."))
    if not plan.scope.exists():
        problems.append(_("Chưa chọn đơn vị được kiểm tra."))
    if not plan.assignments.exists():
        problems.append(_("Chưa phân công ngành thẩm định tiêu chí."))
    on_team = _team_sectors(plan)
    for a in plan.assignments.select_related("criterion", "sector").exclude(sector_id__in=on_team):
        problems.append(_("Tiêu chí %(n)s được phân công cho ngành %(sector)s, nhưng ngành này không có trong "
                          "Đoàn kiểm tra.") % {"n": a.criterion.number, "sector": a.sector.name})
    if plan.subteams.exists():
        for m in plan.members.filter(subteam__isnull=True):
            problems.append(_("%(member)s chưa thuộc tổ kiểm tra nào.") % {"member": m.organisation})
    return problems


def start_problems(plan) -> list[str]:
    return [] if plan.visits.exists() else [_("Chưa xếp lịch làm việc tại đơn vị nào.")]


def close_problems(plan) -> list[str]:
    """A plan closes once every visited unit has its conclusions."""
    visited = Unit.objects.filter(pk__in=plan.visits.values("unit")).order_by("path")
    concluded = set(plan.conclusions.values_list("unit_id", flat=True))
    return [_("Chưa có kết luận kiểm tra tại %(unit)s.") % {"unit": u} for u in visited if u.pk not in concluded]


def transition_problems(plan, to) -> list[str]:
    """What the plan still lacks before the move to ``to`` (empty when it is ready)."""
    return {S.APPROVED: approval_problems, S.IN_PROGRESS: start_problems, S.CLOSED: close_problems}[to](plan)


@transaction.atomic
def inspection_transition(*, plan_id: int, by, to: str, seen_version) -> Plan:
    plan = _lock(plan_id)
    permissions.require_move(by, plan, to)  # who (403), then the table's from-state (a message)
    _seen(plan, seen_version)
    problems = transition_problems(plan, to)
    if problems:
        raise ValidationError(problems)
    # saved through the model (the row is locked above), so the move is in the plan's audit history
    plan.status, plan.version = to, plan.version + 1
    plan._history_user, plan._change_reason = by, to
    plan.save(update_fields=["status", "version", "updated_at"])
    return plan


# --- the team ------------------------------------------------------------------------------

def _planning(plan_id, by, seen_version, *allowed, action):
    """The plan locked for a change by its planner from a page at ``seen_version``, in one of ``allowed``
    (the draft by default)."""
    plan = _lock(plan_id)
    permissions.require_planner(by, plan.issuer)
    _seen(plan, seen_version)
    _require_status(plan, *(allowed or (S.DRAFT,)), action=action)
    return plan


@transaction.atomic
def inspection_add_subteam(*, plan_id: int, by, seen_version) -> SubTeam:
    plan = _planning(plan_id, by, seen_version, action=_("thêm tổ kiểm tra"))
    number = (plan.subteams.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    subteam = SubTeam.objects.create(plan=plan, number=number)
    _bump(plan)
    return subteam


@transaction.atomic
def inspection_add_member(*, plan_id: int, by, seen_version, organisation: str, team_role: str = "member",
                          sector=None, name: str = "", position: str = "", subteam: SubTeam | None = None,
                          leads_subteam: bool = False) -> TeamMember:
    plan = _planning(plan_id, by, seen_version, action=_("sửa thành phần đoàn"))
    if subteam is not None and subteam.plan_id != plan.pk:
        raise ValidationError(_("Tổ kiểm tra không thuộc kế hoạch này."))
    if leads_subteam and subteam is None:
        raise ValidationError(_("Chọn tổ trước khi giao làm tổ trưởng."))
    taken = plan.members.filter(team_role=team_role).exclude(team_role=TeamMember.TeamRole.MEMBER)
    if taken.exists():
        raise ValidationError(_("Đoàn đã có %(role)s.") % {"role": TeamMember.TeamRole(team_role).label})
    member = TeamMember(plan=plan, team_role=team_role, sector=sector, organisation=organisation,
                        name=name, position=position, subteam=subteam)
    member.full_clean()
    member.save()
    if leads_subteam:
        SubTeam.objects.filter(pk=subteam.pk).update(leader=member)
    _bump(plan)
    return member


@transaction.atomic
def inspection_remove_member(*, plan_id: int, by, seen_version, member_id: int) -> None:
    plan = _planning(plan_id, by, seen_version, action=_("sửa thành phần đoàn"))
    deleted, _rows = plan.members.filter(pk=member_id).delete()
    if not deleted:
        raise ValidationError(_("Không tìm thấy thành viên này trong đoàn."))
    _bump(plan)


# --- which department re-checks which criterion ---------------------------------------------

def _team_sectors(plan) -> set[int]:
    return set(plan.members.exclude(sector=None).values_list("sector_id", flat=True))


def _assign_defaults(plan):
    owners = default_owners(plan)
    plan.assignments.all().delete()
    CriterionAssignment.objects.bulk_create(
        CriterionAssignment(plan=plan, criterion=criterion, sector=sector) for criterion, sector in owners)


@transaction.atomic
def inspection_assign_defaults(*, plan_id: int, by, seen_version) -> None:
    """Reset the assignment to the province's ownership of each criterion."""
    plan = _planning(plan_id, by, seen_version, action=_("phân công ngành"))
    _assign_defaults(plan)
    _bump(plan)


@transaction.atomic
def inspection_assign(*, plan_id: int, by, seen_version, sectors: dict) -> Plan:
    """Set the department of each criterion: ``sectors`` maps criterion id -> Sector."""
    plan = _planning(plan_id, by, seen_version, action=_("phân công ngành"))
    valid = set(plan.standard.criteria.values_list("pk", flat=True))
    if set(sectors) - valid:
        raise ValidationError(_("Có tiêu chí không thuộc bộ tiêu chuẩn của kế hoạch."))
    on_team = _team_sectors(plan)
    off_team = sorted({s.name for s in sectors.values() if s.pk not in on_team})
    if off_team:
        raise ValidationError(_("Chỉ phân công tiêu chí cho ngành có trong Đoàn kiểm tra; %(sectors)s chưa có trong "
                                "đoàn. Hãy thêm ngành vào thành phần đoàn trước.") % {"sectors": ", ".join(off_team)})
    for criterion_id, sector in sectors.items():
        CriterionAssignment.objects.update_or_create(plan=plan, criterion_id=criterion_id,
                                                     defaults={"sector": sector})
    _bump(plan)
    return plan


# --- scope and schedule ----------------------------------------------------------------------

SCHEDULING = (S.DRAFT, S.APPROVED, S.IN_PROGRESS)


@transaction.atomic
def inspection_add_unit(*, plan_id: int, by, seen_version, unit: Unit, name: str = "",
                        parent_name: str = "") -> PlanUnit:
    """Add a unit to the plan's places, with its name and its parent's as the plan writes them: by default as
    the unit was on the plan's day (communes.selectors.unit_on: huyện Sa Pa in 2017, thị xã from 2019)."""
    plan = _planning(plan_id, by, seen_version, *SCHEDULING, action=_("chọn đơn vị được kiểm tra"))
    if unit.pk == plan.issuer_id or not unit.path.startswith(plan.issuer.path):
        raise ValidationError(_("%(unit)s không thuộc địa bàn của %(issuer)s.")
                              % {"unit": unit, "issuer": plan.issuer})
    if unit.level == Level.PROVINCE:
        raise ValidationError(_("Chỉ chọn đơn vị cấp huyện hoặc cấp xã."))
    if plan.scope.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s đã có trong danh sách kiểm tra.") % {"unit": unit})
    then = unit_on(unit, plan_day(plan))
    scoped = PlanUnit(plan=plan, unit=unit, name=(name or then.name).strip(),
                      parent_name=(parent_name or (then.parent.name if then.parent_id else "")).strip())
    scoped.full_clean(validate_constraints=False)
    scoped.save()
    _bump(plan)
    return scoped


@transaction.atomic
def inspection_remove_unit(*, plan_id: int, by, seen_version, unit_id: int) -> None:
    plan = _planning(plan_id, by, seen_version, *SCHEDULING, action=_("bỏ đơn vị được kiểm tra"))
    if plan.visits.filter(unit_id=unit_id).exists():
        raise ValidationError(_("Đơn vị đã có lịch làm việc; hãy xóa lịch trước."))
    plan.scope.filter(unit_id=unit_id).delete()
    _bump(plan)


@transaction.atomic
def inspection_schedule(*, plan_id: int, by, seen_version, unit: Unit, date: date, session: str,
                        subteam: SubTeam | None = None, notes: str = "") -> Visit:
    """Book one working session; refuse a date outside the window or a team in two places."""
    # the plan is locked: one booking at a time per plan, so two clashing posts cannot both pass
    plan = _planning(plan_id, by, seen_version, *SCHEDULING, action=_("xếp lịch"))
    if not plan.scope.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s chưa có trong danh sách đơn vị được kiểm tra.") % {"unit": unit})
    if subteam is not None and subteam.plan_id != plan.pk:
        raise ValidationError(_("Tổ kiểm tra không thuộc kế hoạch này."))
    if session not in rules.SESSION_START:
        raise ValidationError(_("Buổi làm việc không hợp lệ."))
    if not rules.in_window(date, plan.window_start, plan.window_end):
        raise ValidationError(
            _("Ngày %(day)s nằm ngoài thời gian kiểm tra của kế hoạch (từ %(start)s đến %(end)s).")
            % {"day": f"{date:%d/%m/%Y}", "start": f"{plan.window_start:%d/%m/%Y}",
               "end": f"{plan.window_end:%d/%m/%Y}"})
    booked = list(plan.visits.filter(date=date, session=session).select_related("unit", "subteam"))
    new = rules.Slot(date, session, subteam.pk if subteam else None, str(unit))
    slots = {rules.Slot(v.date, v.session, v.subteam_id, str(v.unit)): v for v in booked}
    hit = rules.clash(new, list(slots))
    if hit is not None:
        other = slots[hit]
        raise ValidationError(
            _("Trùng lịch: %(session)s ngày %(day)s %(who)s đã làm việc tại %(place)s; "
              "một tổ không thể làm việc ở hai nơi trong cùng một buổi.")
            % {"who": other.subteam or _("cả đoàn"), "place": other.unit,
               "session": other.get_session_display().lower(), "day": f"{date:%d/%m/%Y}"})
    visit = Visit(plan=plan, unit=unit, date=date, session=session, subteam=subteam, notes=notes)
    visit.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError:
        raise ValidationError(_("Trùng lịch: tổ này đã có buổi làm việc khác vào buổi đó.")) from None
    _bump(plan)
    return visit


@transaction.atomic
def inspection_unschedule(*, plan_id: int, by, seen_version, visit_id: int) -> None:
    plan = _planning(plan_id, by, seen_version, *SCHEDULING, action=_("sửa lịch"))
    visit = plan.visits.filter(pk=visit_id).first()
    if visit is None:
        raise ValidationError(_("Không tìm thấy buổi làm việc này."))
    if plan.findings.filter(unit_id=visit.unit_id).exists() and \
            plan.visits.filter(unit_id=visit.unit_id).count() == 1:
        raise ValidationError(_("Đã có kết quả kiểm tra tại %(unit)s; không xóa được buổi làm việc duy nhất.")
                              % {"unit": visit.unit})
    visit.delete()
    _bump(plan)


# --- "Tổ chức thực hiện": who does what -------------------------------------------------------

@transaction.atomic
def inspection_add_duty(*, plan_id: int, by, seen_version, body: str, text: str = "", sector=None,
                        due_on: date | None = None) -> Duty:
    """Add a numbered item of "Tổ chức thực hiện"; a sector given must be on the team (its criteria are listed)."""
    plan = _planning(plan_id, by, seen_version, action=_("sửa phần tổ chức thực hiện"))
    if sector is not None and sector.pk not in _team_sectors(plan):
        raise ValidationError(_("Ngành %(sector)s không có trong Đoàn kiểm tra.") % {"sector": sector.name})
    order = (plan.duties.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    duty = Duty(plan=plan, order=order, body=body.strip(), text=text.strip(), sector=sector, due_on=due_on)
    duty.full_clean()
    duty.save()
    _bump(plan)
    return duty


@transaction.atomic
def inspection_remove_duty(*, plan_id: int, by, seen_version, duty_id: int) -> None:
    plan = _planning(plan_id, by, seen_version, action=_("sửa phần tổ chức thực hiện"))
    plan.duties.filter(pk=duty_id).delete()
    _bump(plan)


# --- the report outline and the inspected units' reports -----------------------------------

@transaction.atomic
def inspection_add_section(*, plan_id: int, by, seen_version, code: str, title: str,
                           guidance: str = "") -> OutlineSection:
    plan = _planning(plan_id, by, seen_version, action=_("sửa đề cương"))
    if plan.outline.filter(code=code.strip()).exists():
        raise ValidationError(_("Đề cương đã có mục %(code)s.") % {"code": code})
    order = (plan.outline.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    section = OutlineSection(plan=plan, order=order, code=code.strip(), title=title.strip(),
                             guidance=guidance.strip())
    section.full_clean()
    section.save()
    _bump(plan)
    return section


@transaction.atomic
def inspection_remove_section(*, plan_id: int, by, seen_version, section_id: int) -> None:
    plan = _planning(plan_id, by, seen_version, action=_("sửa đề cương"))
    plan.outline.filter(pk=section_id).delete()
    _bump(plan)


REPORT_TYPES = {  # read from the content (core.uploads), not the name: what an office sends
    PDF: ("application/pdf", ".pdf"),
    DOCX: ("application/vnd.openxmlformats-officedocument", ".docx"),
    ZIP: ("application/vnd.openxmlformats-officedocument", ".docx"),  # a .docx whose parts filetype cannot name
    DOC: ("application/msword", ".doc"),
}


def _checked_report(upload):
    """(content type, extension) read from the file's content: a PDF that opens, a Word document
    (.docx: a package with word/document.xml, not any ZIP; .doc: a compound file with a Word stream);
    a name with control or bidirectional characters is refused."""
    refusal = name_refusal(upload.name or "")
    if refusal:
        raise ValidationError(refusal)
    mime = mime_of(upload)
    kind = REPORT_TYPES.get(mime)
    if kind is None:
        raise ValidationError(_("Tệp báo cáo phải là PDF hoặc Word (.doc, .docx)."))
    if not opens_as(upload, mime):
        raise ValidationError(_("Tệp không mở được như một tệp %(kind)s: có thể tệp bị hỏng hoặc không đúng "
                                "định dạng (kiểm tra theo nội dung tệp).") % {"kind": kind[1][1:].upper()})
    return kind


@files_follow_commit
@transaction.atomic
def inspection_submit_report(*, plan_id: int, by, seen_version, unit: Unit, answers: dict[int, str],
                             upload=None) -> UnitReport:
    plan = _lock(plan_id)
    permissions.require_reporter(by, unit)
    _seen(plan, seen_version)
    _require_status(plan, S.APPROVED, S.IN_PROGRESS, action=_("gửi báo cáo"))
    if not plan.scope.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s không thuộc danh sách được kiểm tra.") % {"unit": unit})
    sections = set(plan.outline.values_list("pk", flat=True))
    if set(answers) - sections:
        raise ValidationError(_("Có mục không thuộc đề cương của kế hoạch."))
    answers = {str(k): v.strip() for k, v in answers.items() if v and v.strip()}
    report = UnitReport.objects.filter(plan=plan, unit=unit).first() or UnitReport(plan=plan, unit=unit)
    if not answers and upload is None and not report.file:
        raise ValidationError(_("Báo cáo trống: hãy nhập nội dung các mục hoặc tải lên tệp báo cáo."))
    if upload is not None:
        if upload.size > settings.EVIDENCE_MAX_BYTES:
            raise ValidationError(_("Tệp quá lớn (tối đa %(mb)s MB).")
                                  % {"mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)})
        content_type, extension = _checked_report(upload)
        if report.file:
            remove_after_commit(report.file)  # the replaced file; gone only once the new row commits
        report.token = secrets.token_urlsafe(24)
        report.original_name = upload.name[-200:]
        report.content_type = content_type
        save_file(report.file, report.token + extension, upload)  # the stored name says the real type
    report.answers = answers
    report.submitted_by = by
    report.submitted_at = timezone.now()
    report.save()
    _bump(plan)
    return report


# --- findings, conclusions, follow-up ------------------------------------------------------

def _visited(plan, unit):
    if not plan.visits.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s không có trong lịch làm việc của đoàn.") % {"unit": unit})


def _repeat(plan, seen_version, *, unchanged) -> bool:
    """core.locking.check_version_or_repeat on the plan: True when a page older than the plan sent what is
    stored (the same save sent again after its answer was lost: write nothing), False when it is current."""
    return check_version_or_repeat(plan.version, "" if seen_version is None else seen_version, stale=_stale,
                                   unchanged=unchanged)


@transaction.atomic
def inspection_record_findings(*, plan_id: int, by, seen_version, unit: Unit,
                               points: dict[int, Decimal | str], notes: dict[int, str] | None = None) -> SavedRows:
    """Record the re-checked points of one commune, ``points`` and ``notes`` by criterion id: every row or
    none (the first refusal names its criterion). From a page older than the plan, rows equal to those
    recorded are the same save sent again after its answer was lost: nothing is written and the findings
    returned say ``repeated``."""
    plan = _lock(plan_id)
    assignments = {a.criterion_id: a for a in plan.assignments.select_related("criterion", "sector")
                   .filter(criterion_id__in=list(points))}
    for criterion_id in points:
        if criterion_id not in assignments:
            raise ValidationError(_("Tiêu chí này chưa được phân công cho ngành nào trong kế hoạch."))
        permissions.require_rechecker(by, plan, assignments[criterion_id].sector)
    typed, refusal = {}, None
    for criterion_id, value in points.items():
        criterion = assignments[criterion_id].criterion
        try:
            # typed text or a number, read by the one parser (core.numbers): "10,5" = "10.5", "1.000" refused
            typed[criterion_id] = parse_vn_decimal(value, label=_("Tiêu chí %(n)s") % {"n": criterion.number},
                                                   max_value=criterion.max_points)
        except ValidationError as e:
            refusal = refusal or e
            continue
        if typed[criterion_id] is None:
            refusal = refusal or ValidationError(_("Tiêu chí %(n)s: hãy nhập điểm kiểm tra lại.")
                                                 % {"n": criterion.number})
    noted = {criterion_id: ((notes or {}).get(criterion_id) or "").strip() for criterion_id in points}
    stored = {f.criterion_id: f for f in Finding.objects.filter(plan=plan, unit=unit, criterion_id__in=list(points))}

    def unchanged():
        return bool(points) and refusal is None and all(
            c in stored and (stored[c].rechecked_points, stored[c].note) == (typed[c], noted[c]) for c in points)

    if _repeat(plan, seen_version, unchanged=unchanged):
        return SavedRows([stored[c] for c in points], repeated=True)
    _require_status(plan, S.IN_PROGRESS, action=_("ghi kết quả kiểm tra"))
    _visited(plan, unit)
    if unit.level != Level.COMMUNE:
        raise ValidationError(_("Điểm tiêu chí chỉ kiểm tra tại đơn vị cấp xã."))
    if not points:
        raise ValidationError(_("Chưa nhập điểm kiểm tra lại của tiêu chí nào."))
    if refusal is not None:
        raise refusal
    scores = assessment_scores(plan, unit)
    recorded = []
    for criterion_id in points:
        assignment = assignments[criterion_id]
        self_points, appraised = scores.get(assignment.criterion_id, (None, None))
        finding, _created = Finding.objects.update_or_create(
            plan=plan, unit=unit, criterion=assignment.criterion,
            defaults={"sector": assignment.sector, "self_points": self_points, "appraised_points": appraised,
                      "rechecked_points": typed[criterion_id], "note": noted[criterion_id], "recorded_by": by})
        recorded.append(finding)
    _bump(plan)
    return SavedRows(recorded)


@transaction.atomic
def inspection_conclude(*, plan_id: int, by, seen_version, unit: Unit, conclusions: str,
                        recommendations: str = "") -> UnitConclusion:
    """The conclusion at one unit. From a page older than the plan, the text recorded is the same save
    sent again after its answer was lost: nothing is written, the conclusion returned says ``repeated``."""
    plan = _lock(plan_id)
    permissions.require_planner(by, plan.issuer)
    stored = UnitConclusion.objects.filter(plan=plan, unit=unit).first()
    if _repeat(plan, seen_version, unchanged=lambda: stored is not None and (
            stored.conclusions, stored.recommendations) == (conclusions.strip(), recommendations.strip())):
        stored.repeated = True
        return stored
    _require_status(plan, S.IN_PROGRESS, action=_("ghi kết luận"))
    _visited(plan, unit)
    if not conclusions.strip():
        raise ValidationError(_("Hãy nhập nội dung kết luận."))
    conclusion, _created = UnitConclusion.objects.update_or_create(
        plan=plan, unit=unit, defaults={"conclusions": conclusions.strip(),
                                        "recommendations": recommendations.strip(), "written_by": by})
    _bump(plan)
    conclusion.repeated = False
    return conclusion


@transaction.atomic
def inspection_set_general_conclusion(*, plan_id: int, by, seen_version, report_number: str,
                                      general_conclusion: str) -> Plan:
    plan = _planning(plan_id, by, seen_version, S.IN_PROGRESS, action=_("ghi kết luận chung"))
    Plan.objects.filter(pk=plan.pk).update(report_number=report_number.strip(),
                                           general_conclusion=general_conclusion.strip(),
                                           version=plan.version + 1, updated_at=timezone.now())
    plan.refresh_from_db()
    return plan


@transaction.atomic
def inspection_add_follow_up(*, plan_id: int, by, seen_version, action: str, owner: str, due_on: date,
                             unit: Unit | None = None) -> FollowUp:
    plan = _planning(plan_id, by, seen_version, S.IN_PROGRESS, S.CLOSED, action=_("giao việc sau kiểm tra"))
    if unit is not None and not plan.scope.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s không thuộc danh sách được kiểm tra.") % {"unit": unit})
    follow_up = FollowUp(plan=plan, unit=unit, action=action.strip(), owner=owner.strip(), due_on=due_on)
    follow_up.full_clean()
    follow_up.save()
    _bump(plan)
    return follow_up


@transaction.atomic
def inspection_set_follow_up_status(*, plan_id: int, by, seen_version, follow_up_id: int, status: str,
                                    done_on: date | None = None) -> FollowUp:
    plan = _lock(plan_id)
    permissions.require_planner(by, plan.issuer)
    _seen(plan, seen_version)
    follow_up = plan.follow_ups.filter(pk=follow_up_id).first()
    if follow_up is None:
        raise ValidationError(_("Không tìm thấy việc này."))
    if status not in FollowUp.Status.values:
        raise ValidationError(_("Tình trạng không hợp lệ."))
    follow_up.status = status
    follow_up.done_on = (done_on or timezone.localdate()) if status == FollowUp.Status.DONE else None
    follow_up.save(update_fields=["status", "done_on"])
    _bump(plan)
    return follow_up

