"""The threshold follows the commune's tier in force in the round's year; a round does not open while
one of its communes has none, and the refusal lists them."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from assessments import services
from assessments.models import Round
from communes.models import Tier, UnitTier
from tests.factories import full_points

pytestmark = pytest.mark.django_db

DECISION = "Quyết định số 12/QĐ-UBND ngày 05/01/2016 của UBND tỉnh Lào Cai (kiểm thử)"


def open_round(by, province, standard, year=2024):
    return services.round_open(
        by=by, province=province, year=year, standard=standard,
        period_start=datetime.date(year - 1, 11, 1), period_end=datetime.date(year, 10, 31),
        submission_due=datetime.date(year, 11, 15), appraisal_due=datetime.date(year, 11, 30),
        decision_due=datetime.date(year, 12, 10), report_due=datetime.date(year, 12, 10))


def test_a_round_is_refused_while_a_commune_has_no_tier_and_the_refusal_lists_them(standards, units, make_user):
    staff = make_user(Role.PROVINCIAL_STAFF, units.province)
    units.commune.tiers.all().delete()
    # Võ Lao's tier ended before the round's year: it has none for 2024 either
    units.neighbour.tiers.update(valid_to=datetime.date(2023, 12, 31))
    with pytest.raises(services.MissingTiers) as refused:
        open_round(staff, units.province, standards["06/QĐ-TTg"])
    assert refused.value.messages == [
        "Không thể mở đợt đánh giá năm 2024: 2 đơn vị cấp xã chưa có nhóm ngưỡng công nhận áp dụng trong "
        "năm 2024 (nạp danh sách của tỉnh bằng lệnh import_tiers, xem README):",
        "Thị trấn Khánh Yên (mã 03055, Huyện Văn Bàn)",
        "Xã Võ Lao (mã 03061, Huyện Văn Bàn)",
    ]
    assert not Round.objects.exists()
    # once the province's list covers 2024 the round opens
    for unit in (units.commune, units.neighbour):
        UnitTier.objects.create(unit=unit, tier=Tier.REMOTE, valid_from=datetime.date(2024, 1, 1), source=DECISION)
    assert open_round(staff, units.province, standards["06/QĐ-TTg"]).year == 2024


def test_the_round_page_lists_the_communes_without_a_tier(client, standards, units, make_user):
    staff = make_user(Role.PROVINCIAL_STAFF, units.province)
    units.neighbour.tiers.all().delete()
    client.force_login(staff)
    response = client.post(reverse("assessments:round_new"), {
        "year": 2024, "standard": standards["06/QĐ-TTg"].pk, "period_start": "01/11/2023",
        "period_end": "31/10/2024", "submission_due": "15/11/2024", "appraisal_due": "30/11/2024",
        "decision_due": "10/12/2024", "report_due": "10/12/2024"})
    assert response.status_code == 200
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown[0].startswith("Không thể mở đợt đánh giá năm 2024: 1 đơn vị cấp xã chưa có nhóm ngưỡng")
    assert shown[1:] == ["Xã Võ Lao (mã 03061, Huyện Văn Bàn)"]
    assert "Xã Võ Lao (mã 03061, Huyện Văn Bàn)" in response.content.decode()
    assert not Round.objects.exists()


def test_a_long_list_is_cut_with_a_count(standards, units, make_user, make_unit):
    from communes.models import Kind, Level

    for i in range(services.TIER_LIST_LIMIT + 3):
        make_unit(f"Xã Thử {i:02d}", f"09{i:03d}", Level.COMMUNE, Kind.COMMUNE, units.district).tiers.all().delete()
    with pytest.raises(ValidationError) as refused:
        open_round(make_user(Role.PROVINCIAL_STAFF, units.province), units.province, standards["06/QĐ-TTg"])
    assert len(refused.value.messages) == 1 + services.TIER_LIST_LIMIT + 1
    assert refused.value.messages[-1] == "… và 3 đơn vị khác."


def test_the_threshold_is_the_tier_of_the_round_year(workflow):
    """06/2019: 820 points recognise a mountain commune (≥800), not an "other" one (≥850)."""
    w = workflow
    points = full_points(w.standard, tc6=25, tc1=20)  # 1,000 − 100 − 80 = 820, no criterion at 0
    assert sum(points.values()) == 820
    verdicts = {}
    for commune, officer in ((w.units.neighbour, w.neighbour_officer), (w.units.commune, w.officer)):
        a = services.assessment_start(by=officer, round=w.round, commune=commune)
        services.scores_save(by=officer, assessment_id=a.pk, seen_version=a.version, points=points)
        a.refresh_from_db()
        verdicts[commune.name] = (a.tier, a.final_total, a.meets_standard)
    assert verdicts == {"Xã Võ Lao": (Tier.REMOTE, 820, True), "Thị trấn Khánh Yên": (Tier.OTHER, 820, False)}


def test_a_tier_that_changed_in_the_year_counts_as_it_stood_last(workflow):
    w = workflow
    commune = w.units.commune
    commune.tiers.update(valid_to=datetime.date(2024, 3, 31))
    UnitTier.objects.create(unit=commune, tier=Tier.REMOTE, valid_from=datetime.date(2024, 4, 1), source=DECISION)
    a = services.assessment_start(by=w.officer, round=w.round, commune=commune)
    assert a.tier == Tier.REMOTE


def test_a_commune_without_a_tier_cannot_start_its_dossier(workflow):
    w = workflow
    w.units.commune.tiers.all().delete()  # e.g. removed after the round opened
    with pytest.raises(services.MissingTiers, match="Thị trấn Khánh Yên"):
        services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
