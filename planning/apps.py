from django.apps import AppConfig


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"
    verbose_name = "Kế hoạch năm"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from accounts import navigation
        from planning import permissions  # noqa: F401  (the plans' acts)

        navigation.register(_("Kế hoạch năm"), "planning:list", "calendar-check", "planning.read", order=25)
