"""Every error of the API as JSON with a stable code and a Vietnamese message:

    {"error": {"code": "not_found", "message": "Không tìm thấy (hoặc không thuộc phạm vi được đọc).",
               "fields": {...}}}

``code`` is for programs (it never changes), ``message`` for people; ``fields`` names the bad filters."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status


class BadFilter(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_filter"

    def __init__(self, fields):
        self.fields = fields
        super().__init__(_("Tham số lọc không hợp lệ."))


class UnsupportedFormat(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unsupported_format"


MESSAGES = {
    "not_found": lambda: _("Không tìm thấy (hoặc không thuộc phạm vi được đọc)."),
    "not_authenticated": lambda: _("Cần khóa API (tiêu đề Authorization: Api-Key <khóa>) hoặc đăng nhập."),
    "authentication_failed": lambda: _("Khóa API không đúng, đã bị thu hồi hoặc đã hết hạn."),
    "permission_denied": lambda: _("Tài khoản không được đọc dữ liệu này."),
    "method_not_allowed": lambda: _("API chỉ đọc: chỉ nhận GET, HEAD và OPTIONS."),
    "not_acceptable": lambda: _("Không có định dạng trả về phù hợp (JSON hoặc CSV)."),
    "unsupported_format": lambda: _("Định dạng không hỗ trợ: dùng format=json hoặc format=csv."),
    "throttled": lambda: _("Quá nhiều yêu cầu với khóa này; hãy thử lại sau."),
    "parse_error": lambda: _("Yêu cầu không đọc được."),
    "invalid_filter": lambda: _("Tham số lọc không hợp lệ."),
}


def _code(exc):
    if isinstance(exc, (Http404, exceptions.NotFound)):
        return "not_found"
    if isinstance(exc, (PermissionDenied, exceptions.PermissionDenied)):
        return "permission_denied"
    if isinstance(exc, exceptions.ValidationError):
        return "invalid_filter"
    code = getattr(exc, "default_code", "error")
    return code if code in MESSAGES else "error"


def exception_handler(exc, context):
    from rest_framework.views import exception_handler as drf_handler

    response = drf_handler(exc, context)
    if response is None:
        return None  # a real fault: Django's 500, logged
    code = _code(exc)
    error = {"code": code, "message": MESSAGES[code]() if code in MESSAGES else str(exc)}
    if isinstance(exc, BadFilter):
        error["fields"] = exc.fields
    elif isinstance(exc, exceptions.ValidationError):
        error["fields"] = exc.detail if isinstance(exc.detail, dict) else {"detail": exc.detail}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        error["retry_after_seconds"] = int(exc.wait)
    response.data = {"error": error}
    return response


def not_found(request, exception):
    """The project's 404 (``handler404``): the API's JSON error for a path under /api/ that names no endpoint
    (a program reads the code, not an HTML page), Django's page everywhere else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "not_found", "message": MESSAGES["not_found"]()}}, status=404,
                            json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)
