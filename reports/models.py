import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.formatting import number


class Target(models.Model):
    """A plan target: a share of commune-level units recognised by a year, or newly recognised each year.

    ``unit`` is the province or district that set it; empty means the national programme. A
    district records its target for next year with its yearly report (seed 001, section VI).
    """

    class Kind(models.TextChoices):
        RECOGNISED_SHARE = "recognised", _("Tỷ lệ đơn vị đạt chuẩn")
        NEW_SHARE = "new", _("Tỷ lệ đơn vị được công nhận mới hằng năm")
        # "11/11 các huyện, thành phố … đều triển khai" (seed 003): the share of districts with at least one
        # commune registered or assessed in the year, computed from the record (planning.selectors)
        DISTRICTS_SHARE = "districts", _("Tỷ lệ huyện tham gia (có xã đăng ký hoặc tự đánh giá)")

    unit = models.ForeignKey("communes.Unit", verbose_name=_("đơn vị đặt chỉ tiêu"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="targets",
                             help_text=_("Để trống: chỉ tiêu của Chương trình quốc gia."))
    kind = models.CharField(_("loại chỉ tiêu"), max_length=12, choices=Kind.choices,
                            default=Kind.RECOGNISED_SHARE)
    year = models.PositiveSmallIntegerField(_("năm (đến năm)"))
    year_from = models.PositiveSmallIntegerField(
        _("từ năm"), null=True, blank=True,
        help_text=_("Chỉ tiêu hằng năm áp dụng từ năm này đến năm ở trên."))
    percent = models.DecimalField(_("tỷ lệ (%)"), max_digits=5, decimal_places=2)
    percent_max = models.DecimalField(_("tỷ lệ tối đa (%)"), max_digits=5, decimal_places=2, null=True,
                                      blank=True, help_text=_("Cho chỉ tiêu dạng khoảng, ví dụ 3–5%."))
    source = models.CharField(_("căn cứ"), max_length=300, blank=True,
                              help_text=_("Ví dụ: Kế hoạch số 965/KH-UBND ngày 22/3/2017 của UBND tỉnh Ninh Thuận."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # every value a target held, who set it and when (a new value replaces the old on the same row)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["unit__path", "kind", "year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], condition=Q(unit__isnull=False),
                                    name="target_once_per_unit"),
            models.UniqueConstraint(fields=["kind", "year"], condition=Q(unit__isnull=True),
                                    name="target_once_national"),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="target_percent_range"),
            models.CheckConstraint(condition=Q(percent_max__isnull=True) | Q(percent_max__gte=F("percent"),
                                                                              percent_max__lte=100),
                                   name="target_percent_max_range"),
            models.CheckConstraint(condition=Q(year_from__isnull=True) | Q(year_from__lte=F("year")),
                                   name="target_years_in_order"),
        ]

    def __str__(self):
        owner = self.unit or _("Chương trình quốc gia")
        return f"{owner}: {self.get_kind_display()} {self.percent_label} ({self.year})"

    @property
    def percent_label(self):
        if self.percent_max is not None and self.percent_max != self.percent:
            return f"{number(self.percent)}–{number(self.percent_max)}%"
        return f"{number(self.percent)}%"


def export_path(instance, filename):
    return f"exports/{instance.token}{filename[filename.rfind('.'):]}"


class ExportJob(models.Model):
    """An export produced off the request (a workbook or a PDF), with its progress, for one user."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")  # queued: no worker has taken it yet
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Bảng tính Excel")
        PDF = "pdf", _("Văn bản PDF")
        ZIP = "zip", _("Tệp nén ZIP các văn bản hồ sơ")  # reports.bundles: a round's dossier PDFs

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    format = models.CharField(_("định dạng"), max_length=4, choices=Format.choices)
    params = models.JSONField(_("tham số"), default=dict)
    title = models.CharField(_("tên báo cáo"), max_length=200)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    file = models.FileField(upload_to=export_path, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # runs started (a lost worker's run counts)
    task_id = models.CharField(max_length=64, blank=True)  # the django-tasks result of the last run
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tệp xuất báo cáo")
        verbose_name_plural = _("tệp xuất báo cáo")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def download_name(self):
        return f"{self.title}.{self.format}"
