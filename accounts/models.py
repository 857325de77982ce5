import rules
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


class MailPreference(models.TextChoices):
    """How a user is e-mailed their notifications; in the app they are always shown (accounts.notifications)."""

    IMMEDIATE = "immediate", _("Gửi thư ngay khi có thông báo")
    DIGEST = "digest", _("Một thư tổng hợp mỗi ngày")
    NONE = "none", _("Không gửi thư (chỉ xem trong hệ thống)")


class User(AbstractUser):
    """A person working for one unit; everything they see is scoped to that unit's subtree."""

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices,
                            default=Role.COMMUNE_OFFICER)
    unit = models.ForeignKey("communes.Unit", verbose_name=_("đơn vị"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="users")
    sector = models.ForeignKey("criteria.Sector", verbose_name=_("ngành"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="users")
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    mail_preference = models.CharField(_("nhận thông báo qua thư điện tử"), max_length=10,
                                       choices=MailPreference.choices, default=MailPreference.IMMEDIATE)
    digest_on = models.DateField(null=True, blank=True, editable=False)  # the last day a digest was sent for

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @property
    def sees_everything(self):
        return self.role in (Role.NATIONAL_STAFF, Role.SYSADMIN) or self.is_superuser

    def has_perm(self, perm, obj=None):
        """The app's own acts ("assessments.decide", …) from their predicates (accounts.permissions):
        no query, and no superuser bypass; Django's model permissions (the admin's) as Django answers."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def get_full_name(self):
        """Vietnamese order: family and middle name (last_name) first, then given name."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def display_name(self):
        return self.get_full_name() or self.username

    @property
    def workplace(self):
        """Where the person works, as a log names them: their unit ("Trung ương" for national staff, who
        have none), with their position when recorded ("Trung ương – Chuyên viên Cục Trẻ em")."""
        if self.unit_id:
            place = str(self.unit)
        elif self.role == Role.NATIONAL_STAFF:
            place = str(_("Trung ương"))
        else:
            place = str(self.get_role_display())
        return f"{place} – {self.position}" if self.position else place


class Notification(models.Model):
    """One message to one user about one event (accounts/notifications.py): shown in the app, and
    e-mailed by a task when the user has an address. ``key`` names the event; a key is used once
    per recipient, so an event seen twice (a retried task, a second run of the reminders) adds
    nothing and sends nothing again."""

    class Mail(models.TextChoices):
        NONE = "none", _("Không gửi thư")  # no address
        PENDING = "pending", _("Chờ gửi thư")
        DIGEST = "digest", _("Chờ thư tổng hợp hằng ngày")
        SENDING = "sending", _("Đang gửi thư")
        SENT = "sent", _("Đã gửi thư")
        FAILED = "failed", _("Gửi thư không được")

    recipient = models.ForeignKey(User, verbose_name=_("người nhận"), on_delete=models.CASCADE,
                                  related_name="notifications")
    key = models.CharField(_("sự kiện"), max_length=200)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    is_read = models.BooleanField(_("đã đọc"), default=False)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    mail = models.CharField(_("thư điện tử"), max_length=10, choices=Mail.choices, default=Mail.NONE)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_next_at = models.DateTimeField(null=True, blank=True)  # a failed send is tried again from then
    mail_sent_at = models.DateTimeField(null=True, blank=True)
    mail_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")]
        indexes = [models.Index(fields=["recipient", "is_read"]), models.Index(fields=["mail", "mail_next_at"])]

    def __str__(self):
        return self.subject
