from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'assessments'
    verbose_name = "Đánh giá, công nhận"

    def ready(self):
        from assessments import deadlines, selectors
        from core import home

        home.register(selectors.home_panels)  # the home page's panels (accounts does not import assessments)
        home.register(deadlines.home_panels)  # the deadlines of the user's unit, judged by the acts' days
