from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'reports'
    verbose_name = "Báo cáo"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from accounts import navigation
        from core.tasks import task_lost
        from reports import jobs, permissions  # noqa: F401  (registers the reports' acts)

        navigation.register(_("Báo cáo"), "reports:summary", "bar-chart", "reports.read", order=40)

        task_lost.connect(jobs.job_lost, dispatch_uid="reports.jobs.job_lost")
