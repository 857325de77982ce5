from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ cấp xã")
    SECTOR_APPRAISER = "sector_appraiser", _("Cán bộ thẩm định ngành")
    DISTRICT_OFFICER = "district_officer", _("Cán bộ cơ quan công nhận")
    COUNCIL_MEMBER = "council_member", _("Thành viên hội đồng xét công nhận")
    COUNCIL_CHAIR = "council_chair", _("Chủ tịch hội đồng xét công nhận")
    PROVINCIAL_STAFF = "provincial_staff", _("Cán bộ cấp tỉnh")
    NATIONAL_STAFF = "national_staff", _("Cán bộ Trung ương (chỉ xem)")
    SYSADMIN = "sysadmin", _("Quản trị hệ thống")


class User(AbstractUser):
    """A person working for one unit; everything they see is scoped to that unit's subtree."""

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices,
                            default=Role.COMMUNE_OFFICER)
    unit = models.ForeignKey("communes.Unit", verbose_name=_("đơn vị"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="users")
    sector = models.ForeignKey("criteria.Sector", verbose_name=_("ngành"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="users")
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @property
    def sees_everything(self):
        return self.role in (Role.NATIONAL_STAFF, Role.SYSADMIN) or self.is_superuser

    def get_full_name(self):
        """Vietnamese order: family and middle name (last_name) first, then given name."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def display_name(self):
        return self.get_full_name() or self.username
