"""gunicorn's settings file (deploy/treem-web.service: ``gunicorn -c config/gunicorn.py config.wsgi``).

Only what the app needs of gunicorn beyond its command line: with PROMETHEUS_MULTIPROC_DIR set (/metrics
summing the counters of every worker process, operations/metrics.py), a worker that exits leaves its
files there; ``child_exit`` tells prometheus_client so that its gauges stop being reported.
"""

import os


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
