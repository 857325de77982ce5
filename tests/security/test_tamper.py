"""Tampered requests to every view of the URL configuration never answer 500 and change nothing.

Built from the permission matrix (tests/security/test_permission_matrix.py: every URL, how to build
its ids, the data a valid POST carries, who may use it). For each view, as a user who may use it:
ids that do not exist or do not fit a database integer, query parameters that are not numbers,
duplicated or huge; POSTs with every field missing, one field missing at a time, extra fields,
each value replaced by text, by a huge number, by a huge text, and every key sent twice. A form with
a field per row (``points_<criterion>``, ``agree_<criterion>``, ``outcome_<dossier id>``, an inspection's
``f-p<criterion id>``, ``a-c<criterion id>``, ``r-s<section id>``) gets, beside its valid POST, a field of the
same family whose id is letters, a fraction, 20 digits, Arabic-Indic digits, an id that does not exist or one
of another scenario's rows (another province's dossier, another sector's criterion, another plan's section).
A form no role of the cast may post (an inspection's findings: a department appraiser of the province) is
posted by the matrix's ``poster``.
The answer is 200, 302, 400, 403, 404 or 405, never 500; a refused request (400, 403, 404, 405)
writes nothing; a valid POST whose texts are huge stores none of them (every text a page accepts
is bounded); a forged field of a row family answers 400 and writes nothing (``outcome_١٢`` must not
decide dossier 12, ``points_999999999`` is no criterion).
"""

import re

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
# a field of a row family: ``points_12``, or a one-letter family (``c12``), behind a form's prefix or not (``f-p12``)
ID_KEY = re.compile(r"^((?:[a-z]+-)?(?:[a-z_]+_|[a-z]))([0-9]+)$")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


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


def _huge_texts(data):
    """The valid POST with every text (a value with a letter) a huge text, the other values kept."""
    texts = [k for k, v in data.items() if isinstance(v, str) and any(ch.isalpha() for ch in v)]
    return {**data, **dict.fromkeys(texts, HUGE_TEXT)} if texts else None


def _families(data):
    """{family prefix: the ids its fields carry} for the keys of a POST that carry an id (``points_1``)."""
    families = {}
    for key, value in data.items():
        match = ID_KEY.match(key)
        if match and not hasattr(value, "read"):
            families.setdefault(match[1], {})[match[2]] = value
    return families


def _forged_ids(view, world, scenario):
    """The valid POST with one more field of each row family, named with an id that is none of the page's:
    not a number, huge, missing, or a row the page does not show (one that another scenario's page shows)."""
    data = view.data(world, scenario)
    families = _families(data)
    foreign = {}
    for other in view.post or {}:
        if other != scenario:
            for prefix, ids in _families(view.data(world, other)).items():
                foreign.setdefault(prefix, set()).update(set(ids) - set(families.get(prefix, {})))
    for prefix, ids in families.items():
        number, value = next(iter(ids.items()))
        for bad in ("abc", "1.5", "9" * 20, number.translate(ARABIC_INDIC), str(MISSING_ID),
                    *sorted(foreign.get(prefix, ()))):
            yield {**data, prefix + bad: value}


def _tables(writes):
    """What the writes changed, as (statement, table) pairs, without their values."""
    return sorted({re.match(r'\s*(\w+)\s+(?:INTO\s+|FROM\s+)?"?(\w+)', sql).groups() for sql in writes})


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
        caller.status = actual
        if actual not in ALLOWED and actual != "L":
            body = caller.body.decode("utf-8", "replace")[:200]
            problems.append(f"{method.upper()} {role} {url[:160]} data={_short(data)} -> {actual} {body!r}")
        elif actual in REFUSED and writes and not (method == "get" and view.writes_on_get):
            problems.append(f"{method.upper()} {role} {url[:160]} data={_short(data)} -> {actual} but wrote {writes}")
        return caller.writes

    get_role = _role(view, "get", scenario)
    for url in _urls(name, kwargs):
        send(get_role, "get", url)
    base = reverse(name, kwargs=kwargs)
    for query in _queries():
        send(get_role, "get", base + query)
    if view.post is not None:
        post_role = _role(view, "post", scenario)
        if view.poster is not None:  # no role of the cast may post the form: its poster does
            post_role = "poster"
            caller.add(post_role, view.poster(world, scenario))
        for url in list(_urls(name, kwargs))[1:]:
            send(post_role, "post", url, view.data(world, scenario))
        for data in _posts(view.data(world, scenario)):
            send(post_role, "post", base, data)
        huge = _huge_texts(view.data(world, scenario))
        if huge and any(HUGE_TEXT[:1000] in sql for sql in send(post_role, "post", base, huge)):
            problems.append(f"POST {post_role} {base} data={_short(huge)} -> stored the huge text")
        for forged in _forged_ids(view, world, scenario):
            wrote = _tables(send(post_role, "post", base, forged))
            if caller.status != "400" or wrote:
                extra = next(reversed(forged))
                problems.append(f"POST {post_role} {base} with {extra[:40]!r} -> {caller.status}, wrote {wrote} "
                                f"(a field no row of the page has: 400, nothing written)")
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


ROW_FORMS = {"assessments:scores": {"points_", "note_"}, "assessments:scores_preview": {"points_"},
             "assessments:appraisal": {"agree_"}, "assessments:decide": {"outcome_", "version_"},
             "inspections:assignment": {"a-c"}, "inspections:unit_report": {"r-s"},
             "inspections:findings": {"f-p", "f-n"}}


def test_every_form_with_a_field_per_row_is_forged(world):
    """The forms above have a field per criterion or dossier: the matrix's valid POST carries one, so the
    test above invents its forged fields (a form whose data lost them would be tested for nothing)."""
    found = {name: set(_families(view.data(world, _scenario(view)))) for name, view in MATRIX.items()
             if view.post is not None and _families(view.data(world, _scenario(view)))}
    assert found == ROW_FORMS
