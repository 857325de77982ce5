"""django-tasks-db's worker, plus a heartbeat: ``python manage.py db_worker`` (same options).

Before it claims its first job the worker records itself (core.models.Worker) and ends the jobs
other workers were running when they died (core.tasks.recover_lost); while it runs, a thread touches
its row and recovers lost jobs every TASK_HEARTBEAT_SECONDS. Run as many as you like, on any machine
that reaches the database. SIGTERM or Ctrl+C lets the current job finish, then stops. Each job runs in a
Sentry scope of its own, tagged with the task and the request that queued it (core/sentry_tasks.py: a job
that fails is reported there).

Only what the heartbeat adds is here: the library's command runs as it is, building this module's
``Worker`` (a subclass of its own) instead of its own, so an upgrade of django-tasks-db needs no diff.
"""

from django_tasks_db.management.commands import db_worker as base

from core import sentry_tasks, tasks


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

    def run_task(self, db_task_result):
        with sentry_tasks.job_scope(task=db_task_result.task_path, task_id=str(db_task_result.id)):
            super().run_task(db_task_result)


class Command(base.Command):
    help = "Run a database background worker (with a heartbeat: jobs of a killed worker are recovered)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=tasks.new_worker_id())

    def handle(self, **options):
        base.Worker = Worker  # the library's handle builds the worker by this name
        super().handle(**options)
