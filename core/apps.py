import os
import time

from django.apps import AppConfig

STALE_UPLOAD_SECONDS = 24 * 3600  # no upload takes a day: older spooled files were left by an interruption


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Dùng chung"

    def ready(self):
        from django.conf import settings

        prepare_upload_dir(settings.FILE_UPLOAD_TEMP_DIR)
        from core import requestid, sentry_tasks

        requestid.connect()  # the request id follows a request into the tasks it queues
        sentry_tasks.connect()  # a failed task reaches Sentry tagged with it (after requestid: it reads the id)


def prepare_upload_dir(path):
    """Create the private upload spool and remove what interrupted uploads left there."""
    if not path:
        return
    os.makedirs(path, mode=0o700, exist_ok=True)
    cutoff = time.time() - STALE_UPLOAD_SECONDS
    with os.scandir(path) as entries:
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)
            except OSError:  # taken by another process starting at the same time
                pass
