"""django-tasks-db's worker, plus a heartbeat: ``python manage.py db_worker`` (same options).

Before it claims its first job the worker records itself (core.models.Worker) and ends the jobs
other workers were running when they died (core.tasks.recover_lost); while it runs, a thread touches
its row and recovers lost jobs every TASK_HEARTBEAT_SECONDS. Run as many as you like, on any machine
that reaches the database. SIGTERM or Ctrl+C lets the current job finish, then stops.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as base

from core import tasks


class Worker(base.Worker):
    def run(self):
        tasks.register(self.worker_id)
        tasks.recover_lost()
        heartbeat = tasks.Heartbeat(self.worker_id)
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()
            tasks.unregister(self.worker_id)


class Command(base.Command):
    help = "Run a database background worker (with a heartbeat: jobs of a killed worker are recovered)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=tasks.new_worker_id())

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload,
               max_tasks, worker_id, exclude_queues, **options):
        # As django-tasks-db 0.13's handle, with this module's Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise base.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
                        startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
                        excluded_queue_names=excluded)
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child that runs jobs
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
