"""manage.py bench_load at a small scale (issue 16): a few communes, a few people, eight seconds of load on
gunicorn and a task worker, in a database of its own (PostgreSQL when the tests run on it, else a SQLite
file). Only the shape of the report and its counts are checked, never timings."""

import os
import re

import pytest

from tests.reliability.conftest import drop_pg_database, new_pg_database, postgres, run_app  # noqa: F401
from tests.reliability.test_task_queue import query

LINE = re.compile(r"load: requests=(\d+) rps=(\d+\.\d) pages_p95_ms=(\d+) errors=(\d+) "
                  r"exports_done=(\d+)/(\d+) export_max_s=(\d+\.\d)")
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.fixture
def database(request, tmp_path):
    """The URL of a migrated database no other test uses (not a copy of tests/reliability's template:
    its name is per process, and a second fixture of that name here would drop and remake it)."""
    if ON_POSTGRES:
        name, url = new_pg_database(request.getfixturevalue("postgres"), None)
        try:
            run_app(["manage.py", "migrate", "--no-input", "-v", "0"], url)
            yield url
        finally:
            drop_pg_database(name)
    else:
        url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
        run_app(["manage.py", "migrate", "--no-input", "-v", "0"], url)
        yield url


def count(url, sql):
    return query(url, sql)[0][0]


def test_the_deadline_day_load_runs_without_an_error_and_leaves_nothing_behind(database, tmp_path):
    out = run_app(["manage.py", "bench_load", "--communes", "6", "--users", "6", "--seconds", "8"], database,
                  tmp_path / "media", timeout=300)

    lines = out.strip().splitlines()
    match = LINE.fullmatch(lines[-1])
    assert match, out
    requests, _rps, _p95, errors, done, queued, _slowest = match.groups()
    assert int(errors) == 0, out
    assert int(queued) >= 1 and done == queued, out
    assert int(requests) > 10, out
    table = "\n".join(lines)
    for kind in ("commune: dossier page", "commune: save scores", "commune: upload evidence PDF",
                 "district: review list of the round", "province: summary report 2024",
                 "province: criteria report 2024", "export: queue"):
        row = next(line for line in lines if line.startswith(kind))
        assert int(row.split()[-6]) > 0, row  # that kind of request was made
    assert "6 communes (2 submitted)" in table

    # what the run made is gone: its round, dossiers, users and exports
    for table_name in ("assessments_round", "assessments_assessment", "assessments_score", "reports_exportjob"):
        assert count(database, f"SELECT COUNT(*) FROM {table_name}") == 0, table_name
    assert count(database, "SELECT COUNT(*) FROM accounts_user WHERE substr(username, 1, 4) = 'tai_'") == 0
