"""Tampered requests to every view of the URL configuration never answer 500 and change nothing.

Built from the permission matrix (tests/security/test_permission_matrix.py: every URL, how to build
its ids, the data a valid POST carries, who may use it). For each view, as a user who may use it:
ids that do not exist or do not fit a database integer, query parameters that are not numbers,
duplicated or huge; POSTs with every field missing, one field missing at a time, extra fields,
each value replaced by text, by a huge number, by a huge text, and every key sent twice. The answer
is 200, 302, 400, 403, 404 or 405, never 500; a refused request (400, 403, 404, 405) writes nothing.
"""

import pytest
from django.urls import reverse

from tests.security.test_permission_matrix import MATRIX, Caller
from tests.security.world import ROLES, World

ALLOWED = {"200", "302", "400", "403", "404", "405"}
REFUSED = {"400", "403", "404", "405", "L"}
MISSING_ID, HUGE_ID = 999_999_999, 10**20
QUERY_NAMES = ("page", "province", "district", "unit", "year", "round", "sector", "status", "q", "tab",
               "criterion", "commune", "format", "to", "next", "version")
HUGE_TEXT = "Ữ" * 60_000


def _scenario(view):
    table = view.post or view.get
    return "own" if "own" in table else next(iter(table))


def _role(view, method, scenario):
    rows = view.rows(method).get(scenario) or view.rows("get").get(scenario) or {}
    allowed = [r for r in ROLES if rows.get(r) in ("200", "302", "ok")]
    return allowed[0] if allowed else "sysadmin"


def _urls(name, kwargs):
    """The view's URL, then with each id replaced by one that does not exist and one too big for a column."""
    yield reverse(name, kwargs=kwargs)
    for key, value in kwargs.items():
        if isinstance(value, int):
            for bad in (MISSING_ID, HUGE_ID):
                yield reverse(name, kwargs={**kwargs, key: bad})


def _queries():
    yield "?" + "&".join(f"{n}=abc" for n in QUERY_NAMES)
    yield "?" + "&".join(f"{n}={HUGE_ID}" for n in QUERY_NAMES)
    yield "?" + "&".join(f"{n}=-1&{n}=1&{n}=" for n in QUERY_NAMES)
    yield "?" + "&".join(f"{n}={HUGE_TEXT[:2000]}" for n in QUERY_NAMES)


def _posts(data):
    """Tampered variants of a valid POST's data."""
    yield {}
    plain = {k: v for k, v in data.items() if not hasattr(v, "read")}
    for key in plain:
        yield {k: v for k, v in data.items() if k != key}
    yield {**data, "extra": "1", "id": str(MISSING_ID), "pk": str(HUGE_ID), "unit": "abc", "next": "//evil.example"}
    for bad in ("abc", str(HUGE_ID), str(MISSING_ID), "-1", HUGE_TEXT, "1e309", "NaN", "0x10", "\x00"):
        yield {**data, **dict.fromkeys(plain, bad)}
    yield {**data, **{k: [v, "abc"] for k, v in plain.items()}}


@pytest.fixture
def world(standard, units, users, media_root):
    return World(standard, units, users)


def check(name, view, world):
    caller = Caller(world)
    problems, sent = [], 0
    scenario = _scenario(view)
    kwargs = view.kwargs(world, scenario)

    def send(role, method, url, data=None):
        nonlocal sent
        sent += 1
        actual, writes = caller.send(role, method, url, data)
        if actual not in ALLOWED and actual != "L":
            body = caller.body.decode("utf-8", "replace")[:200]
            problems.append(f"{method.upper()} {role} {url[:160]} data={_short(data)} -> {actual} {body!r}")
        elif actual in REFUSED and writes and not (method == "get" and view.writes_on_get):
            problems.append(f"{method.upper()} {role} {url[:160]} data={_short(data)} -> {actual} but wrote {writes}")

    get_role = _role(view, "get", scenario)
    for url in _urls(name, kwargs):
        send(get_role, "get", url)
    base = reverse(name, kwargs=kwargs)
    for query in _queries():
        send(get_role, "get", base + query)
    if view.post is not None:
        post_role = _role(view, "post", scenario)
        for url in list(_urls(name, kwargs))[1:]:
            send(post_role, "post", url, view.data(world, scenario))
        for data in _posts(view.data(world, scenario)):
            send(post_role, "post", base, data)
    return problems, sent


def _short(data):
    if data is None:
        return None
    return {k: (str(v)[:20] + "…" if len(str(v)) > 20 else v) for k, v in list(data.items())[:6]}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_tampered_requests_never_answer_500(name, world):
    problems, sent = check(name, MATRIX[name], world)
    assert sent >= 5  # the page, four tampered queries; ids and POSTs where the view has them
    assert not problems, f"{name}: {len(problems)} of {sent} tampered requests failed\n" + "\n".join(problems)
