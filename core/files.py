"""Private files: the one response for a file only the signed-in user may have.

Evidence, printed documents, exports and templates all leave through ``private_file_response``:
the file name in Content-Disposition (RFC 6266, UTF-8 names encoded), never kept by a shared proxy
or the browser's cache (Cache-Control: private, no-store) and never sniffed into another type
(X-Content-Type-Options: nosniff).

Stored files follow the row that names them: ``save_file`` inside a service decorated with
``files_follow_commit`` (deleted again when the service's transaction rolls back), and
``remove_after_commit`` for a file a committed change drops.
"""

import functools
from contextvars import ContextVar

from django.db import transaction
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


# --- stored files follow their row ---------------------------------------------------------------

_saved_here = ContextVar("files saved by the running service", default=None)


def files_follow_commit(service):
    """Decorate a service outside its ``transaction.atomic``: a file it stores through ``save_file``
    is deleted again when the service fails (its transaction rolled back, the row never named it),
    so a failed or concurrent save leaves no orphan file."""

    @functools.wraps(service)
    def guarded(*args, **kwargs):
        saved = []
        token = _saved_here.set(saved)
        try:
            return service(*args, **kwargs)
        except BaseException:
            for storage, name in saved:
                storage.delete(name)
            raise
        finally:
            _saved_here.reset(token)

    return guarded


def save_file(field_file, name, content):
    """Store ``content`` as the file of ``field_file`` (the row is saved by the caller); under
    ``files_follow_commit`` the file is removed again if the row does not commit."""
    field_file.save(name, content, save=False)
    saved = _saved_here.get()
    if saved is not None:
        saved.append((field_file.storage, field_file.name))


def remove_after_commit(field_file):
    """Delete a stored file once the transaction that dropped it has committed (never before: a
    rollback must find the file where the row says it is)."""
    storage, name = field_file.storage, field_file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
