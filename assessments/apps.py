from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'assessments'
    verbose_name = "Đánh giá, công nhận"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from accounts import navigation
        from assessments import deadlines, permissions, selectors  # noqa: F401  (permissions: the dossiers' acts)
        from core import home

        navigation.register(_("Mở đợt đánh giá"), "assessments:round_new", "calendar-plus", "assessments.open_round",
                            order=10)
        navigation.register(_("Khen thưởng"), "assessments:merit", "award", "assessments.read_merit", order=20)

        home.register(selectors.home_panels)  # the home page's panels (accounts does not import assessments)
        home.register(deadlines.home_panels)  # the deadlines of the user's unit, judged by the acts' days
