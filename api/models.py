"""The API's keys: one per client system, issued by an administrator for one unit (a province) or for the
whole country (no unit), stored hashed by djangorestframework-api-key (SHA-512 of a 32-character random
secret: the key is shown once, when issued), revocable, with its last use recorded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey


class ApiKey(AbstractAPIKey):
    unit = models.ForeignKey(
        "communes.Unit", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="api_keys", limit_choices_to={"level": "province"},
        help_text=_("Tỉnh, thành phố mà hệ thống được đọc số liệu; để trống: toàn quốc (Bộ, cơ quan Trung ương)."))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cấp"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+", editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self):
        return f"{self.name} ({self.unit or _('toàn quốc')})"
