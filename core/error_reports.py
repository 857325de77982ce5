"""The ADMINS' error e-mail without personal data (settings DEFAULT_EXCEPTION_REPORTER_FILTER and
DEFAULT_EXCEPTION_REPORTER; why: core/privacy.py): every POST, GET and cookie value hidden, uploaded
files by field only, the request's environment but its method, path, host and agent hidden, local
variables by type only, file names in the exception's text replaced."""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from core.privacy import FILE, HIDDEN, without_values


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {key: HIDDEN for key in request.POST}

    def get_safe_cookies(self, request):
        return {key: HIDDEN for key in getattr(request, "COOKIES", {})}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, f"<{type(value).__name__}>") for name, value in tb_frame.f_locals.items()]

    def get_safe_settings(self):
        return {}  # the report is about the request; the settings are in the repository


class PrivateExceptionReporter(ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = [(k, HIDDEN) for k in self.request.GET]
            data["request_FILES_items"] = [(k, FILE) for k in self.request.FILES]
            data["request_meta"] = {k: (v if k in ("REQUEST_METHOD", "PATH_INFO", "SERVER_NAME", "SERVER_PORT",
                                                   "HTTP_HOST", "HTTP_USER_AGENT", "CONTENT_TYPE")
                                        else HIDDEN) for k, v in (self.request.META or {}).items()}
        data["exception_value"] = without_values(data.get("exception_value"))
        for frame in data.get("frames", []):
            frame["exc_cause"] = frame.get("exc_cause") and without_values(str(frame["exc_cause"]))
        return data
