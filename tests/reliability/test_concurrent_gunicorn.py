"""Two gunicorn workers on one database (PostgreSQL, and SQLite as the demo runs), many people
clicking at once over real HTTP sessions: afterwards every count adds up, no transition happened
twice, and nobody saw a server error.

The app runs as it does in production (gunicorn, two worker processes, a database of its own built
through the services by tests/reliability/_seed.py) on 127.0.0.1 only; the test stops it itself.
"""

import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.stack import Session, Stack
from tests.reliability.conftest import app_env, run_app, seed

SUBMITTED = "Đã nộp hồ sơ lên cơ quan công nhận."
ACCEPTED = "Đã tiếp nhận hồ sơ, chuyển các ngành thẩm định."
DECIDED = "Đã ghi nhận quyết định công nhận."
SAVED = "Đã lưu điểm tự đánh giá."
STALE = "Hồ sơ vừa được người khác cập nhật"
WRONG_STATE = "Không thể chuyển hồ sơ"
NUMBER_TAKEN = "đã được sử dụng"


@pytest.fixture(params=["postgresql", "sqlite"])
def database_url(request, tmp_path):
    """A fresh migrated database: PostgreSQL's (dropped afterwards) or an SQLite file (config.settings
    gives SQLite IMMEDIATE transactions, a busy timeout and WAL, so concurrent saves queue, not fail)."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_database")[1]
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    run_app(["manage.py", "migrate", "--no-input", "-v", "0"], url)
    return url


@pytest.fixture
def app(database_url, tmp_path):
    """gunicorn -w 2 on 127.0.0.1 against the seeded database; stopped (and waited for) afterwards."""
    url = database_url
    world = seed(url, "concurrency", tmp_path / "media")
    with Stack(app_env(url, tmp_path / "media"), tmp_path / "logs") as stack:
        yield stack.server(workers=2), url, world, stack


def query(url, sql, *params):
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def outcome(result, *known):
    """Which known message the page showed, or the status code when it showed none of them."""
    status, _url, html = result
    for text in known:
        if text in html:
            return text
    return f"HTTP {status}"


def race(*calls):
    """Run the calls at the same instant, each in its own thread (two people pressing at once)."""
    gate = threading.Barrier(len(calls))

    def run(call):
        gate.wait(timeout=60)
        call()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)


def test_many_concurrent_submissions_decisions_and_saves(app):
    """Each session sends one request at a time (as a browser tab does), so each page's message
    belongs to its own request; the sessions themselves all run at once."""
    base, url, world, stack = app
    password = world["password"]

    def sign_in(username):
        return Session(base, username, password)

    district, chair = world["recognising"]
    deciders = [sign_in(u) for u in (chair, district, chair, district)]  # two sessions each
    submitters = [[sign_in(u) for u in row["officers"]] for row in world["to_submit"]]
    savers = [[sign_in(u) for u in row["officers"]] for row in world["drafts"]]
    transitions_before = query(url, "SELECT count(*) FROM assessments_transition")[0][0]
    results, mismatched = Counter(), []
    lock = threading.Lock()

    def record(kind, result, *known):
        with lock:
            results[(kind, outcome(result, *known))] += 1

    def page_version(session, aid):  # what the dossier's page carries in its forms
        return re.search(r'name="version" value="(\d+)"', session.get(f"/danh-gia/ho-so/{aid}/")[2]).group(1)

    def move(kind, session, row, path, done):
        data = {"confirm": "1", "version": page_version(session, row["id"])}
        record(kind, session.post(f"/danh-gia/ho-so/{row['id']}/{path}/", data), done, WRONG_STATE, STALE)

    def submit(session, row):
        move("submit", session, row, "nop", SUBMITTED)

    def accept(session, row):
        move("accept", session, row, "tiep-nhan", ACCEPTED)

    def decide(session, number, aids):
        # the round page as loaded now carries each dossier's version (a dossier decided since has none)
        page = session.get(f"/danh-gia/dot/{world['round']}/")[2]
        seen = dict(re.findall(r'name="version_(\d+)" value="(\d+)"', page))
        data = {"number": number, "signed_on": "2024-12-05", "signer_name": "Đỗ Văn Quang",
                "signer_title": "Phó Chủ tịch UBND huyện", "confirm": "1", **{f"outcome_{i}": "yes" for i in aids},
                **{f"version_{i}": seen[str(i)] for i in aids if str(i) in seen}}
        result = session.post(f"/danh-gia/dot/{world['round']}/quyet-dinh/", data)
        landed = re.search(r"/danh-gia/quyet-dinh/\d+/$", result[1]) is not None
        if landed != (DECIDED in result[2]):  # a success lands on the decision, a refusal on the round
            mismatched.append(result[1])
        record("decide", result, DECIDED, WRONG_STATE, NUMBER_TAKEN)

    def decision_stream(session, plan):
        for number, aids in plan:
            decide(session, f"{number}/QĐ-UBND", aids)

    def save(session, draft, version, value):
        record("save", session.post(f"/danh-gia/ho-so/{draft['id']}/diem/", {"version": version, "points_1": value}),
               SAVED, STALE)

    def rival_saves(draft, sessions, rounds=3):
        """Two colleagues load the page, then press Save at the same moment, `rounds` times."""
        for n in range(rounds):
            versions = [page_version(s, draft["id"]) for s in sessions]
            race(*[lambda s=s, v=v, i=i: save(s, draft, v, str(10 * n + i))
                   for i, (s, v) in enumerate(zip(sessions, versions))])

    ids = world["to_decide"]
    k = len(ids)
    plans = [
        [(999, ids[:2])] + [(100 + i, [ids[i], ids[(i + 1) % k]]) for i in range(k)],
        [(999, ids[2:4])] + [(200 + i, [ids[i]]) for i in range(k)],  # the same number at the same time
        [(300 + i, [ids[i]]) for i in reversed(range(k))],
        [(400 + i, [ids[(i + 3) % k], ids[(i + 5) % k]]) for i in range(k)],
    ]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=12) as pool:  # phase 1: submissions, decisions and saves at once
        jobs = [pool.submit(decision_stream, s, plan) for s, plan in zip(deciders, plans)]
        jobs += [pool.submit(race, *[lambda s=s, row=row: submit(s, row) for s in pair])
                 for row, pair in zip(world["to_submit"], submitters)]
        jobs += [pool.submit(rival_saves, d, pair) for d, pair in zip(world["drafts"], savers)]
        for job in jobs:
            job.result()
    # phase 2: both recognising officers go down the list of submitted dossiers at the same time
    race(*[lambda s=s: [accept(s, row) for row in world["to_submit"]] for s in deciders[:2]])
    elapsed = time.monotonic() - started

    # nobody saw an error page; every refusal was one of the expected messages
    assert all(not o.startswith("HTTP") for _k, o in results), f"{results}\n{stack.logs()}"
    assert mismatched == []
    n_submit, n_decide, n_drafts = len(world["to_submit"]), k, len(world["drafts"])
    for kind, done in (("submit", SUBMITTED), ("accept", ACCEPTED)):
        # the other press is refused: on the page it loaded before the move (stale) or after it
        assert results[(kind, done)] == n_submit
        assert results[(kind, WRONG_STATE)] + results[(kind, STALE)] == n_submit
    assert results[("save", SAVED)] == 3 * n_drafts and results[("save", STALE)] == 3 * n_drafts
    decided_ok = results[("decide", DECIDED)]
    assert sum(n for (kind, _o), n in results.items() if kind == "decide") == sum(map(len, plans))
    assert results[("decide", NUMBER_TAKEN)] <= 1

    # the database agrees with what the pages said
    twice = query(url, """SELECT assessment_id, from_status, to_status, count(*) FROM assessments_transition
                          GROUP BY 1, 2, 3 HAVING count(*) > 1""")
    assert twice == [], f"transitions that happened twice: {twice}"
    new_transitions = query(url, "SELECT count(*) FROM assessments_transition")[0][0] - transitions_before
    assert new_transitions == 2 * n_submit + n_decide
    statuses = dict(query(url, "SELECT status, count(*) FROM assessments_assessment GROUP BY status"))
    assert statuses == {"accepted": n_submit, "recognised": n_decide, "draft": n_drafts}
    decisions = query(url, """SELECT d.number, count(a.id) FROM assessments_decision d
                              LEFT JOIN assessments_assessment a ON a.decision_id = d.id GROUP BY d.number""")
    assert len(decisions) == decided_ok >= 1  # a refused decision left no row behind
    assert all(n >= 1 for _number, n in decisions) and sum(n for _number, n in decisions) == n_decide
    saves = query(url, """SELECT a.version, s.points,
                                 (SELECT count(*) FROM assessments_historicalscore h
                                  WHERE h.id = s.id AND h.history_type = '~')
                          FROM assessments_assessment a JOIN assessments_score s ON s.assessment_id = a.id
                          JOIN criteria_criterion c ON c.id = s.criterion_id
                          WHERE a.status = 'draft' AND c.number = 1""")
    assert len(saves) == n_drafts
    for version, points, changes in saves:
        assert version == 1 + 3 and changes == 3  # three winning saves each: one version, one history row
        assert points in (20, 21)  # the last round's winner, one of the two colleagues
    print(f"\n{sum(results.values())} concurrent operations in {elapsed:.1f} s: {dict(results)}")
