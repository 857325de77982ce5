"""The full demo for the backup test, and what a restore must give back, in a process of its own.

    DATABASE_URL=... MEDIA_ROOT=... python tests/reliability/_demo.py <command>

Commands (each prints one JSON line last):
  demo    ``manage.py load_demo`` (its decisions: scans of paper originals, and one signed under the demo's CA,
          whose root it writes to SIGNATURE_DEMO_ROOT: run it with DEBUG=True), then evidence files on the
          demo's open dossiers, an appraisal report digitally signed (a throwaway root, written to
          SIGNATURE_TRUST_ROOTS, and a signer under it: tests/signers.py) and a national Excel export stored by
          its task (all through the services)
  kept    the signed documents and the stored exports: each file's path and SHA-256 (and a signed file's
          SHA-256 as its row recorded it at upload, its document and path: electronic or paper)
  tables  every table of the database: its row count and a checksum of its rows
  files   every file under MEDIA_ROOT: its SHA-256
  pages   a decided dossier's page and its decision's PDF, as the national staff reads them: SHA-256 of each
          (the page without its per-request CSRF token and CSP nonce; the PDF without its creation time)
"""

import hashlib
import json
import os
import re
import sys
from pathlib import Path


def _setup():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()


def demo():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from accounts.models import Role, User
    from assessments import services
    from assessments.models import Assessment, Evidence
    from tests import factories
    from tests.samples import pdf_bytes, png_bytes

    call_command("load_demo", stdout=open(os.devnull, "w"))
    for a in Assessment.objects.filter(status__in=[Assessment.Status.DRAFT, Assessment.Status.RETURNED]).order_by("pk"):
        officer = User.objects.filter(unit_id=a.commune_id, role=Role.COMMUNE_OFFICER).order_by("pk").first()
        if officer is None:
            continue
        for score, data, name in zip(a.scores.order_by("criterion__number")[:2], (pdf_bytes(2), png_bytes()),
                                     ("Biên bản họp.pdf", "Ảnh sân chơi.png")):
            services.evidence_add(by=officer, score_id=score.pk, seen_version=factories.seen(score),
                                  upload=SimpleUploadedFile(name, data))
    return {"evidence": Evidence.objects.count(), "assessments": Assessment.objects.count(), **signed_and_exported()}


def signed_and_exported():
    """Besides load_demo's own decisions (three kept as scans of paper originals, one signed under the demo's CA,
    whose root load_demo writes to SIGNATURE_DEMO_ROOT): an appraisal report signed under a throwaway root the app
    trusts (written to SIGNATURE_TRUST_ROOTS: tests/signers.py), recorded as the issuing unit records it; and a
    national Excel export stored by its task."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from accounts.models import User
    from assessments import permissions
    from assessments import signing as record
    from assessments.models import Assessment, Round, SignedDocument
    from reports import jobs
    from reports.models import ExportJob
    from reports.scope import Scope
    from tests import signers

    root = signers.make_root()
    root.write_to(Path(settings.SIGNATURE_TRUST_ROOTS))
    a = Assessment.objects.filter(decision__isnull=False).order_by("pk").first()
    issuer = next(u for u in User.objects.filter(is_active=True).order_by("pk")
                  if permissions.may_sign_document(u, a, "appraisal"))
    report = record.prepare(by=issuer, document="appraisal", assessment=a)
    record.signed_document_upload(by=issuer, document="appraisal", assessment=a,
                                  upload=SimpleUploadedFile("bao-cao-tham-dinh-da-ky.pdf",
                                                            signers.sign(report, signers.make_signer(root)),
                                                            "application/pdf"))

    national = User.objects.get(username="trunguong")
    year = Round.objects.order_by("-year").values_list("year", flat=True).first()
    with transaction.atomic():  # the task runs once the row is committed (the tests' immediate backend)
        job = jobs.export_request(by=national, scope=Scope(national, year, None), format="xlsx")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, (job.status, job.error)
    return {"signed": SignedDocument.objects.count(), "exports": ExportJob.objects.exclude(file="").count()}


def kept():
    from assessments.models import SignedDocument
    from reports.models import ExportJob

    def sha(field):
        with field.open("rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    return {
        "signed": [[row.file.name, sha(row.file), row.sha256, row.document, row.path]
                   for row in SignedDocument.objects.order_by("pk")],
        "exports": [[job.file.name, sha(job.file), job.status]
                    for job in ExportJob.objects.exclude(file="").order_by("pk")],
    }


def tables():
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(tuple(_plain(v) for v in row)) for row in cursor.fetchall())
            out[table] = [len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()]
    return out


def _plain(value):
    """One spelling of a value whichever driver read it (a memoryview and bytes are the same bytes)."""
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def files():
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def pages():
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from assessments.models import Assessment

    a = Assessment.objects.filter(decision__isnull=False).order_by("pk").first()
    c = Client(SERVER_NAME="localhost")  # a host of ALLOWED_HOSTS
    c.force_login(User.objects.get(username="trunguong"))
    page = c.get(reverse("assessments:detail", args=[a.pk]))
    pdf = c.get(reverse("assessments:decision_pdf", args=[a.decision_id]))
    assert page.status_code == 200 and pdf.status_code == 200, (page.status_code, pdf.status_code)
    html = page.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
    html = re.sub(r'nonce="[^"]+"', "nonce", html)
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    body = re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", rb"/\1 ()", body)
    return {"dossier": a.pk, "decision": a.decision_id, "page": hashlib.sha256(html.encode()).hexdigest(),
            "page_bytes": len(html), "pdf": hashlib.sha256(body).hexdigest(), "pdf_bytes": len(body),
            "names": [a.commune.name, a.decision.number]}


COMMANDS = {"demo": demo, "kept": kept, "tables": tables, "files": files, "pages": pages}

if __name__ == "__main__":
    _setup()
    print(json.dumps(COMMANDS[sys.argv[1]](), ensure_ascii=False, default=str))
