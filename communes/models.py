import datetime

from django.db import models
from django.db.models.functions import Length, Replace
from django.db.models.lookups import Exact, GreaterThan
from django.utils.translation import gettext_lazy as _

from core.text import folded

REFORM_DATE = "2025-07-01"  # two-tier local government from this day (Nghị quyết 202/2025/QH15)


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class Kind(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CENTRAL_CITY = "tp_tw", _("Thành phố trực thuộc Trung ương")
    RURAL_DISTRICT = "huyen", _("Huyện")
    URBAN_DISTRICT = "quan", _("Quận")
    TOWN = "thi_xa", _("Thị xã")
    PROVINCIAL_CITY = "tp_tinh", _("Thành phố thuộc tỉnh")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")


class Tier(models.TextChoices):
    """The commune groups that carry different recognition thresholds."""

    CITY_WARD = "city_ward", _("Phường thuộc thành phố trực thuộc Trung ương")
    OTHER = "other", _("Xã, phường, thị trấn khác")
    REMOTE = "remote", _("Miền núi, hải đảo, đặc biệt khó khăn")


class UnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(valid_to__isnull=True)

    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def provinces(self):
        return self.filter(level=Level.PROVINCE)

    def within(self, unit):
        """The unit itself and everything under it."""
        if not unit.path:  # an unsaved unit: an empty prefix would match the whole country
            raise ValueError(f"{unit!r} has no path (is it saved?)")
        return self.filter(path__startswith=unit.path)

    def visible_to(self, user):
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        return self.within(user.unit)


def named_like(text, through=""):
    """A condition: the unit (through the relation ``through``, e.g. "commune__") whose name holds ``text``,
    typed with or without diacritics ("Luc Nam" finds "Lục Nam"), by its folded name (``search_name``)."""
    return models.Q(**{f"{through}search_name__contains": folded(text)})


def within_any(paths, field="path"):
    """A condition: the unit (``field``, e.g. "commune__path") lies within one of the units of ``paths``."""
    condition = models.Q(pk__in=[])
    for path in paths:
        if not path:  # an empty prefix would match the whole country
            raise ValueError("a unit without a path")
        condition |= models.Q(**{f"{field}__startswith": path})
    return condition


# how many "/" a unit's path holds: 2 for "/3/", one more per tier below
PATH_SLASHES = Length("path") - Length(Replace("path", models.Value("/")))


class Unit(models.Model):
    """An administrative unit at any level, in the period it existed.

    Official codes are reused after the 2025 reform, so (level, code, valid_from) is the identity,
    and ``path`` (the primary keys from the province down, e.g. "/3/41/977/") scopes a whole
    subtree with one prefix test, whether it has two tiers or three. Units are created and moved
    through communes.services, which writes the path; the database refuses an empty one.
    """

    code = models.CharField(_("mã đơn vị hành chính"), max_length=10)
    name = models.CharField(_("tên"), max_length=120)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    path = models.CharField(max_length=64, db_index=True, editable=False, default="")
    # the name without diacritics, lower-cased (core.text.folded): what the lists' search box matches, so
    # "Luc Nam" finds "Lục Nam" on SQLite and PostgreSQL alike. Written with the name by communes.services.
    search_name = models.CharField(max_length=120, blank=True, editable=False, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "valid_from"], name="unit_code_per_period"),
            # Never empty (a prefix test with "" or "/" would match the whole country): "/<key>/" for a
            # unit without a parent, one "<key>/" more per tier below. Written by communes.services.
            models.CheckConstraint(
                condition=models.Q(path__startswith="/", path__endswith="/") & ~models.Q(path__contains="//")
                & (models.Q(Exact(PATH_SLASHES, 2), parent__isnull=True)
                   | models.Q(GreaterThan(PATH_SLASHES, 2), parent__isnull=False)),
                name="unit_path_shape"),
        ]
        indexes = [models.Index(fields=["level", "valid_to"])]

    def __str__(self):
        return self.name

    @property
    def province_id(self):
        return int(self.path.strip("/").split("/")[0]) if self.path else self.pk


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class UnitTierQuerySet(models.QuerySet):
    def in_year(self, year):
        """Tiers in force at some point of ``year`` (the latest wins where a tier changed mid-year)."""
        first, last = year_bounds(year)
        return self.filter(valid_from__lte=last).filter(models.Q(valid_to__isnull=True)
                                                         | models.Q(valid_to__gte=first))


class UnitTier(models.Model):
    """A commune's threshold group for a period, as a decision lists it (``source``).

    The recognition rule uses the tier in force in the round's year; a round does not open while
    one of its communes has none. Loaded by ``import_tiers`` (one province's list, a CSV file).
    """

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị cấp xã"), on_delete=models.CASCADE,
                             related_name="tiers")
    tier = models.CharField(_("nhóm ngưỡng công nhận"), max_length=10, choices=Tier.choices)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=400,
                              help_text=_("Văn bản liệt kê đơn vị vào nhóm này (số, ngày, cơ quan ban hành)."))

    objects = UnitTierQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhóm ngưỡng theo giai đoạn")
        verbose_name_plural = _("nhóm ngưỡng theo giai đoạn")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="unit_tier_period"),
            models.CheckConstraint(condition=models.Q(valid_to__isnull=True)
                                   | models.Q(valid_to__gte=models.F("valid_from")),
                                   name="unit_tier_period_order"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_tier_display()}"


class UnitLink(models.Model):
    """One line of the 2025 reform's mapping: ``predecessor`` (a unit valid until 30/6/2025) went,
    in whole or in part, into ``successor`` (a unit from 1/7/2025).

    A commune that was divided among several new ones has a link to each, and exactly one of them is
    its default successor (where its history is counted once in a province's totals). Provinces are
    linked the same way (63 → 34). Loaded by ``import_units --links``.
    """

    predecessor = models.ForeignKey(Unit, verbose_name=_("đơn vị trước 01/7/2025"), on_delete=models.CASCADE,
                                    related_name="successor_links")
    successor = models.ForeignKey(Unit, verbose_name=_("đơn vị từ 01/7/2025"), on_delete=models.CASCADE,
                                  related_name="predecessor_links")
    is_default = models.BooleanField(
        _("đơn vị kế thừa chính"), default=True,
        help_text=_("Đơn vị bị chia cho nhiều đơn vị mới: lịch sử của nó được tính một lần, ở đơn vị này."))
    source = models.CharField(_("nguồn"), max_length=200)

    class Meta:
        verbose_name = _("liên kết sắp xếp đơn vị 2025")
        verbose_name_plural = _("liên kết sắp xếp đơn vị 2025")
        ordering = ["successor", "predecessor"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_link_once"),
            models.UniqueConstraint(fields=["predecessor"], condition=models.Q(is_default=True),
                                    name="unit_link_one_default"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class UnitVersionQuerySet(models.QuerySet):
    def on(self, day):
        """Versions in force on ``day``."""
        return self.filter(valid_from__lte=day).filter(models.Q(valid_to__isnull=True)
                                                        | models.Q(valid_to__gte=day))


class UnitVersion(models.Model):
    """A unit's name, kind and parent for a period in which they differ from the unit's own row.

    The unit lists we import are snapshots (the pre-reform one as of mid-2025), so a unit renamed or
    moved before that carries its last name: "Thị xã Sa Pa" from 2008. A version says what it was
    called, what it was and where it belonged before, with the resolution that changed it
    (``source``). Outside every version the unit's own row holds. Loaded by ``import_unit_changes``
    (one CSV per resolution); read through ``communes.selectors.unit_on`` / ``units_on``. A version that
    ends the unit (a merger before the snapshot) may name the unit it went into (``successor``), when a
    source says so: the 2025 reform's mapping is ``UnitLink``, not this.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(Unit, verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("căn cứ"), max_length=400,
                              help_text=_("Nghị quyết thay đổi đơn vị (số, ngày, hiệu lực); ghi rõ phần chưa "
                                          "đối chiếu."))
    # where the unit went when this period ended with it (a merger before the snapshot: Xã Tân An of 2019 into
    # Thị trấn Tân An): set only from a source that says so, else empty ("chưa xác nhận" on its pages)
    successor = models.ForeignKey(
        Unit, verbose_name=_("nhập vào đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged_versions",
        help_text=_("Đơn vị nhận đơn vị này khi nó kết thúc (ngày sau “đến ngày”); để trống khi văn bản chưa "
                    "xác nhận."))

    objects = UnitVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tên, loại đơn vị theo giai đoạn")
        verbose_name_plural = _("tên, loại đơn vị theo giai đoạn")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="unit_version_period"),
            models.CheckConstraint(condition=models.Q(valid_to__isnull=True)
                                   | models.Q(valid_to__gte=models.F("valid_from")),
                                   name="unit_version_period_order"),
        ]

    def __str__(self):
        return f"{self.name} ({self.valid_from:%d/%m/%Y}–{self.valid_to:%d/%m/%Y})" if self.valid_to else self.name
