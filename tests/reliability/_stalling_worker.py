"""A real `db_worker` whose exports stall once their row says 'running', until the test kills it.

Used by tests/reliability/test_task_queue.py to have a worker die mid-job at a known point: the
export's file writer is replaced, in this process only, by one that prints "stalled" and sleeps.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from reports import exports  # noqa: E402


def stall(*_args, **_kwargs):
    print("stalled", flush=True)
    time.sleep(3600)


exports.write_workbook = exports.write_pdf = stall
call_command("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")
