from django.db import models


class Worker(models.Model):
    """A running ``db_worker`` process: it writes ``seen_at`` every TASK_HEARTBEAT_SECONDS.

    A job whose worker is no longer here (not seen for TASK_WORKER_LOST_SECONDS, or its process gone
    on this machine) was killed mid-way: core.tasks.recover_lost ends it (see there).
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "tiến trình chạy việc nền"

    def __str__(self):
        return self.worker_id


class TaskOrigin(models.Model):
    """The request that queued a job, so the worker's log lines carry its request id (core/requestid.py).

    Written when a request enqueues a task, read by the worker when the job starts, deleted when it ends.
    """

    task_id = models.CharField(max_length=64, primary_key=True)
    request_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "yêu cầu đã xếp việc nền"

    def __str__(self):
        return f"{self.task_id} ← {self.request_id}"
