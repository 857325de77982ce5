"""A document of a year names the units of that year (issue 20): Sa Pa's 2017 dossier is the one of
"thị trấn Sa Pa, huyện Sa Pa", though the unit list (a 2025 snapshot) calls them "Phường Sa Pa" and
"Thị xã Sa Pa"; from 2020 (Nghị quyết 767/NQ-UBTVQH14) the same units print their new names."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from assessments import documents
from assessments.models import Assessment, Decision
from communes.models import Kind, Level
from communes.unit_changes import import_changes
from tests import factories

SA_PA = Path(settings.BASE_DIR) / "fixtures" / "unit_changes" / "nq_767_2019_sa_pa.csv"


@pytest.fixture
def sa_pa(units, make_unit, standards):
    """Lào Cai's Sa Pa as the 2025 snapshot has it, with the shipped NQ 767 rows of its two units loaded."""
    district = make_unit("Thị xã Sa Pa", "088", Level.DISTRICT, Kind.TOWN, units.province)
    ward = make_unit("Phường Sa Pa", "03001", Level.COMMUNE, Kind.WARD, district)
    lines = SA_PA.read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines[1:] if line.split(",")[1] in ("088", "03001")]
    result = import_changes("\n".join([lines[0], *rows]) + "\n")
    assert (result.problems, result.created) == ([], 2)
    return district, ward


def dossier(standard, province, ward, year):
    r = factories.RoundFactory(province=province, year=year, standard=standard)
    return factories.recorded_assessment(r, ward, Assessment.Status.APPRAISED)


def test_a_2017_dossier_names_the_township_and_the_rural_district(sa_pa, units, standards):
    _district, ward = sa_pa
    a = dossier(standards["34/2014/QĐ-TTg"], units.province, ward, 2017)
    letter = documents.request_letter_context(a)
    assert letter["commune_text"] == "thị trấn Sa Pa"
    assert letter["addressee"] == "Ủy ban nhân dân huyện Sa Pa"
    assert letter["issuer"] == "ỦY BAN NHÂN DÂN\nTHỊ TRẤN SA PA"
    report = documents.appraisal_report_context(a)
    assert report["parent_body"] == "UBND HUYỆN SA PA" and report["place"] == "Sa Pa"
    assert "thị trấn Sa Pa" in report["summary"]
    sheet = documents.score_sheet_context(a)
    assert (sheet["commune"].name, sheet["commune"].parent.name) == ("Thị trấn Sa Pa", "Huyện Sa Pa")


def test_a_2017_decision_lists_the_communes_by_their_names_of_then(sa_pa, units, standards):
    district, ward = sa_pa
    a = dossier(standards["34/2014/QĐ-TTg"], units.province, ward, 2017)
    d = Decision.objects.create(round=a.round, issuer=district, number="15/QĐ-UBND",
                                signed_on=datetime.date(2017, 12, 5), signer_name="A", signer_title="Chủ tịch")
    Assessment.objects.filter(pk=a.pk).update(decision=d, status=Assessment.Status.RECOGNISED)
    ctx = documents.decision_context(d)
    assert ctx["issuer"] == "ỦY BAN NHÂN DÂN\nHUYỆN SA PA"
    assert ctx["chairman"] == "Chủ tịch Ủy ban nhân dân huyện Sa Pa"
    assert [row["commune"].name for row in ctx["recognised"]] == ["Thị trấn Sa Pa"]


def test_a_2021_dossier_names_the_ward_and_the_town(sa_pa, units, standards):
    _district, ward = sa_pa
    a = dossier(standards["06/QĐ-TTg"], units.province, ward, 2021)
    letter = documents.request_letter_context(a)
    assert (letter["commune_text"], letter["addressee"]) == ("phường Sa Pa", "Ủy ban nhân dân thị xã Sa Pa")


def test_a_2017_district_report_is_headed_by_the_rural_district(sa_pa):
    from reports.documents import letterhead
    from reports.scope import Scope

    district, _ward = sa_pa
    today = datetime.date(2026, 12, 6)
    assert letterhead(Scope(None, 2017, district), today)["issuer"] == "ỦY BAN NHÂN DÂN\nHUYỆN SA PA"
    assert letterhead(Scope(None, 2021, district), today)["issuer"] == "ỦY BAN NHÂN DÂN\nTHỊ XÃ SA PA"


def test_the_2017_summary_lists_the_rural_district(sa_pa, units, standards, make_user):
    from reports import selectors
    from reports.scope import Scope

    _district, ward = sa_pa
    dossier(standards["34/2014/QĐ-TTg"], units.province, ward, 2017)
    user = make_user("provincial_staff", units.province)
    rows = selectors.summary(Scope(user, 2017, units.province), today=datetime.date(2026, 12, 6))["rows"]
    assert [row.label for row in rows] == ["Huyện Sa Pa", "Huyện Văn Bàn"]  # by code: 088, 089


def test_the_history_page_names_the_commune_of_each_year(client, sa_pa, units, standards, make_user):
    from django.urls import reverse

    _district, ward = sa_pa
    dossier(standards["34/2014/QĐ-TTg"], units.province, ward, 2017)
    dossier(standards["06/QĐ-TTg"], units.province, ward, 2021)
    client.force_login(make_user("provincial_staff", units.province))
    response = client.get(reverse("communes:history", args=[ward.pk]))
    text = " ".join(response.content.decode().split())
    assert '<td>2017 <small class="text-body-secondary">(Thị trấn Sa Pa)</small></td>' in text
    assert "<td>2021</td>" in text  # named as today: nothing added


def test_the_round_page_lists_the_communes_by_their_names_of_the_rounds_year(sa_pa, units, standards, client):
    from django.urls import reverse

    from tests.factories import ProvincialStaffFactory

    _district, ward = sa_pa
    a = dossier(standards["34/2014/QĐ-TTg"], units.province, ward, 2017)
    client.force_login(ProvincialStaffFactory(unit=units.province))
    page = client.get(reverse("assessments:round", args=[a.round.pk])).content.decode()
    row = next(r for r in page.split("<tr>") if f"/ho-so/{a.pk}/" in r).split("</tr>")[0]
    assert "Thị trấn Sa Pa" in row and "Huyện Sa Pa" in row
    assert "Phường Sa Pa" not in page  # the registrations list too
