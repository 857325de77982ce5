"""A long-lived app process that shows a standard's first criterion on demand (criteria.reference).

Reads "<standard id> <province id>" lines on stdin and answers each with the name it shows, the way a
page of a running app server would; tests/reliability/test_shared_cache.py edits the criterion from
another process in between.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from criteria import reference  # noqa: E402

print("ready", flush=True)
for line in sys.stdin:
    standard, province = map(int, line.split())
    print(reference.of(standard, province).criteria[0].name, flush=True)
