"""The yearly plan (kế hoạch) of a province, or of a district before 1/7/2025 (seeds 001 and 003).

A plan is a document in the NĐ 30/2020 layout: its heading (issuing body, number and symbol, place and
date), the texts it cites (căn cứ), its parts (I. Mục đích yêu cầu … Tổ chức thực hiện) and its signer.
Each part holds numbered entries in the plan's own words; an entry also says what it is: a target (the
reports app's ``Target`` row, whose source the plan is), a training or communication activity, a task of
a level and a department with its deadline (which a round's deadline can take, with the source shown), a
funding source. The words printed are the entry's; the structured fields say what the words set.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The plans of the user's province and of the units in it (every level of a province carries out
        its plans, as it sees the province's rounds)."""
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        return self.filter(unit__path__startswith=f"/{user.unit.province_id}/")

    def readable_by(self, user):
        """``visible_to``, and the plans of the units the user's unit succeeded in the 2025 reform (read)."""
        from accounts.permissions import readable

        return self.visible_to(user) | readable(self, user, "unit__path")


class Plan(models.Model):
    unit = models.ForeignKey("communes.Unit", verbose_name=_("đơn vị lập kế hoạch"), on_delete=models.PROTECT,
                             related_name="yearly_plans",
                             help_text=_("Tỉnh, hoặc huyện trước 01/7/2025."))
    year = models.PositiveSmallIntegerField(_("năm"))
    year_to = models.PositiveSmallIntegerField(
        _("đến năm"), null=True, blank=True,
        help_text=_("Kế hoạch nhiều năm (\"đến năm 2020\"): năm cuối. Để trống nếu kế hoạch của một năm."))
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=160, blank=True,
                                   help_text=_("Dòng trên tên cơ quan ban hành, ví dụ UBND TỈNH LẠNG SƠN."))
    issuer_body = models.CharField(_("cơ quan ban hành (in trên văn bản)"), max_length=160,
                                   help_text=_("Xuống dòng để in thành hai dòng: ỦY BAN NHÂN DÂN / TỈNH NINH THUẬN."))
    number = models.CharField(_("số"), max_length=20, blank=True,
                              help_text=_("Để trống khi văn thư chưa cấp số."))
    symbol = models.CharField(_("ký hiệu"), max_length=40, help_text=_("Ví dụ: KH-UBND, KH-SLĐTBXH."))
    place = models.CharField(_("địa danh"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_month = models.PositiveSmallIntegerField(
        _("tháng ban hành (khi chưa có ngày)"), null=True, blank=True,
        help_text=_("Dự thảo ghi tháng, để trống ngày: \"ngày    tháng 3 năm 2022\"."))
    title = models.CharField(_("trích yếu"), max_length=400)
    basis = models.TextField(_("căn cứ"), max_length=4000, blank=True,
                             help_text=_("Mỗi đoạn một dòng."))
    closing = models.TextField(_("đoạn kết"), max_length=2000, blank=True)
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=80, blank=True,
                                        help_text=_("Ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH; KT. GIÁM ĐỐC."))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=80, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), max_length=2000, blank=True, help_text=_("Mỗi nơi một dòng."))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = _("kế hoạch năm")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="yearly_plan_once"),
            models.CheckConstraint(condition=Q(year_to__isnull=True) | Q(year_to__gte=models.F("year")),
                                   name="yearly_plan_years_ordered"),
            models.CheckConstraint(condition=Q(issued_month__isnull=True) | Q(issued_month__gte=1,
                                                                              issued_month__lte=12),
                                   name="yearly_plan_month_range"),
        ]

    def __str__(self):
        return f"{self.number_text} – {self.title}"

    @property
    def number_text(self) -> str:
        """"965/KH-UBND"; "…/KH-SLĐTBXH" while the clerk has not given the number."""
        return f"{self.number.strip() or '…'}/{self.symbol.strip()}"

    @property
    def last_year(self) -> int:
        return self.year_to or self.year

    def covers(self, year: int) -> bool:
        return self.year <= year <= self.last_year


class Part(models.Model):
    """A part of the plan (I, II, …) with its heading as the plan writes it."""

    class Kind(models.TextChoices):
        PURPOSE = "purpose", _("Mục đích, yêu cầu")
        TARGETS = "targets", _("Mục tiêu")
        TASKS = "tasks", _("Nhiệm vụ, giải pháp / nội dung thực hiện")
        FUNDING = "funding", _("Kinh phí")
        ORGANISATION = "organisation", _("Tổ chức thực hiện, phân công trách nhiệm")
        REPORTING = "reporting", _("Chế độ báo cáo")
        OTHER = "other", _("Phần khác")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại phần"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    heading = models.CharField(_("tên phần"), max_length=200, help_text=_("Ví dụ: MỤC ĐÍCH YÊU CẦU."))

    class Meta:
        verbose_name = _("phần của kế hoạch")
        verbose_name_plural = _("phần của kế hoạch")
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="plan_part_position_once")]

    def __str__(self):
        return self.heading


class Entry(models.Model):
    """One numbered item (1., 2.), bullet (-) or paragraph of a part, in the plan's words, and what it sets."""

    class Depth(models.IntegerChoices):
        PARAGRAPH = 0, _("Đoạn văn (không đánh số)")
        ITEM = 1, _("Mục đánh số (1., 2., …)")
        BULLET = 2, _("Gạch đầu dòng (-)")

    class Kind(models.TextChoices):
        TEXT = "text", _("Nội dung")
        TARGET = "target", _("Chỉ tiêu")
        TRAINING = "training", _("Tập huấn, nâng cao năng lực")
        COMMUNICATION = "communication", _("Truyền thông, tuyên truyền")
        INSPECTION = "inspection", _("Kiểm tra, giám sát")
        TASK = "task", _("Nhiệm vụ của cấp, ngành")
        FUNDING = "funding", _("Nguồn kinh phí")
        REPORT = "report", _("Báo cáo, thời hạn")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    # the round's deadlines an entry can set (assessments.Round.<key>_due, <key>_source)
    class Deadline(models.TextChoices):
        REGISTRATION = "registration", _("Hạn xã đăng ký")
        SUBMISSION = "submission", _("Hạn xã gửi hồ sơ")
        APPRAISAL = "appraisal", _("Hạn thẩm định")
        DECISION = "decision", _("Hạn ra quyết định công nhận")
        DISTRICT_REPORT = "district_report", _("Hạn cấp huyện báo cáo về Sở")
        REPORT = "report", _("Hạn Sở tổng hợp báo cáo UBND tỉnh và Bộ")

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    depth = models.PositiveSmallIntegerField(_("cách trình bày"), choices=Depth.choices, default=Depth.ITEM)
    kind = models.CharField(_("loại nội dung"), max_length=16, choices=Kind.choices, default=Kind.TEXT)
    heading = models.CharField(_("tiêu đề"), max_length=300, blank=True,
                               help_text=_("Dòng đầu của mục (ví dụ: Sở Y tế:); để trống nếu mục chỉ có lời văn."))
    text = models.TextField(_("lời văn"), max_length=6000, blank=True, help_text=_("Mỗi đoạn một dòng."))
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices, blank=True)
    sector = models.ForeignKey("criteria.Sector", verbose_name=_("ngành chủ trì"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("thời hạn"), null=True, blank=True)
    yearly = models.BooleanField(_("hằng năm"), default=False,
                                 help_text=_("Thời hạn lặp lại mỗi năm của kế hoạch (\"trước ngày 30 tháng 11 hằng "
                                             "năm\")."))
    deadline = models.CharField(_("là hạn của đợt đánh giá"), max_length=16, choices=Deadline.choices, blank=True)
    target = models.OneToOneField("reports.Target", verbose_name=_("chỉ tiêu"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="plan_entry")

    class Meta:
        verbose_name = _("mục của kế hoạch")
        verbose_name_plural = _("mục của kế hoạch")
        ordering = ["part", "position"]
        constraints = [
            models.UniqueConstraint(fields=["part", "position"], name="plan_entry_position_once"),
            models.CheckConstraint(condition=Q(deadline="") | Q(due_on__isnull=False),
                                   name="plan_entry_deadline_has_day"),
        ]

    def __str__(self):
        return self.heading or self.text[:80]

    def due_in(self, year: int):
        """The entry's day in ``year``: its own day, or for a yearly deadline the same day of that year."""
        if self.due_on is None:
            return None
        return self.due_on.replace(year=year) if self.yearly else self.due_on


class RoundLink(models.Model):
    """A round that took its deadlines from a plan (planning.services.plan_apply_deadlines): the round's
    <key>_source fields say which part and words set each day; this row keeps the link itself."""

    round = models.OneToOneField("assessments.Round", on_delete=models.CASCADE, related_name="plan_link")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="round_links")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đợt lấy hạn từ kế hoạch")
        verbose_name_plural = _("đợt lấy hạn từ kế hoạch")
