from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API chỉ đọc (/api/v1/)"

    def ready(self):
        from api import schema  # noqa: F401 - registers the key's security scheme with drf-spectacular
