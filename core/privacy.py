"""Error reports without personal data: what leaves the server when something fails.

Dossiers hold children's personal data (Nghị định 13/2023/NĐ-CP), in form values, evidence file names,
search boxes and the variables of the code that handled them. An error report goes to the ADMINS by
e-mail (Django's AdminEmailHandler) or to Sentry (``SENTRY_DSN``); neither may carry them:

- ``scrub_event``, Sentry's ``before_send``: drops the request's body, cookies, query values and
  identifying headers, the user but their id, every frame's local variables, and writes "[tệp]" over
  anything that looks like a file name in messages, exception values and breadcrumbs;
- ``core.error_reports`` (DEFAULT_EXCEPTION_REPORTER_FILTER, _REPORTER): the e-mail report: every POST, GET and
  cookie value hidden, uploaded files by field only, local variables by type only.

The traceback itself (files, lines, functions of the code) and the URL's path stay: they are the code's,
not the people's. This module imports nothing of Django: config.settings hands ``scrub_event`` to Sentry.
"""

import re

HIDDEN = "[đã ẩn]"
FILE = "[tệp]"
# a name with an extension people's files have: evidence, minutes, scans, workbooks, archives
FILE_NAME = re.compile(
    r"""[^\s/\\'"<>|:*?]+\.(?:pdf|png|jpe?g|gif|webp|tiff?|heic|bmp|docx?|xlsx?|xlsm|odt|ods|csv|txt|zip|rar|7z)\b""",
    re.IGNORECASE)
KEEP_HEADERS = {"host", "user-agent", "accept", "accept-language", "content-type", "content-length",
                "x-request-id", "x-forwarded-proto", "referer"}


# values an error's text quotes: PostgreSQL's "Key (field)=(value)", Python's 'value' and "value"
QUOTED = re.compile(r"""\)=\([^)]*\)|'[^']*'|"[^"]*"|«[^»]*»|“[^”]*”""")


def without_file_names(text):
    return FILE_NAME.sub(FILE, text) if isinstance(text, str) else text


def without_values(text):
    """An error's text with file names and every quoted value hidden (a constraint's name stays readable
    only when unquoted; a person's name must not be put into an error's text unquoted by our code)."""
    if not isinstance(text, str):
        return text
    return QUOTED.sub(lambda m: ")=([đã ẩn])" if m.group(0).startswith(")=(") else HIDDEN, without_file_names(text))


def scrub_event(event, hint=None):
    """Sentry's before_send: the event without personal data (see the module's docstring)."""
    request = event.get("request")
    if request:
        request.pop("data", None)
        request.pop("cookies", None)
        request.pop("env", None)  # REMOTE_ADDR: the person's address
        if request.get("query_string"):
            request["query_string"] = HIDDEN
        if isinstance(request.get("headers"), dict):
            request["headers"] = {k: (v if k.lower() in KEEP_HEADERS else HIDDEN)
                                  for k, v in request["headers"].items()}
            if "Referer" in request["headers"]:
                request["headers"]["Referer"] = str(request["headers"]["Referer"]).split("?")[0]
        if request.get("url"):
            request["url"] = without_file_names(str(request["url"]).split("?")[0])
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if user.get("id") is not None else {}
    for exception in (event.get("exception") or {}).get("values", []) or []:
        exception["value"] = without_values(exception.get("value"))
        for frame in (exception.get("stacktrace") or {}).get("frames", []) or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values", []) or []:
        for frame in (thread.get("stacktrace") or {}).get("frames", []) or []:
            frame.pop("vars", None)
    logentry = event.get("logentry")
    if logentry:
        logentry["message"] = without_values(logentry.get("message"))
        if logentry.get("formatted"):
            logentry["formatted"] = without_values(logentry["formatted"])
        if logentry.get("params"):
            logentry["params"] = [HIDDEN for _ in logentry["params"]]
    if event.get("message"):
        event["message"] = without_values(event["message"])
    for crumb in (event.get("breadcrumbs") or {}).get("values", []) or []:
        crumb["message"] = without_values(crumb.get("message"))
        crumb.pop("data", None)
    event.pop("extra", None)
    return event
