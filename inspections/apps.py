from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'inspections'
    verbose_name = "Kiểm tra liên ngành"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from accounts import navigation
        from core import home
        from inspections import permissions, selectors  # noqa: F401  (permissions: the plans' acts)

        navigation.register(_("Kiểm tra liên ngành"), "inspections:list", "clipboard-check", "inspections.read",
                            order=30)

        home.register(selectors.home_panels)  # the home page's panels (accounts does not import inspections)
