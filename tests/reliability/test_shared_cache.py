"""Several app processes, one cache: an edit of a standard made in one process is seen by another at
once when they share Redis (CACHE_URL or REDIS_URL; here TEST_CACHE_URL with a key prefix of its
own), while each process's memory alone keeps the old text for REFERENCE_DATA_SECONDS.

Real processes on a database of their own (tests/reliability/test_task_queue.py's), real Redis on
127.0.0.1:6379 (CI and this machine run one; REDIS_TEST_URL to change it).
"""

import os
import secrets
import subprocess
import sys

import pytest

from tests.reliability import test_task_queue
from tests.reliability.conftest import ROOT, app_env, run_app

database, sqlite_template = test_task_queue.database, test_task_queue.sqlite_template  # the fixtures

REDIS = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
SETUP = (
    "import datetime\n"
    "from django.core.management import call_command\n"
    "from communes.models import Kind, Level\n"
    "from communes.services import unit_create\n"
    "from criteria.models import Standard\n"
    "call_command('loaddata', 'standards', verbosity=0)\n"
    "p = unit_create(code='10', name='Tỉnh Lào Cai', level=Level.PROVINCE, kind=Kind.PROVINCE,\n"
    "                valid_from=datetime.date(2008, 8, 1))\n"
    "print(Standard.objects.get(code='34/2014/QĐ-TTg').pk, p.pk)\n")


def edit(url, media, env, standard, name):
    code = (f"from criteria.models import Criterion\n"
            f"c = Criterion.objects.get(standard_id={standard}, number=1)\n"
            f"c.name = {name!r}\n"
            f"c.save()\n")  # what the admin's change form does: post_save
    run_app(["manage.py", "shell", "-c", code], url, media, **env)


@pytest.mark.parametrize("shared", [True, False], ids=["redis", "process-memory"])
def test_an_edit_in_one_process_is_seen_by_another(database, shared):
    url, media = database
    env = {"REFERENCE_DATA_SECONDS": 3600}
    if shared:
        import redis

        redis.Redis.from_url(REDIS).ping()  # a missing Redis fails here, never skips
        env.update(TEST_CACHE_URL=REDIS, TEST_CACHE_PREFIX=f"test-{secrets.token_hex(6)}")
    standard, province = run_app(["manage.py", "shell", "-c", SETUP], url, media, **env).split()[-2:]
    reader = subprocess.Popen([sys.executable, "tests/reliability/_reference_reader.py"], cwd=ROOT,
                              env=app_env(url, media, **env), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert reader.stdout.readline().strip() == "ready"

        def shown():
            reader.stdin.write(f"{standard} {province}\n")
            reader.stdin.flush()
            return reader.stdout.readline().strip()

        before = shown()
        assert before and before != "Tên đã sửa trong tiến trình khác"
        edit(url, media, env, standard, "Tên đã sửa trong tiến trình khác")
        if shared:
            assert shown() == "Tên đã sửa trong tiến trình khác"  # at once, though kept for an hour
        else:
            assert shown() == before  # each process's own memory: the old name until it expires
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
