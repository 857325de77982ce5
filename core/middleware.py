"""Requests bounded before they are read, and error answers as Vietnamese pages.

``BoundedRequests`` refuses (413) a body larger than ``MAX_REQUEST_BYTES`` from its declared length,
before Django parses or spools it. ``VietnameseErrorPages`` turns the empty 405 Django's method
checks answer (``require_POST`` and class-based views) into the Vietnamese page ``405.html``.
``IdsInRange`` answers 404 for an id in the URL no database column can hold (``<int:pk>`` accepts
any digits; PostgreSQL and SQLite fail on more than 64 bits), as for an id that does not exist.
"""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string


class BoundedRequests:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            content = render_to_string("413.html", {"max_mb": settings.MAX_REQUEST_BYTES // 1048576},
                                       request=request)
            response = HttpResponse(content, status=413)
            response["Connection"] = "close"  # the unread body is not kept on the connection
            return response
        return self.get_response(request)


class VietnameseErrorPages:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = HttpResponseNotAllowed(response["Allow"].split(", ") if response.get("Allow") else [],
                                          content=render_to_string("405.html", request=request))
            return page
        return response


BIGGEST_ID = 2**63 - 1


class IdsInRange:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not -BIGGEST_ID <= value <= BIGGEST_ID:
                raise Http404
        return None
