"""/metrics under gunicorn with two worker processes (PROMETHEUS_MULTIPROC_DIR, config/gunicorn.py):
every scrape, whichever process answers it, counts the requests of both, on PostgreSQL and SQLite."""

import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bench.stack import Stack
from tests.reliability.conftest import app_env, run_app

REQUESTS = 30


def login_pages(base):
    """How many GETs of the login page answered 200, as the scrape sums them."""
    with urllib.request.urlopen(base + "/metrics", timeout=10) as r:
        text = r.read().decode()
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == "django_http_responses_total_by_status_view_method_total" and \
                    s.labels == {"status": "200", "view": "login", "method": "GET"}:
                return s.value
    return 0


@pytest.fixture(params=["postgresql", "sqlite"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
        run_app(["manage.py", "migrate", "--no-input", "-v", "0"], url)
        return url
    return request.getfixturevalue("pg_database")[1]


def test_every_scrape_sums_both_workers(database_url, tmp_path):
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env = app_env(database_url, tmp_path / "media", PROMETHEUS_MULTIPROC_DIR=metrics_dir)
    with Stack(env, tmp_path / "logs") as stack:
        base = stack.server(workers=2, args=["-c", "config/gunicorn.py"])
        before = login_pages(base)
        for _ in range(REQUESTS):
            with urllib.request.urlopen(base + "/dang-nhap/", timeout=10) as r:
                assert r.status == 200
        scrapes = [login_pages(base) for _ in range(6)]  # each answered by either process
        assert scrapes == [before + REQUESTS] * 6, (before, scrapes, stack.logs())
        served = {p.name.split("_")[-1] for p in metrics_dir.glob("counter_*.db")}
        assert len(served) == 2, served  # both processes counted into the shared folder
