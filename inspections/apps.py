from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'inspections'
    verbose_name = "Kiểm tra liên ngành"

    def ready(self):
        from core import home
        from inspections import selectors

        home.register(selectors.home_panels)  # the home page's panels (accounts does not import inspections)
