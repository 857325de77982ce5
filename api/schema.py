"""drf-spectacular: how the schema names the API key (``Authorization: Api-Key <key>``) and the session, and the
Vietnamese descriptions of what drf-spectacular and DRF would otherwise describe in English (a record's id in the
path: "A unique integer value identifying this ...") or not at all (``?format=``). A test reads every description
of the schema and finds none in English."""

import re

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Khóa do quản trị viên cấp cho hệ thống: `Authorization: Api-Key <khóa>`."}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "rest_framework.authentication.SessionAuthentication"
    name = "cookieAuth"
    priority = 1  # before drf-spectacular's own, which has no description

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME,
                "description": "Phiên của người dùng đã đăng nhập vào trang (đọc trong phạm vi của tài khoản)."}


FORMATS = {"json": "JSON (mặc định)", "csv": "bảng CSV, UTF-8 có BOM, đối tượng lồng nhau thành cột \"commune.code\""}


class Schema(AutoSchema):
    """The project's AutoSchema (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]): a record's id or code in the path and the
    answer's format described in Vietnamese."""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        given = {p.name for p in parameters if isinstance(p, OpenApiParameter)}
        variables = set(re.findall(r"{(\w+)}", self.path))
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        what = str(model._meta.verbose_name) if model is not None else "bản ghi"
        if "id" in variables and "id" not in given:
            parameters.append(OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH,
                                               description=f"Mã số của {what} trong API."))
        if "code" in variables and "code" not in given:
            parameters.append(OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH,
                                               description=f"Mã của {what} (ví dụ: labour)."))
        formats = [f for f in self.map_renderers("format") if f in FORMATS]
        if len(formats) > 1 and "format" not in given:
            parameters.append(OpenApiParameter(
                "format", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=formats,
                description="Định dạng trả về: " + "; ".join(f"`{f}`: {FORMATS[f]}" for f in formats) + "."))
        return parameters


ERROR = {
    "type": "object", "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "description": "Mã lỗi cố định, cho chương trình đọc (không bao giờ đổi).",
                     "enum": ["not_authenticated", "authentication_failed", "permission_denied", "not_found",
                              "method_not_allowed", "invalid_filter", "unsupported_format", "throttled"]},
            "message": {"type": "string", "description": "Thông báo tiếng Việt, cho người đọc."},
            "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                       "description": "Tham số lọc không hợp lệ và lý do (chỉ với invalid_filter)."},
            "retry_after_seconds": {"type": "integer",
                                    "description": "Số giây phải chờ trước yêu cầu tiếp theo (chỉ với throttled)."},
        }}},
}
ANSWERS = {
    "200": "Thành công: dữ liệu trong phạm vi được đọc (JSON; với `?format=csv`: bảng CSV). Kèm ETag (và với hồ sơ "
           "Last-Modified) để lần sau hỏi lại có điều kiện.",
    "304": "Không thay đổi so với lần đọc có ETag (If-None-Match) hoặc thời điểm (If-Modified-Since) đã gửi: không có "
           "nội dung.",
    "400": "Tham số lọc, trang hoặc định dạng không hợp lệ (mã invalid_filter, unsupported_format).",
    "401": "Thiếu khóa API (và chưa đăng nhập), hoặc khóa sai, đã thu hồi, đã hết hạn (mã not_authenticated, "
           "authentication_failed).",
    "403": "Tài khoản không được đọc dữ liệu này (mã permission_denied).",
    "404": "Không tìm thấy, hoặc không thuộc phạm vi được đọc (mã not_found).",
    "429": "Quá số yêu cầu cho phép của khóa (mã throttled); tiêu đề Retry-After cho biết số giây phải chờ.",
}


def describe_answers(result, generator, request, public):
    """drf-spectacular's postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]): every operation says in
    Vietnamese what each answer means, the errors with their JSON shape (api.errors) and their stable codes."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in result.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for code, text in ANSWERS.items():
                if code in responses:
                    responses[code]["description"] = responses[code].get("description") or text
                elif code == "304":
                    responses[code] = {"description": text}
                elif code != "200":
                    responses[code] = {"description": text, "content": error}
    return result
