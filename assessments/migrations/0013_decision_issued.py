"""A decision counts as issued (ban hành) once the record of its act is kept (assessments.signing.decision_issue_by):
its verified signed file, or, where its round takes the paper path, its scanned paper original.

Decisions recorded before this rule: one with its record already kept is issued by it, when it was uploaded;
one without, on a round that takes the paper path (its setting, and its province not requiring the electronic
path), counts as issued on its signing day, marked as recorded before the rule; one on an electronic-path round
waits for its verified signed file like a new one."""

import datetime
import zoneinfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def issued_before_the_rule(apps, schema_editor):
    Decision = apps.get_model("assessments", "Decision")
    SignedDocument = apps.get_model("assessments", "SignedDocument")
    ProvinceSigning = apps.get_model("assessments", "ProvinceSigning")
    required = set(ProvinceSigning.objects.filter(electronic_required=True).values_list("province_id", flat=True))
    records = {r.decision_id: r for r in SignedDocument.objects.filter(document="decision", decision__isnull=False)}
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for d in Decision.objects.select_related("round").order_by("pk").iterator():
        record = records.get(d.pk)
        if record is not None and (record.path == "paper" or record.verified_at is not None):
            how = "paper" if record.path == "paper" else "electronic"  # a signed file is kept only once verified
            d.issued_at, d.issued_path, d.issued_record = record.uploaded_at, how, record
        elif d.round.signing_path == "paper" and d.round.province_id not in required:
            d.issued_at = datetime.datetime.combine(d.signed_on, datetime.time(0), tzinfo=zone)
            d.issued_path, d.issued_record = "before_rule", None
        else:
            continue
        d.save(update_fields=["issued_at", "issued_path", "issued_record"])


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0012_signed_documents'),
        ('communes', '0007_unit_search_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='decision',
            name='issued_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='thời điểm ban hành'),
        ),
        migrations.AddField(
            model_name='decision',
            name='issued_path',
            field=models.CharField(blank=True, choices=[('electronic', 'Văn bản điện tử ký số đã xác thực'), ('paper', 'Bản chụp của bản gốc giấy'), ('before_rule', 'Ghi nhận trước quy định ban hành (tính từ ngày ký)')], max_length=12, verbose_name='ban hành bằng'),
        ),
        migrations.AddField(
            model_name='decision',
            name='issued_record',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='assessments.signeddocument', verbose_name='văn bản ghi nhận ban hành'),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='issued_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='thời điểm ban hành'),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='issued_path',
            field=models.CharField(blank=True, choices=[('electronic', 'Văn bản điện tử ký số đã xác thực'), ('paper', 'Bản chụp của bản gốc giấy'), ('before_rule', 'Ghi nhận trước quy định ban hành (tính từ ngày ký)')], max_length=12, verbose_name='ban hành bằng'),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='issued_record',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assessments.signeddocument', verbose_name='văn bản ghi nhận ban hành'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('issued_at__isnull', True), ('issued_path', '')), models.Q(('issued_at__isnull', False), models.Q(('issued_path', ''), _negated=True)), _connector='OR'), name='decision_issued_when_and_how'),
        ),
        # after the constraint: on PostgreSQL no table is altered once rows changed in this transaction
        migrations.RunPython(issued_before_the_rule, migrations.RunPython.noop),
    ]
