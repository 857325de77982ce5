"""The dossier PDFs of a whole round in one ZIP, for the recognising unit: an export job like the
others (reports.jobs: queued, run by a worker, status page, download, pruned after a week).

Each dossier the user may see gets a folder with the documents its stage has (assessments.documents:
request letter, score sheet, council minutes, appraisal report once appraised), and each decision of
the round its PDF, rendered by WeasyPrint exactly as the dossier page serves them one by one.
"""

import zipfile

from django.utils.translation import gettext as _

from assessments import documents
from assessments.models import Assessment, Decision, Round
from core.pdf import render_pdf
from reports.models import ExportJob


def bundle_request(*, by, round_):
    """Record a ZIP of ``round_``'s dossiers for ``by`` and queue it once the row is committed."""
    from reports import jobs

    return jobs.export_create(
        by=by, format=ExportJob.Format.ZIP, params={"round": round_.pk},
        title=_("Hồ sơ đợt đánh giá năm %(y)s - %(p)s") % {"y": round_.year, "p": round_.province})


def write_zip(user, round_id, path, *, progress=None):
    """Write the ZIP to ``path``; the number of PDFs in it."""
    round_ = Round.objects.visible_to(user).select_related("province", "standard").get(pk=round_id)
    dossiers = list(Assessment.objects.visible_to(user).filter(round=round_)
                    .select_related("commune", "round").order_by("commune__code"))
    count = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for done, a in enumerate(dossiers, start=1):
            folder = f"{a.commune.code}-{documents.ascii_slug(a.commune.name)}"
            for slug, document in documents.DOCUMENTS.items():
                if document.ready(a):
                    context = documents.heading_applied(document.build(a), document=slug, assessment=a)
                    pdf = render_pdf(document.template, context)
                    z.writestr(f"{folder}/{documents.filename_for(document, a)}", pdf)
                    count += 1
            if progress:
                progress(done, len(dossiers) + 1)
        for d in Decision.objects.filter(assessments__in=dossiers).distinct().order_by("pk"):
            context = documents.heading_applied(documents.decision_context(d), document="decision", decision=d)
            z.writestr(f"quyet-dinh/{documents.decision_filename(d)}",
                       render_pdf("documents/assessments/decision.html", context))
            count += 1
    return count
