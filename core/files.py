"""Private files: the one response for a file only the signed-in user may have.

Evidence, printed documents, exports and templates all leave through ``private_file_response``:
the file name in Content-Disposition (RFC 6266, UTF-8 names encoded), never kept by a shared proxy
or the browser's cache (Cache-Control: private, no-store) and never sniffed into another type
(X-Content-Type-Options: nosniff).
"""

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

CACHE_CONTROL = "private, no-store"


def private_file_response(content, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    """A response for ``content`` (bytes, or an open binary file that is streamed and closed)."""
    if isinstance(content, (bytes, bytearray)):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response
