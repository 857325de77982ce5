"""load_demo: real units, both standards, a user per role, assessments at every stage; twice is once."""

import datetime

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from assessments.models import Assessment, Decision, Score

pytestmark = pytest.mark.django_db(transaction=True)


def counts():
    return (User.objects.count(), Assessment.objects.count(), Score.objects.count(), Decision.objects.count())


def test_load_demo_loads_every_role_and_stage_and_is_idempotent(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    first = counts()
    assert "demo@2024" in out and f"load_demo: {User.objects.count()} users ready" in out
    # every demo user on a line of its own with what it does (accounts.help), every sector appraiser included
    from accounts.help import DUTIES

    lines = out.splitlines()
    for user in User.objects.all():
        assert any(line.split()[0] == user.username and line.endswith(f" — {DUTIES[user.role]}")
                   for line in lines if line.startswith("  ")), user.username
    appraisers = User.objects.filter(role=Role.SECTOR_APPRAISER)
    assert {"nganh.education", "nganh.culture", "nganh.justice", "nganh.police"} <= set(
        appraisers.values_list("username", flat=True))
    assert "  so.treem.bacninh " in out and "ngành Y tế — Thẩm định các tiêu chí" in out
    # each appraiser's sector as named in its period: Lục Nam's office appraised in 2024, under LĐTBXH
    by_user = {line.split()[0]: line for line in lines if line.startswith("  ")}
    assert "Huyện Lục Nam, ngành Lao động - Thương binh và Xã hội — " in by_user["nganh.ldtbxh"]
    assert "Tỉnh Bắc Ninh, ngành Y tế — " in by_user["so.treem.bacninh"]
    assert "Tỉnh Bắc Giang, ngành Lao động - Thương binh và Xã hội — " in by_user["so.ldtbxh.bacgiang"]
    assert "Huyện Lục Nam, ngành Y tế — " in by_user["nganh.yte"]  # the health sector is Y tế in every period
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    statuses = set(Assessment.objects.filter(round__year=2024).values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "accepted", "appraised", "recognised", "not_recognised"}
    assert Assessment.objects.get(round__year=2024, commune__name="Xã Cẩm Lý").status == "not_recognised"

    # every demo round opened: each of its communes has a tier for the round's year, from the shipped lists
    from assessments.models import Round
    from communes.models import Level, Tier, Unit, UnitTier
    from communes.selectors import communes_without_tier

    rounds = list(Round.objects.select_related("province"))
    assert sorted((r.province.name, r.year) for r in rounds) == [
        ("Tỉnh Bắc Giang", 2022), ("Tỉnh Bắc Giang", 2023), ("Tỉnh Bắc Giang", 2024), ("Tỉnh Bắc Ninh", 2025),
        ("Tỉnh Bắc Ninh", 2026)]
    assert all(communes_without_tier(r.province, r.year) == [] for r in rounds)
    assert set(Assessment.objects.values_list("tier", flat=True)) == {Tier.OTHER}  # the illustrative list
    assert set(UnitTier.objects.filter(unit__parent__name="Huyện Lục Nam").values_list("source", flat=True)) == {
        "MINH HỌA cho bản demo, không phải danh sách chính thức: chưa đối chiếu danh sách xã miền núi, đặc biệt "
        "khó khăn của tỉnh"}
    lao_cai = Unit.objects.filter(level=Level.COMMUNE, path__startswith=Unit.objects.get(
        level=Level.PROVINCE, code="10").path)
    assert lao_cai.count() > 100
    assert set(UnitTier.objects.filter(unit__in=lao_cai).exclude(unit__kind="phuong")
               .values_list("tier", flat=True)) == {Tier.REMOTE}
    # a ward is never in the 800-point group (issue 20): Sa Pa's are remote only while they were xã, until 2019
    assert set(UnitTier.objects.filter(unit__in=lao_cai, unit__kind="phuong", tier=Tier.REMOTE)
               .values_list("valid_to", flat=True)) == {datetime.date(2019, 12, 31)}
    assert not lao_cai.exclude(tiers__isnull=False).exists()
    zones = UnitTier.objects.filter(unit__kind="dac_khu")
    assert (zones.count(), set(zones.values_list("tier", flat=True))) == (13, {Tier.REMOTE})
    hoan_kiem = UnitTier.objects.get(unit__name="Phường Hoàn Kiếm", unit__valid_to__isnull=True)
    assert (hoan_kiem.tier, str(hoan_kiem.valid_from)) == (Tier.CITY_WARD, "2025-07-01")
    tiers = list(UnitTier.objects.order_by("pk").values())
    bac_ninh_after_the_reform(Round.objects.get(province__name="Tỉnh Bắc Ninh", year=2026))
    the_merged_commune_carries_its_predecessors()

    call_command("load_demo")
    assert counts() == first
    users_said = out[out.index("Tài khoản mẫu"):]
    assert capsys.readouterr().out.endswith(users_said)  # the same users, said the same way
    assert list(UnitTier.objects.order_by("pk").values()) == tiers


def bac_ninh_after_the_reform(r26):
    """The two-tier province: its own users at the province, dossiers at every stage in 2025 and 2026,
    each act dated in its round's year, and a department named for every criterion."""
    from assessments.models import Transition
    from criteria.selectors import owner_map

    province = r26.province
    at_province = dict(User.objects.filter(unit=province).values_list("username", "role"))
    assert {role for role in at_province.values()} == {
        Role.PROVINCIAL_STAFF, Role.DISTRICT_OFFICER, Role.SECTOR_APPRAISER, Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR}
    assert set(User.objects.filter(unit=province, role=Role.SECTOR_APPRAISER).values_list("sector__code", flat=True)) \
        == {"labour", "health", "education", "police", "justice", "culture"}
    assert User.objects.filter(role=Role.COMMUNE_OFFICER, unit__parent=province).count() == 6
    owners = owner_map(r26.standard, province.code)
    assert set(owners) == set(range(1, 14))
    from criteria.models import Ownership

    assert Ownership.objects.filter(province_code=province.code, lead=True).count() == 13
    stages = {(a.round.year, a.status) for a in Assessment.objects.filter(round__province=province)
              .select_related("round")}
    assert stages == {(2025, "recognised"), (2025, "not_recognised"), (2026, "draft"), (2026, "submitted"),
                      (2026, "returned"), (2026, "accepted"), (2026, "appraised")}
    decision = Decision.objects.get(round__province=province)
    assert (decision.issuer, decision.number, str(decision.signed_on)) == (province, "3120/QĐ-UBND", "2025-11-26")
    # issued on the electronic path (issue 24): signed under the demo's own CA, verified as an office's file is
    record = decision.issued_record
    assert decision.issued_path == Decision.IssuedBy.ELECTRONIC and record.is_electronic
    assert (record.signer_name, record.organisation, len(record.signatures)) == (
        "Mai Sơn", "UBND tỉnh Bắc Ninh", 2)
    assert "Demo Root CA" in record.cert_issuer and record.verified_at is not None
    # Lục Nam's decisions (2022-2024) on the paper path, by their scanned original
    assert set(Decision.objects.exclude(pk=decision.pk).values_list("issued_path", flat=True)) == {
        Decision.IssuedBy.PAPER}
    days = Transition.objects.filter(assessment__round__province=province).values_list(
        "assessment__round__year", "acted_on")
    assert days and all(day.year == year for year, day in days)
    # what the README says each of the province's users can try has a move waiting for them
    from assessments.permissions import available_moves

    def moves(username, commune):
        a = Assessment.objects.get(round=r26, commune__name=commune)
        return [m.name for m in available_moves(a, User.objects.get(username=username))]

    assert moves("tiepnhan.bacninh", "Phường Chũ") == ["accept", "return"]
    assert moves("tiepnhan.bacninh", "Phường Kinh Bắc") == ["complete_appraisal"]
    assert moves("so.treem.bacninh", "Phường Kinh Bắc") == ["appraise"]
    assert moves("chutich.bacninh", "Phường Bắc Giang") == ["recognise", "not_recognise"]
    assert moves("phuong.tuson", "Phường Từ Sơn") == ["submit"]
    assert moves("hoidong.bacninh", "Phường Bắc Giang") == []


def the_merged_commune_carries_its_predecessors():
    """Xã Đông Phú (Bắc Ninh) was formed from Lục Nam's Đông Hưng and Đông Phú, recognised 2022–2024: load_demo
    loads the reform's links itself, and the history, the run of years and the 2025 counts cross the reform."""
    from assessments.history import recognition_history
    from communes.models import Unit, UnitLink
    from reports import selectors
    from reports.scope import Scope

    dong_phu = Unit.objects.get(name="Xã Đông Phú", valid_to__isnull=True)
    assert {link.predecessor.name for link in UnitLink.objects.filter(successor=dong_phu)} == {
        "Xã Đông Hưng", "Xã Đông Phú"}
    assert [(y["year"], y["recognised"]) for y in recognition_history(dong_phu)["years"]] == [
        (2025, True), (2024, True), (2023, True), (2022, True)]
    scope = Scope(User.objects.get(username="tinh.bacninh"), 2025, dong_phu.parent)
    assert [(h["name"], h["run"]) for h in selectors.holders(scope)] == [("Xã Đông Phú", 4)]
    total = selectors.summary(scope)["total"]
    assert (total.recognised, total.newly, total.lost, total.previously) == (4, 3, 0, 1)  # Đông Phú is not new
