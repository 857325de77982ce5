from django.apps import AppConfig


class OperationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"
    verbose_name = "Vận hành"

    def ready(self):
        from operations import carried, permissions  # noqa: F401  (permissions: who sees the health detail)

        carried.connect()  # a pruned row still counted by /metrics
