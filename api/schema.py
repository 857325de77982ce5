"""drf-spectacular: how the schema names the API key (``Authorization: Api-Key <key>``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Khóa do quản trị viên cấp cho hệ thống: `Authorization: Api-Key <khóa>`."}
