from django.apps import AppConfig


class OperationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"
    verbose_name = "Vận hành"

    def ready(self):
        from operations import permissions  # noqa: F401  (who sees the health detail)
