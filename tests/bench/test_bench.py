"""manage.py bench at a small scale: the data it builds, the equality check, the bench line."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

BENCH_LINE = re.compile(
    r"bench: summary_ratio=(\d+\.\d+) criteria_ratio=(\d+\.\d+) trend_ratio=(\d+\.\d+) "
    r"excel_ratio=(\d+\.\d+) naive_speedup=(\d+\.\d+) entry_queries=(\d+)"
    r" api_list_ratio=(\d+\.\d+) api_summary_ratio=(\d+\.\d+)")  # the API's (issue 26), appended


@pytest.mark.django_db
def test_bench_checks_the_three_paths_and_prints_the_bench_line_last():
    out, err = StringIO(), StringIO()
    call_command("bench", scale="small", repeat=1, stdout=out, stderr=err)  # 300 communes, 3 provinces, 3 rounds

    log = err.getvalue()
    for op in ("summary", "province", "criteria", "trend", "excel", "decisions"):
        assert re.search(rf"^  {op} checked: naive [\d.]+ ms \(the 3 paths agree\)$", log, re.M), op
        assert re.search(rf"^  {op} 1/1: product [\d.]+ ms, floor [\d.]+ ms$", log, re.M), op
    assert "300 communes, 9 rounds, 900 assessments, 13500 scores" in log
    lines = out.getvalue().strip().splitlines()
    match = BENCH_LINE.fullmatch(lines[-1])
    assert match, lines[-1]
    ratios = [float(x) for x in match.groups()[:5]]
    assert all(r > 0 for r in ratios)
    assert int(match.group(6)) > 0
    assert float(match.group(7)) > 0 and float(match.group(8)) > 0
    for op in ("api_list", "api_summary"):  # the API against the selector its page calls, numbers checked equal
        assert re.search(rf"^  {op} checked \(the 2 paths agree\)$", log, re.M), op
    from api.models import ApiKey

    assert not ApiKey.objects.exists()  # the bench's key is gone with its data
    table = "\n".join(lines)
    assert "Tổng hợp toàn quốc theo tỉnh" in table and "Trang chấm điểm của một xã" in table
    # the fixed cost of a signed-in page, beside the two pages whose floors are a few ms (issue 23)
    assert re.search(r"^  frame 1/1: product [\d.]+ ms$", log, re.M)
    assert re.search(r"^Khung trang \(hướng dẫn, đã đăng nhập\) +[\d.]+ +— +— +— +— +\d+$", table, re.M)


@pytest.mark.django_db
def test_dropping_the_bench_data_leaves_the_units_it_did_not_create(make_unit):
    from accounts.models import User
    from assessments.models import Assessment, Decision, Registration, Round, Score
    from bench import data
    from communes.models import Kind, Level, Unit

    # Hà Nội was there before the benchmark (imported by import_units): it must stay
    hanoi = make_unit("Thành phố Hà Nội", "01", Level.PROVINCE, Kind.CENTRAL_CITY, valid_from=datetime.date(2008, 8, 1),
                      valid_to=datetime.date(2025, 6, 30))
    world = data.build(data.Plan(communes=40, provinces=2, rounds=2))
    assert hanoi.pk in world.province_ids and hanoi.pk not in world.created_unit_ids
    assert data.find(data.Plan(communes=40, provinces=2, rounds=2)).province_ids == world.province_ids
    assert data.find(data.Plan(communes=41, provinces=2, rounds=2)) is None  # another shape is not reused

    data.drop(world)
    for model in (Score, Assessment, Registration, Decision, Round):
        assert not model.objects.exists(), model
    assert not User.objects.filter(username__startswith="bench_").exists()
    assert list(Unit.objects.all()) == [hanoi]


@pytest.mark.django_db
def test_bench_data_carries_the_verdict_of_the_rule_and_a_spread_of_outcomes():
    from assessments.models import Assessment
    from bench import data
    from criteria.rules import judge, load_rules

    world = data.build(data.Plan(communes=60, provinces=2, rounds=3))
    standard_rules = load_rules(data.STANDARD)
    assessments = list(Assessment.objects.filter(round__opened_by__username=data.RUNNER)
                       .prefetch_related("scores__criterion"))
    assert len(assessments) == 180 and world.counts()["scores"] == 180 * 15
    for a in assessments:
        final = {s.criterion.number: s.final_points for s in a.scores.all()}
        verdict = judge(standard_rules, a.tier, final)
        assert len(final) == 15 and None not in final.values()
        assert (a.final_total, a.meets_standard) == (verdict.total, verdict.recognised)
        assert a.zero_criteria == sum(1 for p in final.values() if p == Decimal(0))
        assert a.self_total == sum(s.points for s in a.scores.all())
        if a.status == Assessment.Status.RECOGNISED:
            assert a.meets_standard and a.decision_id
    statuses = {a.status for a in assessments}
    assert {Assessment.Status.RECOGNISED, Assessment.Status.NOT_RECOGNISED} <= statuses
    assert any(a.zero_criteria for a in assessments) and any(a.meets_standard for a in assessments)


def test_a_disagreement_stops_the_benchmark_before_any_time():
    from bench import harness

    op = harness.Operation("summary", "", harness.Path(run=lambda: None))
    same = {7: (10, 9, 9, 8, 5, 1, 0, 4, 0)}
    harness._check(op, {"product": same, "floor": dict(same), "naive": dict(same)})
    with pytest.raises(harness.Mismatch, match=r"the naive path and the floor disagree at 7"):
        harness._check(op, {"product": same, "floor": same, "naive": {7: (10, 9, 9, 8, 6, 1, 0, 4, 0)}})
    with pytest.raises(harness.Mismatch, match="no numbers"):
        harness._check(op, {"product": {}, "floor": {}})


def test_the_plan_takes_real_units_first_then_synthetic_communes():
    from bench import data
    from communes.models import Level

    rows = data.choose_rows(data.Plan())  # the national scale of issue 7
    by_level = {level: [r for r in rows if r.level == level] for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)}  # noqa: E501
    communes = by_level[Level.COMMUNE]
    synthetic = [c for c in communes if c.code.startswith("B")]
    assert (len(by_level[Level.PROVINCE]), len(by_level[Level.DISTRICT]), len(communes)) == (63, 691, 10_600)
    assert len(synthetic) == 10_600 - 10_051 and all(c.name.startswith(data.SYNTHETIC) for c in synthetic)
    assert {c.parent_code for c in communes} <= {d.code for d in by_level[Level.DISTRICT]}
    assert [r.name for r in by_level[Level.PROVINCE][:2]] == ["Thành phố Hà Nội", "Tỉnh Hà Giang"]

    small = data.choose_rows(data.Plan(communes=300, provinces=3))
    assert sum(r.level == Level.COMMUNE for r in small) == 300
    assert not any(r.code.startswith("B") for r in small)  # real communes suffice
