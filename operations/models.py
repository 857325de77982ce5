from django.db import models
from django.utils.translation import gettext_lazy as _


class CarriedCount(models.Model):
    """What /metrics still counts of finished rows that were deleted (operations.carried).

    The scrape's counters are rows the database keeps (exports, e-mails, the queue's finished jobs); a prune
    deleting them would lower a counter, which Prometheus reads as a reset. Each deleted finished row is
    added here first, in the deletion's transaction, so a counter is the rows kept plus the rows carried.
    """

    metric = models.CharField(max_length=40)  # the family's name without "_total": "treem_exports"
    task = models.CharField(max_length=255, blank=True)  # a job's task path (the duration histogram only)
    status = models.CharField(max_length=20)  # the label as the scrape writes it: "done", "failed", "successful"
    # the histogram's bucket: the index in operations.carried.JOB_BUCKETS of the smallest bound at or above the
    # job's seconds (len(JOB_BUCKETS): above them all); 0 for a plain counter
    bucket = models.PositiveSmallIntegerField(default=0)
    count = models.BigIntegerField(default=0)
    seconds = models.FloatField(default=0)  # the histogram's sum

    class Meta:
        verbose_name = _("số đếm của bản ghi đã xóa")
        verbose_name_plural = _("số đếm của bản ghi đã xóa")
        constraints = [models.UniqueConstraint(fields=["metric", "task", "status", "bucket"],
                                               name="carried_count_one_per_series")]

    def __str__(self):
        return f"{self.metric}{{{self.task} {self.status} {self.bucket}}} {self.count}"
