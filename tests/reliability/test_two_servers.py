"""Several machines (issue 16): two app servers and two task workers on one PostgreSQL and one Redis,
as a national deployment runs them, and nothing one process holds is needed by another.

Two gunicorn masters (two workers each) on their own ports, two `db_worker` processes, a real SMTP
server (aiosmtpd) and Redis on 127.0.0.1:6379 with a key prefix of this test's own. Over real HTTP
sessions, spread across both servers at once:

- 50 exports asked for by 25 national officers, two each (one user may have three waiting): each is done
  exactly once, one file each;
- the dossier notifications (15 communes' dossiers returned, submitted again and accepted; five officers
  each are told of the return and of the acceptance, the district's office of the resubmission, the
  appraisers of each owning sector of the acceptance) and the 50 "export ready" ones: each e-mail sent
  exactly once;
- one of the workers is killed (SIGKILL) in the middle of an export: a worker started after it ends the
  lost run and does the export again, so nothing is left running or half-written;
- an administrator renames a criterion through one server, and the other shows the new name at once
  (the reference data is cached for an hour here: only the shared cache can explain it).
"""

import os
import secrets
import signal
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from openpyxl import load_workbook

from bench.stack import Session, Stack
from tests.mailserver import smtp  # noqa: F401 - the fixture
from tests.reliability.conftest import app_env, seed
from tests.reliability.test_concurrent_gunicorn import query
from tests.reliability.test_task_queue import wait_for

REDIS = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
RETURNED, SUBMITTED = "Đã trả hồ sơ để xã bổ sung.", "Đã nộp hồ sơ lên cơ quan công nhận."
ACCEPTED = "Đã tiếp nhận hồ sơ, chuyển các ngành thẩm định."
EXPORTS = 50
NEW_NAME = "Tiêu chí 1 đổi tên qua máy chủ thứ nhất"


@pytest.fixture
def deployment(pg_database, smtp, tmp_path):  # noqa: F811 - smtp is the imported fixture
    """Two servers and two workers (one of which stalls on its first export, to be killed)."""
    import redis

    redis.Redis.from_url(REDIS).ping()  # a missing Redis fails here, never skips
    url, media = pg_database[1], tmp_path / "media"
    world = seed(url, "two-servers", media)
    env = app_env(url, media, TASKS_BACKEND="django_tasks_db.DatabaseBackend", TASK_HEARTBEAT_SECONDS=1,
                  TEST_CACHE_URL=REDIS, TEST_CACHE_PREFIX=f"test-{secrets.token_hex(6)}",
                  REFERENCE_DATA_SECONDS=3600, TEST_EMAIL_PORT=smtp.port, SITE_URL="https://treem.test")
    with Stack(env, tmp_path / "logs") as stack:
        servers = [stack.server(workers=2), stack.server(workers=2)]
        stack.worker()
        stalling = stack.worker(["tests/reliability/_stalling_worker.py"], name="stalling-worker")
        yield stack, servers, stalling, url, media, world


def test_two_servers_and_two_workers_do_everything_exactly_once(deployment, smtp):  # noqa: F811
    stack, servers, stalling, url, media, world = deployment
    password, pages = world["password"], Counter()

    def seen(kind, result, expected):
        status, _url, html = result
        pages[(kind, expected in html if status == 200 else f"HTTP {status}")] += 1

    def version(session, aid):
        html = session.get(f"/danh-gia/ho-so/{aid}/")[2]
        return html.split('name="version" value="', 1)[1].split('"', 1)[0]

    def dossier_round(i, row):
        """The district returns the dossier on one server, the commune submits it again and the district
        accepts it on the other."""
        here, there = servers[i % 2], servers[(i + 1) % 2]
        district, officer = Session(here, world["district"], password), Session(there, row["officers"][0], password)
        base = f"/danh-gia/ho-so/{row['id']}"
        seen("return", district.post(f"{base}/tra-lai/", {"comment": "Bổ sung biên bản họp",
                                                          "version": version(district, row["id"])}), RETURNED)
        seen("submit", officer.post(f"{base}/nop/", {"confirm": "1", "version": version(officer, row["id"])}),
             SUBMITTED)
        district = Session(there, world["district"], password)
        seen("accept", district.post(f"{base}/tiep-nhan/", {"confirm": "1", "version": version(district, row["id"])}),
             ACCEPTED)

    tokens = []

    def exports(i, username):
        session = Session(servers[i % 2], username, password)
        for k in range(EXPORTS // len(world["exporters"])):
            status, final, _html = session.post("/bao-cao/xuat/?year=2024", {"format": "xlsx"})
            pages[("export", status == 200 and "/bao-cao/xuat/" in final)] += 1
            tokens.append(final.rstrip("/").rsplit("/", 1)[-1])

    with ThreadPoolExecutor(max_workers=8) as pool:
        jobs = [pool.submit(exports, i, u) for i, u in enumerate(world["exporters"])]
        jobs += [pool.submit(dossier_round, i, row) for i, row in enumerate(world["dossiers"])]
        for job in jobs:
            job.result()
    n = len(world["dossiers"])
    assert pages == {("return", True): n, ("submit", True): n, ("accept", True): n,
                     ("export", True): EXPORTS}, f"{pages}\n{stack.logs()}"

    # the stalling worker took an export and hangs in it: killed with no goodbye, another one starts
    wait_for(lambda: "stalled" in stack.log("stalling-worker"), "export taken by the stalling worker", 120)
    stalling.send_signal(signal.SIGKILL)
    stalling.wait(timeout=10)
    stack.worker(name="replacement-worker")

    # per dossier: five officers of the return and of the acceptance, the office of the resubmission, and
    # the appraisers of each owning sector of the acceptance (the seed's first submission was not mailed)
    told = n * (5 + 1 + 5 + world["owning_sectors"])

    def settled():
        jobs = query(url, "SELECT status, count(*) FROM reports_exportjob GROUP BY status")
        mails = query(url, "SELECT mail, count(*) FROM accounts_notification WHERE mail <> 'none' GROUP BY mail")
        return dict(jobs) == {"done": EXPORTS} and dict(mails) == {"sent": EXPORTS + told} and mails

    wait_for(settled, "exports and e-mails all done", seconds=180)

    # each export done once, to one file; the one whose worker was killed was run again, nothing else
    rows = query(url, "SELECT token, attempts, file, error FROM reports_exportjob ORDER BY id")
    assert sorted(str(t).replace("-", "") for t, *_ in rows) == sorted(t.replace("-", "") for t in tokens)
    assert sorted(attempts for _t, attempts, _f, _e in rows) == [1] * (EXPORTS - 1) + [2]
    assert all(error == "" for *_x, error in rows)
    files = [p for p in (media / "exports").rglob("*") if p.is_file()]
    assert sorted(str(p.relative_to(media)) for p in files) == sorted(f for _t, _a, f, _e in rows)
    assert all(load_workbook(p, read_only=True).sheetnames[0] == "Tổng hợp" for p in files)
    results = Counter(query(url, "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult"))
    assert results[("FAILED", "core.tasks.WorkerLost")] == 1
    assert set(results) == {("SUCCESSFUL", ""), ("FAILED", "core.tasks.WorkerLost")}  # nothing left running

    # every notification of the test e-mailed exactly once (one message per event and recipient)
    notes = query(url, """SELECT n.key, u.email, n.mail_attempts FROM accounts_notification n
                          JOIN accounts_user u ON u.id = n.recipient_id WHERE n.mail <> 'none'""")
    assert len(notes) == EXPORTS + told and {a for *_x, a in notes} == {1}
    received = Counter((m["X-Treem-Event"], m.envelope_to[0]) for m in smtp.messages)
    assert len(smtp.messages) == EXPORTS + told and set(received.values()) == {1}
    assert set(received) == {(key, address) for key, address, _a in notes}
    assert Counter(key.split(":")[0] for key, *_x in notes) == {"export": 50, "dossier": told}

    # every dossier moved once per step; none twice
    moves = Counter(query(url, "SELECT from_status, to_status FROM assessments_transition WHERE to_status "
                               "IN ('returned', 'accepted') OR from_status = 'returned'"))
    assert moves == {("submitted", "returned"): n, ("returned", "submitted"): n, ("submitted", "accepted"): n}

    # an edit through the first server is seen by the second at once
    aid, officer = world["dossiers"][0]["id"], world["dossiers"][0]["officers"][0]
    reader = Session(servers[1], officer, password)
    assert NEW_NAME not in reader.get(f"/danh-gia/ho-so/{aid}/")[2]  # the second server has it cached now
    [(criterion,)] = query(url, "SELECT id FROM criteria_criterion WHERE standard_id = %s AND number = 1",
                           world["standard"])
    admin = Session(servers[0], world["admin"], password)
    status, final, html = admin.submit(f"/admin/criteria/criterion/{criterion}/change/",
                                       {"name": NEW_NAME, "_save": "Lưu"}, form_id="criterion_form")
    assert status == 200 and final.endswith("/admin/criteria/criterion/"), html[-2000:]
    assert NEW_NAME in reader.get(f"/danh-gia/ho-so/{aid}/")[2]
    print(f"\n{dict(pages)}; export attempts {Counter(a for _t, a, _f, _e in rows)}; {len(smtp.messages)} e-mails")

