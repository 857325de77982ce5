"""``python manage.py verify_signatures``: the archive check of the digitally signed documents.

Verifies every stored signed file again (assessments.signing.reverify: core.signing.verify against the trust
roots configured now, SIGNATURE_TRUST_ROOTS), e.g. after the roots changed, and reports each file that no
longer verifies with the reason. It changes nothing: no row, no file, not even the stored result's date.
Scanned paper originals have no signature to check and are counted apart.
"""

from django.core.management.base import BaseCommand

from assessments.models import SignedDocument
from assessments.signing import SIGNABLE, reverify
from core import signing


def _name(row) -> str:
    label = SIGNABLE[row.document].label if row.document in SIGNABLE else row.document
    if row.decision_id:
        return f"{label} {row.decision.number} ({row.decision.issuer})"
    return f"{label} – hồ sơ {row.assessment_id} ({row.assessment.commune}, {row.assessment.round.year})"


class Command(BaseCommand):
    help = "Xác thực lại các văn bản ký số đã lưu (không thay đổi gì) và báo cáo văn bản không còn xác thực được"

    def handle(self, **options):
        roots = signing.configured_roots()
        rows = (SignedDocument.objects.select_related("decision__issuer", "assessment__commune",
                                                      "assessment__round").order_by("pk"))
        valid = invalid = paper = 0
        for row in rows.iterator():
            if not row.is_electronic:
                paper += 1
                continue
            result = reverify(row, roots=roots)
            if isinstance(result, signing.Refusal):
                invalid += 1
                self.stdout.write(f"Không còn xác thực: {_name(row)}, ký bởi {row.signer_name} – {result.message}")
            else:
                valid += 1
        self.stdout.write(f"Đã kiểm tra {valid + invalid} văn bản ký số với {len(roots)} chứng thư gốc: "
                          f"{valid} hợp lệ, {invalid} không còn xác thực; {paper} bản chụp bản giấy không có chữ ký "
                          f"số. Không thay đổi gì.")
