"""Interdisciplinary inspection plans (kế hoạch kiểm tra liên ngành), seeds 000 and 002.

A plan is issued by a unit (usually the province) and covers some of the units below it; a team of
departments visits them on a schedule, re-checks the criteria each department appraises, and writes
conclusions and follow-up actions. What the database can enforce (one head, one deputy, no two
visits of one sub-team in one session, a window that ends after it starts) it does.
"""

import os

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans issued by, or covering a unit within, the user's own unit subtree."""
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        prefix = user.unit.path
        covered = PlanUnit.objects.filter(plan=OuterRef("pk"), unit__path__startswith=prefix)
        return self.filter(Q(issuer__path__startswith=prefix) | Exists(covered))

    def readable_by(self, user):
        """``visible_to``, and the plans issued by the units the user's unit succeeded in the 2025 reform (read)."""
        from accounts.permissions import readable

        return self.visible_to(user) | readable(self, user, "issuer__path")


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        APPROVED = "approved", _("Đã phê duyệt")
        IN_PROGRESS = "in_progress", _("Đang kiểm tra")
        CLOSED = "closed", _("Đã kết thúc")

    issuer = models.ForeignKey("communes.Unit", verbose_name=_("đơn vị ban hành"),
                               on_delete=models.PROTECT, related_name="inspection_plans")
    standard = models.ForeignKey("criteria.Standard", verbose_name=_("bộ tiêu chuẩn kiểm tra"),
                                 on_delete=models.PROTECT, related_name="inspection_plans")
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=160, blank=True,
                                   help_text=_("Dòng trên tên cơ quan ban hành, ví dụ UBND TỈNH BẮC GIANG."))
    issuer_body = models.CharField(_("cơ quan ban hành (in trên văn bản)"), max_length=160)
    number = models.CharField(_("số, ký hiệu"), max_length=40, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=60)
    title = models.CharField(_("trích yếu"), max_length=400)
    legal_basis = models.JSONField(_("căn cứ"), default=list, blank=True)
    purposes = models.TextField(_("mục đích"), blank=True)
    requirements = models.TextField(_("yêu cầu"), blank=True)
    content = models.TextField(_("nội dung kiểm tra"), blank=True)
    review_from_year = models.PositiveSmallIntegerField(_("thời hiệu kiểm tra từ năm"))
    review_to_year = models.PositiveSmallIntegerField(_("đến năm"))
    # {"2015": "what is checked for 2015", ...}
    review_notes = models.JSONField(_("nội dung kiểm tra theo năm"), default=dict, blank=True)
    score_year = models.PositiveSmallIntegerField(
        _("năm đối chiếu điểm"), null=True, blank=True,
        help_text=_("Năm của hồ sơ đánh giá dùng để đối chiếu điểm; mặc định là năm cuối thời hiệu."))
    window_start = models.DateField(_("kiểm tra từ ngày"))
    window_end = models.DateField(_("đến ngày"))
    timing_note = models.CharField(
        _("thời gian kiểm tra (như kế hoạch ghi)"), max_length=300, blank=True,
        help_text=_("Ví dụ: Trong quý IV/2017, dự kiến vào cuối tháng 10, đầu tháng 11 năm 2017. Văn bản in dòng "
                    "này thay cho các ngày bắt đầu, kết thúc."))
    communes_per_district = models.PositiveSmallIntegerField(
        _("số xã mỗi huyện lựa chọn"), null=True, blank=True,
        help_text=_("Khi huyện tự chọn xã được kiểm tra (\"Mỗi huyện lựa chọn 02 xã\"); để trống nếu kế hoạch "
                    "ghi tên từng xã."))
    report_days = models.PositiveSmallIntegerField(
        _("số ngày tổng hợp báo cáo sau khi kết thúc kiểm tra"), null=True, blank=True,
        help_text=_("Ví dụ 15: \"Tổng hợp báo cáo kết quả sau khi kết thúc đợt kiểm tra 15 ngày\". Để trống nếu "
                    "kế hoạch không đặt hạn này (khi đó không tính hạn, không tính quá hạn)."))
    budget_source = models.TextField(_("kinh phí"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=80, blank=True,
                                        help_text=_("Ví dụ: KT. CHỦ TỊCH"))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=80, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    outline_title = models.CharField(_("tên đề cương báo cáo"), max_length=400, blank=True)
    outline_due = models.DateField(_("hạn gửi báo cáo theo đề cương"), null=True, blank=True)
    report_number = models.CharField(_("số báo cáo kết quả"), max_length=40, blank=True)
    general_conclusion = models.TextField(_("kết luận chung"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("kế hoạch kiểm tra liên ngành")
        verbose_name_plural = _("kế hoạch kiểm tra liên ngành")
        ordering = ["-window_start", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(window_end__gte=models.F("window_start")),
                                   name="plan_window_ordered"),
            models.CheckConstraint(condition=Q(review_to_year__gte=models.F("review_from_year")),
                                   name="plan_review_years_ordered"),
        ]

    def __str__(self):
        return f"{self.number_text} – {self.title}"

    @property
    def is_committees(self) -> bool:
        """Issued by a People's Committee (its body is signed for "TM. ỦY BAN NHÂN DÂN")."""
        body = " ".join(self.issuer_body.split()).upper()
        return body.startswith(("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND"))

    @property
    def number_text(self) -> str:
        """The number as printed, its blank marked: "260/KH-UBND"; "…/KH-SLĐTBXH" for a number typed
        without its figure ("/KH-SLĐTBXH"); "…/KH-UBND" or "…/KH-…" for none yet."""
        number = self.number.strip()
        if not number:
            return "…/KH-UBND" if self.is_committees else "…/KH-…"
        return f"…{number}" if number.startswith("/") else number

    @property
    def reviewed_year(self):
        return self.score_year or self.review_to_year

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED


class SubTeam(models.Model):
    """Tổ kiểm tra (Tổ 1, Tổ 2), led by one of the team's members."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="subteams")
    number = models.PositiveSmallIntegerField(_("số tổ"))
    leader = models.ForeignKey("TeamMember", verbose_name=_("tổ trưởng"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("tổ kiểm tra")
        verbose_name_plural = _("tổ kiểm tra")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="subteam_number_once")]

    def __str__(self):
        return _("Tổ %(n)s") % {"n": self.number}


class TeamMember(models.Model):
    class TeamRole(models.TextChoices):
        HEAD = "head", _("Trưởng đoàn")
        DEPUTY = "deputy", _("Phó Trưởng đoàn")
        MEMBER = "member", _("Thành viên")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="members")
    team_role = models.CharField(_("vai trò trong đoàn"), max_length=10, choices=TeamRole.choices,
                                 default=TeamRole.MEMBER)
    sector = models.ForeignKey("criteria.Sector", verbose_name=_("ngành"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    organisation = models.CharField(_("cơ quan, đơn vị"), max_length=160)
    name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    position = models.CharField(_("chức vụ"), max_length=160, blank=True)
    subteam = models.ForeignKey(SubTeam, verbose_name=_("tổ"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="members")

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("thành viên đoàn kiểm tra")
        ordering = ["plan", "team_role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan"], condition=Q(team_role="head"), name="one_team_head"),
            models.UniqueConstraint(fields=["plan"], condition=Q(team_role="deputy"),
                                    name="one_team_deputy"),
        ]

    def __str__(self):
        person = self.name or _("Lãnh đạo")
        return f"{person} ({self.organisation})"

    @property
    def title(self) -> str:
        """Position and body as one phrase: "Phó Giám đốc Sở Y tế", never "Phó Giám đốc Sở Sở Y tế"."""
        from inspections.rules import join_words

        return join_words(self.position or str(_("Lãnh đạo")), self.organisation)


class CriterionAssignment(models.Model):
    """Which department re-checks a criterion during this inspection (seed 000, section VII)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    criterion = models.ForeignKey("criteria.Criterion", on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey("criteria.Sector", verbose_name=_("ngành thẩm định"),
                               on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("phân công thẩm định tiêu chí")
        verbose_name_plural = _("phân công thẩm định tiêu chí")
        ordering = ["plan", "criterion__number"]
        constraints = [models.UniqueConstraint(fields=["plan", "criterion"], name="assignment_once")]


class PlanUnit(models.Model):
    """A district or commune the plan covers (seed 000: 3 districts, 2 communes each).

    ``name`` and ``parent_name`` are the unit and the unit above it as the plan writes them (seed 002:
    "Kiên Thành" of "Lục Ngạn" in 2024, of Thị xã Chũ from NQ 1191/NQ-UBTVQH15): recorded when the unit
    is added, so a later renaming or regrouping does not change a plan already written.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="scope")
    unit = models.ForeignKey("communes.Unit", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên trong kế hoạch"), max_length=160, blank=True)
    parent_name = models.CharField(_("đơn vị cấp trên trong kế hoạch"), max_length=160, blank=True)

    @property
    def label(self) -> str:
        return self.name or self.unit.name

    class Meta:
        verbose_name = _("đơn vị được kiểm tra")
        verbose_name_plural = _("đơn vị được kiểm tra")
        ordering = ["plan", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="plan_unit_once")]


class Duty(models.Model):
    """One numbered item of the plan's "Tổ chức thực hiện": a body and what it is to do (seed 000 VII.1–7,
    seed 002 VI.1–3), printed as written. A duty bound to a sector of the team also lists the criteria that
    sector re-checks, from the plan's assignment (one source); ``due_on`` is the day its report is due."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="duties")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    body = models.CharField(_("cơ quan, đơn vị"), max_length=300)
    sector = models.ForeignKey("criteria.Sector", verbose_name=_("ngành (thẩm định tiêu chí)"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("nhiệm vụ"), blank=True)
    due_on = models.DateField(_("hạn gửi báo cáo"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ tổ chức thực hiện")
        verbose_name_plural = _("nhiệm vụ tổ chức thực hiện")
        ordering = ["plan", "order", "id"]

    def __str__(self):
        return f"{self.order}. {self.body}"


class Session(models.TextChoices):
    MORNING = "morning", _("Buổi sáng (từ 07:00)")
    AFTERNOON = "afternoon", _("Buổi chiều (từ 13:30)")


class Visit(models.Model):
    """One working session of the team (or a sub-team) at one unit."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey("communes.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="+")
    date = models.DateField(_("ngày"))
    session = models.CharField(_("buổi"), max_length=10, choices=Session.choices)
    subteam = models.ForeignKey(SubTeam, verbose_name=_("tổ kiểm tra"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="visits",
                                help_text=_("Để trống nếu cả đoàn cùng làm việc."))
    notes = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lịch làm việc")
        verbose_name_plural = _("lịch làm việc")
        # mornings before afternoons: selectors.visits orders by session with a Case expression
        ordering = ["plan", "date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "date", "session", "subteam"],
                                    condition=Q(subteam__isnull=False), name="subteam_one_place"),
            models.UniqueConstraint(fields=["plan", "date", "session"],
                                    condition=Q(subteam__isnull=True), name="team_one_place"),
        ]


class OutlineSection(models.Model):
    """A section of the report outline (đề cương) the inspected units answer."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outline")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.CharField(_("mục"), max_length=12)
    title = models.CharField(_("tiêu đề"), max_length=300)
    guidance = models.TextField(_("nội dung cần báo cáo"), blank=True)

    class Meta:
        verbose_name = _("mục đề cương")
        verbose_name_plural = _("mục đề cương")
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="outline_code_once")]

    def __str__(self):
        return f"{self.code}. {self.title}"


def report_file_path(instance, filename):
    # nothing personal in the stored path: the original name is kept in the row only; the extension
    # is the one the service read from the content (inspections.services._checked_report)
    suffix = os.path.splitext(filename)[1].lower()
    suffix = suffix if suffix in (".pdf", ".doc", ".docx") else ""
    return f"inspection-reports/{instance.plan_id}/{instance.token}{suffix}"


class UnitReport(models.Model):
    """An inspected unit's report: text per outline section, or an uploaded file, or both."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="unit_reports")
    unit = models.ForeignKey("communes.Unit", on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(_("nội dung theo mục"), default=dict, blank=True)  # {"<section id>": text}
    token = models.CharField(max_length=40, blank=True, editable=False)
    file = models.FileField(_("tệp báo cáo"), upload_to=report_file_path, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    content_type = models.CharField(max_length=80, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("ngày gửi"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo của đơn vị được kiểm tra")
        verbose_name_plural = _("báo cáo của đơn vị được kiểm tra")
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="unit_report_once")]


class Finding(models.Model):
    """A department's re-check of one criterion at one visited commune.

    The commune's self-assessed and appraised points are copied from its assessment when the
    finding is recorded, so the inspection record does not move if the assessment changes later.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey("communes.Unit", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey("criteria.Criterion", on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey("criteria.Sector", on_delete=models.PROTECT, related_name="+")
    self_points = models.DecimalField(_("điểm tự đánh giá"), max_digits=6, decimal_places=2,
                                      null=True, blank=True)
    appraised_points = models.DecimalField(_("điểm thẩm định"), max_digits=6, decimal_places=2,
                                           null=True, blank=True)
    rechecked_points = models.DecimalField(_("điểm kiểm tra lại"), max_digits=6, decimal_places=2)
    note = models.TextField(_("nhận xét"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["recorded_at"])

    class Meta:
        verbose_name = _("kết quả kiểm tra tiêu chí")
        verbose_name_plural = _("kết quả kiểm tra tiêu chí")
        ordering = ["plan", "unit__path", "criterion__number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "criterion"], name="finding_once"),
            models.CheckConstraint(condition=Q(rechecked_points__gte=0), name="finding_not_negative"),
        ]


class UnitConclusion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="conclusions")
    unit = models.ForeignKey("communes.Unit", on_delete=models.PROTECT, related_name="+")
    conclusions = models.TextField(_("kết luận"))
    recommendations = models.TextField(_("kiến nghị"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    written_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["written_at"])

    class Meta:
        verbose_name = _("kết luận kiểm tra tại đơn vị")
        verbose_name_plural = _("kết luận kiểm tra tại đơn vị")
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="conclusion_once")]


class FollowUp(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="follow_ups")
    unit = models.ForeignKey("communes.Unit", verbose_name=_("đơn vị"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    action = models.TextField(_("việc cần làm"))
    owner = models.CharField(_("đơn vị, người chịu trách nhiệm"), max_length=200)
    due_on = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(_("tình trạng"), max_length=12, choices=Status.choices,
                              default=Status.OPEN)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("việc sau kiểm tra")
        verbose_name_plural = _("việc sau kiểm tra")
        ordering = ["plan", "due_on", "id"]
