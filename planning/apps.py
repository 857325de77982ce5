from django.apps import AppConfig


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"
    verbose_name = "Kế hoạch năm"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from accounts import navigation
        from assessments.deadlines import register_proposer
        from planning import permissions, selectors, services  # noqa: F401  (the plans' acts)

        navigation.register(_("Kế hoạch năm"), "planning:list", "calendar-check", "planning.read", order=25)
        # a new round's opening form proposes the deadlines of the province's plan of its year
        register_proposer(selectors.round_proposal, services.round_opened)
