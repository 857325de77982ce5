from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from criteria import rules


class SectorManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Sector(models.Model):
    """A department that owns criteria (LĐTBXH, Y tế, GD&ĐT, VHTTDL, Tư pháp, Công an)."""

    code = models.SlugField(_("mã ngành"), max_length=20, unique=True)
    name = models.CharField(_("tên ngành"), max_length=120)
    short_name = models.CharField(_("tên viết tắt"), max_length=30)

    objects = SectorManager()

    class Meta:
        verbose_name = _("ngành")
        verbose_name_plural = _("ngành")
        ordering = ["code"]

    def __str__(self):
        return self.short_name

    def natural_key(self):
        return (self.code,)

    def period_on(self, day):
        """The SectorName in force on ``day`` (None outside every period; reads the prefetched names)."""
        if day is None:
            return None
        for period in self.names.all():
            if period.valid_from <= day and (period.valid_to is None or day <= period.valid_to):
                return period
        return None

    def name_on(self, day):
        """The department's name on a given day (child affairs moved to Y tế on 01/3/2025)."""
        period = self.period_on(day)
        return period.name if period else self.name

    def short_on(self, day):
        """The short name on a given day ("LĐTBXH" in 2024, "Y tế" from 01/3/2025 for child affairs)."""
        period = self.period_on(day)
        return (period.short_name or period.name) if period else self.short_name


class SectorNameManager(models.Manager):
    def get_by_natural_key(self, sector_code, valid_from):
        return self.get(sector__code=sector_code, valid_from=valid_from)


class SectorName(models.Model):
    sector = models.ForeignKey(Sector, verbose_name=_("ngành"), on_delete=models.CASCADE,
                               related_name="names")
    name = models.CharField(_("tên trong giai đoạn"), max_length=160)
    short_name = models.CharField(_("tên viết tắt trong giai đoạn"), max_length=30, blank=True)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=300, blank=True,
                              help_text=_("Văn bản giao nhiệm vụ cho cơ quan trong giai đoạn này."))

    objects = SectorNameManager()

    class Meta:
        verbose_name = _("tên ngành theo giai đoạn")
        verbose_name_plural = _("tên ngành theo giai đoạn")
        ordering = ["sector", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["sector", "valid_from"], name="sector_name_period")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.sector.code, self.valid_from)

    natural_key.dependencies = ["criteria.sector"]


class StandardManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Standard(models.Model):
    """A national standard (QĐ 34/2014/QĐ-TTg, QĐ 06/QĐ-TTg): data an administrator can complete."""

    code = models.CharField(_("số hiệu"), max_length=40, unique=True)
    title = models.CharField(_("tên văn bản"), max_length=300)
    issued_on = models.DateField(_("ngày ban hành"))
    in_force_from = models.DateField(_("hiệu lực từ"))
    in_force_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    total_points = models.PositiveIntegerField(_("tổng điểm"), default=1000)
    threshold_city_ward = models.PositiveIntegerField(_("ngưỡng: phường thuộc TP trực thuộc TW"))
    threshold_other = models.PositiveIntegerField(_("ngưỡng: xã, phường, thị trấn khác"))
    threshold_remote = models.PositiveIntegerField(_("ngưỡng: miền núi, hải đảo, ĐBKK"))
    thresholds_provisional = models.BooleanField(
        _("ngưỡng chưa xác nhận"), default=False,
        help_text=_("Đánh dấu khi ngưỡng của một số nhóm chưa được đối chiếu với văn bản gốc."))
    thresholds_source = models.CharField(_("nguồn của ngưỡng"), max_length=300, blank=True)
    replaced_by = models.ForeignKey("self", verbose_name=_("được thay thế bởi"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="replaces")
    zero_blocks = models.BooleanField(_("tiêu chí 0 điểm thì không công nhận"), default=True)
    zero_blocks_source = models.CharField(
        _("căn cứ của quy định tiêu chí 0 điểm"), max_length=300, blank=True,
        help_text=_("Văn bản, điều khoản quy định có tiêu chí 0 điểm thì không được công nhận. Để trống khi "
                    "chưa đối chiếu: trang hồ sơ ghi rõ quy định này chưa đối chiếu."))
    guidance = models.CharField(_("văn bản hướng dẫn"), max_length=300, blank=True)

    objects = StandardManager()

    class Meta:
        verbose_name = _("bộ tiêu chuẩn")
        verbose_name_plural = _("bộ tiêu chuẩn")
        ordering = ["-in_force_from"]

    def __str__(self):
        return self.code

    def natural_key(self):
        return (self.code,)

    def thresholds(self):
        return {"city_ward": self.threshold_city_ward, "other": self.threshold_other,
                "remote": self.threshold_remote}

    @property
    def zero_blocks_provisional(self):
        """The zero veto applies without a text that says so: shown as unconfirmed wherever it refuses."""
        return self.zero_blocks and not self.zero_blocks_source

    def points_problems(self):
        """Why this standard's points do not add up (empty when they do): a round needs none."""
        problems = []
        criteria = list(self.criteria.annotate(sub_total=Sum("indicators__max_points")))
        criteria_total = sum(c.max_points for c in criteria)
        if not criteria:
            problems.append(_("Bộ tiêu chuẩn chưa có tiêu chí nào."))
        elif criteria_total != self.total_points:
            problems.append(_("Tổng điểm tối đa các tiêu chí là %(sum)s, khác tổng điểm %(total)s.")
                            % {"sum": criteria_total, "total": self.total_points})
        for c in criteria:
            if c.sub_total is not None and c.sub_total != c.max_points:
                problems.append(_("Tiêu chí %(n)s: các chỉ tiêu cộng lại %(sum)s điểm, khác %(max)s.")
                                % {"n": c.number, "sum": c.sub_total, "max": c.max_points})
        return problems


class Confirmation(models.Model):
    """Whether a value was checked against the published text, and where it comes from.

    A name and its points (with the band table) are checked separately: a criterion's name may be
    confirmed while its points are not. A value is confirmed only with the text it was checked
    against: the document and article (``*_source``) and its words (``*_quote``); the database
    refuses a confirmation without them. ``provisional`` is true while either is unconfirmed.
    """

    name_confirmed = models.BooleanField(
        _("tên đã đối chiếu"), default=False,
        help_text=_("Tên đúng như văn bản gốc đã công bố (cần ghi văn bản, điều khoản và nguyên văn)."))
    name_source = models.CharField(_("nguồn của tên"), max_length=300, blank=True)
    name_quote = models.TextField(_("nguyên văn của tên"), blank=True,
                                  help_text=_("Câu chữ của văn bản gốc đã dùng để đối chiếu tên."))
    points_confirmed = models.BooleanField(
        _("điểm đã đối chiếu"), default=False,
        help_text=_("Điểm tối đa (và thang điểm) đúng như văn bản gốc đã công bố (cần ghi văn bản, điều khoản "
                    "và nguyên văn)."))
    points_source = models.CharField(_("nguồn của điểm"), max_length=300, blank=True)
    points_quote = models.TextField(_("nguyên văn của điểm"), blank=True,
                                    help_text=_("Câu chữ của văn bản gốc đã dùng để đối chiếu điểm và thang điểm."))

    class Meta:
        abstract = True

    @staticmethod
    def constraints_for(model: str) -> list:
        """A value is confirmed only with its source and the words it was checked against."""
        return [models.CheckConstraint(
            condition=models.Q(**{f"{what}_confirmed": False})
            | (~models.Q(**{f"{what}_source": ""}) & ~models.Q(**{f"{what}_quote": ""})),
            name=f"{model}_{what}_confirmed_with_text") for what in ("name", "points")]

    @property
    def name_provisional(self):
        return not self.name_confirmed

    @property
    def points_provisional(self):
        return not self.points_confirmed

    @property
    def provisional(self):
        return not (self.name_confirmed and self.points_confirmed)


class CriterionManager(models.Manager):
    def get_by_natural_key(self, standard_code, number):
        return self.get(standard__code=standard_code, number=number)


class Criterion(Confirmation):
    standard = models.ForeignKey(Standard, verbose_name=_("bộ tiêu chuẩn"), on_delete=models.CASCADE,
                                 related_name="criteria")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên tiêu chí"), max_length=300)
    max_points = models.PositiveIntegerField(_("điểm tối đa"))
    default_sector = models.ForeignKey(Sector, verbose_name=_("ngành phụ trách mặc định"),
                                       on_delete=models.PROTECT, related_name="+")

    objects = CriterionManager()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["standard", "number"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="criterion_number"),
            *Confirmation.constraints_for("criterion"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def natural_key(self):
        return (self.standard.code, self.number)

    natural_key.dependencies = ["criteria.standard"]


class IndicatorManager(models.Manager):
    def get_by_natural_key(self, standard_code, criterion_number, number):
        return self.get(criterion__standard__code=standard_code, criterion__number=criterion_number,
                        number=number)


class Indicator(Confirmation):
    """A sub-indicator of a criterion; with a band rule, points follow from the raw figures.

    ``bands`` is a list of [bound, points] or [bound, points, comparison] (see
    ``criteria.rules.check_bands``): for ``percent`` (tỷ lệ, higher is better) a percentage from the
    bound up earns the points; for ``rate`` (tỷ suất per ``rate_base`` children, lower is better) a
    rate up to the bound, or below it with "<" ("dưới 2%": [2, 75, "<"]).
    """

    class Measure(models.TextChoices):
        POINTS = "points", _("Chấm điểm trực tiếp")
        PERCENT = "percent", _("Tỷ lệ (%)")
        RATE = "rate", _("Tỷ suất")

    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE,
                                  related_name="indicators")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    max_points = models.PositiveIntegerField(_("điểm tối đa"))
    measure = models.CharField(_("cách tính"), max_length=10, choices=Measure.choices,
                               default=Measure.POINTS)
    numerator_label = models.CharField(_("tử số"), max_length=200, blank=True)
    denominator_label = models.CharField(_("mẫu số"), max_length=200, blank=True)
    rate_base = models.PositiveIntegerField(_("tỷ suất trên số trẻ em"), default=1000)
    bands = models.JSONField(_("thang điểm"), default=list, blank=True)

    objects = IndicatorManager()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["criterion", "number"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "number"], name="indicator_number"),
            *Confirmation.constraints_for("indicator"),
        ]

    def __str__(self):
        return f"{self.criterion.number}.{self.number} {self.name}"

    def natural_key(self):
        return self.criterion.natural_key() + (self.number,)

    @property
    def banded(self) -> bool:
        """Points follow from raw figures (a percentage or rate with bands)."""
        return bool(self.bands) and self.measure != self.Measure.POINTS

    @property
    def bands_complete(self) -> bool:
        """The band table says what every figure earns (False: only its top bands are known)."""
        return self.banded and rules.bands_cover_all(self.measure, self.bands, self.max_points)

    def bands_text(self) -> str:
        return rules.describe_bands(self.measure, self.bands, self.max_points, self.rate_base) if self.banded else ""

    natural_key.dependencies = ["criteria.criterion"]


class OwnershipManager(models.Manager):
    def get_by_natural_key(self, province_code, standard_code, criterion_number, sector_code):
        return self.get(province_code=province_code, criterion__standard__code=standard_code,
                        criterion__number=criterion_number, sector__code=sector_code)


class Ownership(models.Model):
    """Which departments appraise a criterion in a province: provincial practice, not national law.

    Keyed by the province's official code in the period the standard applies, so the fixture loads
    before any unit exists (seeds 000 and 001 differ on criterion 6). A criterion may be owned by
    several departments, exactly one of them the lead (``lead``): QĐ 06/2019 criterion 3 belongs to
    Lao động (lead) and Công an. Rows with an empty province code are the national default for every
    province; a province's own rows for a criterion replace them; without any row the criterion's
    ``default_sector`` owns it alone (criteria.selectors.ownership_of).
    """

    province_code = models.CharField(_("mã tỉnh"), max_length=10, blank=True,
                                     help_text=_("Để trống: mặc định cho mọi tỉnh."))
    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE,
                                  related_name="ownerships")
    sector = models.ForeignKey(Sector, verbose_name=_("ngành"), on_delete=models.PROTECT,
                               related_name="ownerships")
    lead = models.BooleanField(_("chủ trì"), default=True,
                               help_text=_("Ngành chủ trì thẩm định tiêu chí; các ngành khác phối hợp."))
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)

    objects = OwnershipManager()

    class Meta:
        verbose_name = _("phân công ngành theo tỉnh")
        verbose_name_plural = _("phân công ngành theo tỉnh")
        constraints = [
            models.UniqueConstraint(fields=["province_code", "criterion", "sector"], name="ownership_once"),
            models.UniqueConstraint(fields=["province_code", "criterion"], condition=models.Q(lead=True),
                                    name="ownership_one_lead"),
        ]

    def __str__(self):
        role = _("chủ trì") if self.lead else _("phối hợp")
        return (f"{self.province_code or '*'} · {self.criterion.standard.code} TC{self.criterion.number} → "
                f"{self.sector} ({role})")

    def natural_key(self):
        return (self.province_code,) + self.criterion.natural_key() + (self.sector.code,)

    natural_key.dependencies = ["criteria.criterion", "criteria.sector"]


def names_on(day) -> dict[int, tuple[str, str]]:
    """{sector id: (name, short name)} of every sector on ``day`` (two queries): for pages and documents
    that name many sectors of one date."""
    found = {}
    for sector in Sector.objects.prefetch_related("names"):
        found[sector.pk] = (sector.name_on(day), sector.short_on(day))
    return found
