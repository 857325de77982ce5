"""A period review (sơ kết, tổng kết) of building child-friendly communes, and the parts its units write.

A review round is issued by a recognising unit (a district before 1/7/2025, a province after) for a span
of years (seed 004: a Kon Tum district's 2015–2020 review): each of its communes writes its part and sends
it to the unit by ``commune_due``; the unit sees the communes' parts side by side, writes its own and sends
it upward by ``unit_due``. A province's round of the years with districts has three levels: each commune sends
to its district, each district to the province by ``district_due`` (``ReviewPart.above`` names where a part
goes). A part stores only what its unit types (results, shortcomings and causes,
lessons, proposals): its figures are drafted from the record whenever it is shown or printed
(reviews.drafting, through the reports' selectors), so they are never a second copy of the reports.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReviewRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rounds with a part the user sees (ReviewPart.objects.visible_to): a commune its district's
        round, the district its own, the province and the ministry every round below them."""
        return self.filter(pk__in=ReviewPart.objects.visible_to(user).values("round_id"))

    def readable_by(self, user):
        """``visible_to``, and the rounds of the units the user's unit succeeded in the 2025 reform (read)."""
        return self.filter(pk__in=ReviewPart.objects.readable_by(user).values("round_id"))


class ReviewRound(models.Model):
    class Kind(models.TextChoices):
        INTERIM = "interim", _("Sơ kết")
        FINAL = "final", _("Tổng kết")

    unit = models.ForeignKey("communes.Unit", verbose_name=_("đơn vị tổng kết"), on_delete=models.PROTECT,
                             related_name="review_rounds")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.FINAL)
    year_from = models.PositiveSmallIntegerField(_("từ năm"))
    year_to = models.PositiveSmallIntegerField(_("đến năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    number = models.CharField(_("số, ký hiệu kế hoạch"), max_length=40, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    basis = models.TextField(_("căn cứ"), blank=True)
    commune_due = models.DateField(_("hạn cấp xã gửi báo cáo"))
    # a province's round before 1/7/2025 has three levels: commune → district → province; the districts send
    # their parts to the province by this day (empty on a round of two levels)
    district_due = models.DateField(_("hạn cấp huyện gửi báo cáo lên tỉnh"), null=True, blank=True)
    unit_due = models.DateField(_("hạn đơn vị gửi báo cáo lên cấp trên"))
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt sơ kết, tổng kết")
        verbose_name_plural = _("đợt sơ kết, tổng kết")
        ordering = ["-year_to", "unit__code", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(year_from__lte=F("year_to")), name="review_years_in_order"),
            models.CheckConstraint(condition=Q(commune_due__lte=F("unit_due")), name="review_dues_in_order"),
            models.CheckConstraint(condition=Q(district_due__isnull=True) | Q(commune_due__lte=F("district_due"),
                                                                              district_due__lte=F("unit_due")),
                                   name="review_district_due_in_order"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year_from}–{self.year_to}: {self.unit}"

    @property
    def span(self):
        return f"{self.year_from}-{self.year_to}"

    @property
    def three_levels(self):
        """A province's round of the years with districts: commune → district → province."""
        return self.district_due is not None


class ReviewPartQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A part is seen where its unit is: its own officers and every level above it (as a dossier)."""
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        return self.filter(unit__path__startswith=user.unit.path)

    def readable_by(self, user):
        """``visible_to``, and the parts of the units the user's unit succeeded in the 2025 reform: read only
        (every act asks its own predicate, which an inherited part fails)."""
        from accounts.permissions import readable

        return readable(self, user, "unit__path")


class ReviewPart(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Trả lại để bổ sung")

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="parts")
    # the part this one is sent to (its unit receives it: a commune's goes to its district's, or to the
    # province's after 1/7/2025; a district's to the province's); none for the round's unit's own part
    above = models.ForeignKey("self", verbose_name=_("gửi đến"), null=True, blank=True, on_delete=models.CASCADE,
                              related_name="below")
    unit = models.ForeignKey("communes.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="review_parts")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True)
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị cho giai đoạn tới"), blank=True)
    submitted_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    return_comment = models.TextField(_("nội dung cần bổ sung"), blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ReviewPartQuerySet.as_manager()

    TEXTS = ("results", "shortcomings", "lessons", "proposals")

    class Meta:
        verbose_name = _("báo cáo sơ kết, tổng kết của đơn vị")
        verbose_name_plural = _("báo cáo sơ kết, tổng kết của đơn vị")
        ordering = ["round", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="review_part_once_per_unit")]

    def __str__(self):
        return f"{self.round}: {self.unit}"

    @property
    def is_units_own(self):
        """The part of the unit that issued the round (the district's, or the province's), not a commune's."""
        return self.unit_id == self.round.unit_id

    @property
    def is_middle(self):
        """A district's part in a province's round of three levels: its communes send to it, it sends upward."""
        from communes.models import Level

        return not self.is_units_own and self.round.three_levels and self.unit.level == Level.DISTRICT

    @property
    def due(self):
        if self.is_units_own:
            return self.round.unit_due
        return self.round.district_due if self.is_middle else self.round.commune_due

    @property
    def editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def late(self):
        """Sent after its deadline (judged by the day it was sent), or not sent and the deadline passed."""
        from django.utils import timezone

        if self.submitted_on is not None:
            return self.submitted_on > self.due
        return self.status != self.Status.SUBMITTED and timezone.localdate() > self.due
