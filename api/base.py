"""What every endpoint of the API shares: paging with a fixed maximum page size, JSON or CSV
(``?format=csv``), ETag / Last-Modified answered with 304 when unchanged, a throttle per key, and the
permission to read (api.permissions)."""

import csv
import hashlib
import io
import json
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from rest_framework import renderers, throttling
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.errors import BadFilter, UnsupportedFormat
from api.models import ApiKey

MAX_PAGE_SIZE = 500
PAGE_SIZE = 100


class Paging(PageNumberPagination):
    """``?page=N&page_size=M``: 100 rows a page by default, never more than 500 (a larger size is cut to 500);
    a page that is not a positive number answers 400, a page past the last 404."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "Số trang, từ 1."
    page_size_query_description = f"Số dòng mỗi trang (mặc định {PAGE_SIZE}, tối đa {MAX_PAGE_SIZE})."

    @staticmethod
    def _positive(request, name):
        value = request.query_params.get(name)
        if value in (None, ""):
            return None
        if not (value.isascii() and value.isdigit()) or len(value) > 9 or int(value) < 1:
            raise BadFilter({name: [_("Cần một số nguyên dương.")]})
        return int(value)

    def get_page_size(self, request):
        size = self._positive(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None, count=None):
        """The page's rows; ``count``, when the view has already counted the rows (with another aggregate in the
        same query), spares the paginator its own COUNT."""
        self._positive(request, self.page_query_param)
        if count is None:
            return super().paginate_queryset(queryset, request, view)
        self.django_paginator_class = lambda rows, size: Counted(rows, size, count)
        try:
            return super().paginate_queryset(queryset, request, view)
        finally:
            del self.django_paginator_class


class NewestFirst(Paging):
    """The paging of a list ordered newest first by id (``-pk``) whose rows start with their id (the dossiers): the
    ``page`` numbers of every list, and in every ``next`` link ``after=<id>``, the last row's id, so that a client
    walking the list reads each next page through the primary key's index (the rows whose id is below it, LIMIT)
    instead of counting past the rows before it (OFFSET: a national list of 10,600 dossiers in pages of 500 would
    read 22 times the year's rows, joined and sorted, to serve them once); no row is skipped or read twice if the
    list changes meanwhile. ``page`` without ``after`` still reads the n-th page, and ``previous`` links do."""

    after_query_param = "after"
    after_query_description = ("Đọc tiếp sau hồ sơ có mã số này (theo thứ tự của danh sách); liên kết `next` tự "
                               "mang tham số này.")

    def paginate_queryset(self, queryset, request, view=None, count=None):
        after = self._positive(request, self.after_query_param)
        if after is None:
            rows = super().paginate_queryset(queryset, request, view, count=count)
            self.number, self.count, self.more = self.page.number, self.page.paginator.count, self.page.has_next()
        else:
            self.request = request
            self.number = self._positive(request, self.page_query_param) or 1  # the page's number, for the links
            self.count = queryset.count() if count is None else count
            size = self.get_page_size(request)
            rows = list(queryset.filter(pk__lt=after)[:size + 1])  # one more: is there a next page?
            self.more, rows = len(rows) > size, rows[:size]
        self.last = rows[-1][0] if rows else None
        return rows

    def get_next_link(self):
        if not self.more:
            return None
        url = replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.number + 1)
        return replace_query_param(url, self.after_query_param, self.last)

    def get_previous_link(self):
        if self.number <= 1:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.after_query_param)
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response(self, data):
        return Response({"count": self.count, "next": self.get_next_link(), "previous": self.get_previous_link(),
                         "results": data})

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view),
                {"name": self.after_query_param, "required": False, "in": "query",
                 "description": self.after_query_description, "schema": {"type": "integer"}}]


class Counted(Paginator):
    """A paginator told its count (``count``) instead of asking the database for it."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: this is its cached value


class Negotiation(DefaultContentNegotiation):
    """An unknown ``?format=`` answers 400 (DRF's own answers 404, as if the resource were missing)."""

    def filter_renderers(self, renderers, format):
        found = [r for r in renderers if r.format == format]
        if not found:
            raise UnsupportedFormat(_("Định dạng không hỗ trợ: dùng format=json hoặc format=csv."))
        return found


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            return "; ".join(_cell(v) for v in value)
        return json.dumps(value, ensure_ascii=False, default=str)
    text = str(value)
    # a spreadsheet would run a text starting with = + - @ as a formula: such a text gets a leading quote
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        Decimal(text)
        return True
    except ArithmeticError:
        return False
    except ValueError:
        return False


def _flatten(row, prefix=""):
    flat = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


class CSVRenderer(renderers.BaseRenderer):
    """A table as CSV (UTF-8 with a byte order mark, so Excel reads the Vietnamese): one row per record,
    nested objects as dotted columns ("commune.code"), lists of values joined by "; ". A report's rows are
    its table (``csv_rows`` of the view); an error is one row of code and message."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view, response = renderer_context.get("view"), renderer_context.get("response")
        if response is not None and response.exception:
            rows = [data.get("error", data)] if isinstance(data, dict) else [{"error": data}]
            rows = [{k: v for k, v in r.items() if k in ("code", "message")} for r in rows]
        elif hasattr(view, "csv_rows"):
            rows = view.csv_rows(data)
        elif isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        rows = [_flatten(r) for r in rows]
        columns = list(dict.fromkeys(k for r in rows for k in r))
        nested = {c.split(".")[0] for c in columns if "." in c}
        columns = [c for c in columns if c not in nested]  # an empty object ("decision": null): its columns empty
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in columns])
        return out.getvalue().encode("utf-8")


class JSONRenderer(renderers.JSONRenderer):
    charset = "utf-8"


class KeyThrottle(throttling.SimpleRateThrottle):
    """``API_KEY_THROTTLE_RATE`` requests per key (e.g. "1200/hour"), counted in Django's cache (Redis when
    CACHE_URL is set: every app server counts together). Signed-in users are not throttled here."""

    scope = "api_key"

    def get_rate(self):
        return settings.API_KEY_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return f"api-throttle:{request.auth.prefix}"
        return None


class Conditional:
    """ETag (a digest of the body) and, where the view knows it, Last-Modified: a client sending
    If-None-Match / If-Modified-Since with the values it got is answered 304 with no body. Answers are
    private to their reader and revalidated each time (Cache-Control: private, no-cache)."""

    last_modified = None  # a view sets it (a datetime) while it builds its answer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Authorization", "X-Api-Key", "Cookie", "Accept"))
        response["Cache-Control"] = "private, no-cache"
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        digest = hashlib.sha256(response.content)
        digest.update(response.get("Content-Type", "").encode())
        etag = quote_etag(digest.hexdigest()[:40])
        response["ETag"] = etag
        last_modified = None
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
            last_modified = int(self.last_modified.timestamp())
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
