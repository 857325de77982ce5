from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'reports'
    verbose_name = "Báo cáo"

    def ready(self):
        from core.tasks import task_lost
        from reports import jobs

        task_lost.connect(jobs.job_lost, dispatch_uid="reports.jobs.job_lost")
