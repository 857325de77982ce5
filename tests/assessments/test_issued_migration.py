"""Decisions recorded before the rule "issued when its record is kept" (migration 0013, issue 24), migrated for real:
the database is taken back to 0012 with its rows, then forward again.

On a round that takes the paper path (its setting, its province not requiring the electronic path) a decision
without a record counts as issued on its signing day, marked as recorded before the rule; one whose signed file or
scanned original was already kept is issued by it, when it was kept; on an electronic-path round, or where the
province requires the electronic path, a decision without a verified signed file waits for it like a new one."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assessments.models import Decision, ProvinceSigning, Round, SignedDocument
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)  # migrations run outside a test's transaction
BEFORE = [("assessments", "0012_signed_documents")]
DAY = dt.date(2024, 12, 5)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def decision(round_, issuer, number):
    return Decision.objects.create(round=round_, issuer=issuer, number=number, signed_on=DAY,
                                   signer_name="Đỗ Văn Quang", signer_title="Phó Chủ tịch")


def kept(d, path, verified=False):
    return SignedDocument.objects.create(decision=d, document="decision", path=path, file="signed/decision/x.pdf",
                                         original_name="qd.pdf", size=10, sha256="0" * 64,
                                         verified_at=timezone.now() if verified else None)


def test_decisions_recorded_before_the_rule_are_issued_as_the_rule_says(workflow):
    w, units = workflow, workflow.units
    paper = w.round  # Lào Cai 2024: the paper path (the default)
    electronic = factories.RoundFactory(province=units.province, year=2023, standard=w.standard,
                                        opened_by=w.province_staff, signing_path=Round.SigningPath.ELECTRONIC)
    required = factories.RoundFactory(province=units.other_province, year=2024, standard=w.standard,
                                      opened_by=factories.ProvincialStaffFactory(unit=units.other_province))
    ProvinceSigning.objects.create(province=units.other_province, electronic_required=True)
    before_rule = decision(paper, units.district, "1/QĐ-UBND")
    scanned = decision(paper, units.district, "2/QĐ-UBND")
    scan = kept(scanned, "paper")
    waiting = decision(electronic, units.district, "3/QĐ-UBND")
    in_required = decision(required, units.other_district, "4/QĐ-UBND")
    signed = decision(electronic, units.district, "5/QĐ-UBND")
    signature = kept(signed, "electronic", verified=True)

    try:
        migrate(BEFORE)  # back to 1.0.0's schema, the rows kept (the new columns dropped)
    finally:
        migrate(leaves())  # forward again: the data migration runs (and the test database is at the code's schema)

    got = {d.number: (d.issued_path, d.issued_record_id, d.issued_at) for d in Decision.objects.all()}
    midnight = dt.datetime.combine(DAY, dt.time(0), tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert got["1/QĐ-UBND"] == (Decision.IssuedBy.BEFORE_RULE, None, midnight)
    assert got["2/QĐ-UBND"] == (Decision.IssuedBy.PAPER, scan.pk, scan.uploaded_at)
    assert got["3/QĐ-UBND"] == ("", None, None)
    assert got["4/QĐ-UBND"] == ("", None, None)
    assert got["5/QĐ-UBND"] == (Decision.IssuedBy.ELECTRONIC, signature.pk, signature.uploaded_at)
    assert {before_rule.pk, scanned.pk, signed.pk} == set(Decision.objects.filter(issued_at__isnull=False)
                                                             .values_list("pk", flat=True))
    assert waiting.pk and in_required.pk
