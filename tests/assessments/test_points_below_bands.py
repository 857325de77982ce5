"""Points only where the guidance gives them (issue 20).

Where the published guidance gives only the top band of an indicator ("từ 98% trở lên: 50 điểm"),
a raw figure below it has points the app does not know: the commune types the guidance's points
(kept beside the figures), and nothing turns into 0 by itself, since 0 vetoes recognition.
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import scoring, services
from assessments.models import Assessment, Score
from communes.models import Kind, Level, Tier
from criteria import rules
from criteria.models import Indicator
from tests import factories

S34, S06 = "34/2014/QĐ-TTg", "06/QĐ-TTg"


@pytest.fixture
def doi_ngo(standards, make_unit):
    """Thị trấn Đồi Ngô (huyện Lục Nam, Bắc Giang), a 2024 dossier on QĐ 06 in the 850-point group."""
    province = make_unit("Tỉnh Bắc Giang", "24", Level.PROVINCE, Kind.PROVINCE)
    district = make_unit("Huyện Lục Nam", "218", Level.DISTRICT, Kind.RURAL_DISTRICT, province)
    commune = make_unit("Thị trấn Đồi Ngô", "07444", Level.COMMUNE, Kind.TOWNSHIP, district, tier=Tier.OTHER)
    staff = factories.ProvincialStaffFactory(unit=province)
    officer = factories.CommuneOfficerFactory(unit=commune)
    round_ = factories.RoundFactory(province=province, year=2024, standard=standards[S06], opened_by=staff)
    a = services.assessment_start(by=officer, round=round_, commune=commune)
    return a, officer


def immunisation():
    return Indicator.objects.get(criterion__standard__code=S06, criterion__number=7, number=1)


def save(a, officer, points, figures):
    a = Assessment.objects.get(pk=a.pk)
    return services.scores_save(by=officer, assessment_id=a.pk, seen_version=a.version, points=points,
                                figures=figures)


def test_97_percent_immunised_is_not_0_and_doi_ngo_at_930_is_recognised(doi_ngo):
    a, officer = doi_ngo
    ind = immunisation()
    points = factories.full_points(a.round.standard)
    points[13] -= 60  # 60 points short on criterion 13, 10 on criterion 7 below: 930 in all
    del points[7]
    save(a, officer, points, {})
    # 97% with nothing typed: refused with a message, nothing stored, never a silent 0
    with pytest.raises(services.ScoresRefused) as refused:
        save(a, officer, {}, {7: {str(ind.pk): {"numerator": "97", "denominator": "100"}}})
    message = refused.value.entries.messages[0]
    assert "7.1" in message and "từ 98% trở lên: 50 điểm" in message and "không tự cho 0 điểm" in message
    assert f"fig_7_{ind.pk}_points" in refused.value.entries.invalid
    assert Score.objects.get(assessment=a, criterion__number=7).points is None
    # the guidance's points typed beside the figures: 40, kept with the raw figure
    save(a, officer, {}, {7: {str(ind.pk): {"numerator": "97", "denominator": "100", "points": "40"}}})
    score = Score.objects.get(assessment=a, criterion__number=7)
    assert score.points == 40
    assert score.figures[str(ind.pk)] == {"numerator": "97", "denominator": "100", "points": "40", "entered": True}
    a = Assessment.objects.get(pk=a.pk)
    assert (a.self_total, a.zero_criteria, a.meets_standard) == (Decimal(930), 0, True)


def test_the_typed_points_stay_below_the_known_band_and_a_met_band_needs_none(doi_ngo):
    a, officer = doi_ngo
    ind = immunisation()
    with pytest.raises(services.ScoresRefused) as refused:
        save(a, officer, {}, {7: {str(ind.pk): {"numerator": "97", "denominator": "100", "points": "50"}}})
    assert "điểm phải dưới 50" in refused.value.entries.messages[0]
    save(a, officer, {}, {7: {str(ind.pk): {"numerator": "98", "denominator": "100", "points": ""}}})
    score = Score.objects.get(assessment=a, criterion__number=7)
    assert score.points == 50 and "entered" not in score.figures[str(ind.pk)]


def test_a_guidance_0_typed_by_a_person_is_kept_and_vetoes(doi_ngo):
    a, officer = doi_ngo
    ind = immunisation()
    save(a, officer, factories.full_points(a.round.standard), {})
    save(a, officer, {}, {7: {str(ind.pk): {"numerator": "50", "denominator": "100", "points": "0"}}})
    a = Assessment.objects.get(pk=a.pk)
    assert (a.zero_criteria, a.meets_standard) == (1, False)


def _incomplete_indicators():
    return [ind for ind in Indicator.objects.select_related("criterion").order_by("pk")
            if ind.banded and not ind.bands_complete]


def _below(ind):
    """Raw figures just below the indicator's only known band."""
    (bound, _points, op), *_ = rules.check_bands(ind.measure, ind.bands, ind.max_points)
    if ind.measure == "percent":
        return (bound - 1 if op == ">=" else bound) * 10, 1000  # e.g. 97%, or exactly 90% for "trên 90%"
    base = ind.rate_base
    return (bound + 1) * 1000 // base if op in ("<=",) else bound * 1000 // base, 1000


def test_every_single_band_indicator_below_its_band_asks_for_points(standards):
    found = _incomplete_indicators()
    # QĐ 34 criteria 2, 3, 4, 7, 10, 11, 12 and QĐ 06 indicators 6.1, 6.2 and 7.1 have a single known band
    assert sorted((i.criterion.standard.code, i.criterion.number, i.number) for i in found) == sorted(
        [(S34, n, 1) for n in (2, 3, 4, 7, 10, 11, 12)] + [(S06, 6, 1), (S06, 6, 2), (S06, 7, 1)])
    for ind in found:
        c = ind.criterion
        num, den = _below(ind)
        figures = {c.number: {str(i.pk): {"numerator": str(num), "denominator": str(den)}
                              for i in c.indicators.all() if i.banded}}
        for i in c.indicators.all():
            if i.pk != ind.pk:  # the other part of criterion 6 meets its band
                figures[c.number][str(i.pk)] = {"numerator": "1000", "denominator": "1000"}
        entries = scoring.read_entries(criteria=[c], indicators={c.pk: list(c.indicators.all())}, saved={},
                                       points={}, figures=figures)
        assert c.number not in entries.values, (c, ind)
        assert f"fig_{c.number}_{ind.pk}_points" in entries.invalid
        assert "không tự cho 0 điểm" in entries.messages[0]


def test_no_case_at_all_asks_for_points_too(standards):
    ind = Indicator.objects.get(criterion__standard__code=S06, criterion__number=6, number=2)
    c = ind.criterion
    other = c.indicators.exclude(pk=ind.pk).get()
    figures = {6: {str(ind.pk): {"numerator": "0", "denominator": "0"},
                   str(other.pk): {"numerator": "20", "denominator": "20"}}}
    entries = scoring.read_entries(criteria=[c], indicators={c.pk: list(c.indicators.all())}, saved={},
                                   points={}, figures=figures)
    assert "không có trường hợp nào" in entries.messages[0]
    figures[6][str(ind.pk)]["points"] = "75"  # no case: the guidance's points may be the full 75
    entries = scoring.read_entries(criteria=[c], indicators={c.pk: list(c.indicators.all())}, saved={},
                                   points={}, figures=figures)
    assert entries.values[6].points == 125 and not entries.errors


def test_the_page_says_the_band_table_is_incomplete(doi_ngo, client):
    from django.urls import reverse

    a, officer = doi_ngo
    client.force_login(officer)
    page = client.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    ind = immunisation()
    assert f'name="fig_7_{ind.pk}_points"' in page
    assert "Thang điểm chưa đầy đủ: chỉ biết mức từ 98% trở lên: 50 điểm" in page


# --- the band rule over any table -------------------------------------------------------------

bounds = st.decimals(min_value=0, max_value=100, places=2)
band = st.tuples(bounds, st.integers(min_value=0, max_value=50), st.sampled_from([">=", ">", "<=", "<"]))


@settings(max_examples=300, deadline=None)
@given(measure=st.sampled_from(["percent", "rate"]), table=st.lists(band, min_size=1, max_size=4),
       numerator=st.integers(min_value=0, max_value=10_000), denominator=st.integers(min_value=1, max_value=10_000))
def test_no_figure_maps_to_0_unless_a_band_it_meets_says_0(measure, table, numerator, denominator):
    bands = [[b, p, op] for b, p, op in table]
    numerator = min(numerator, denominator)
    value = rules.measure_value(measure, numerator, denominator, 1000)
    got = rules.indicator_points(measure, bands, numerator, denominator, 1000, 50)
    met = [p for b, p, op in table if rules.BAND_OPS[op](value, b)]
    if got is None:
        assert not met  # unknown only when no band of the table covers the value
        assert not rules.bands_cover_all(measure, bands, 50)
    else:
        assert got in met  # points only from a band the value meets: 0 only where a band says 0
        if got == 0:
            assert 0 in met


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(numerator=st.integers(min_value=0, max_value=100_000), denominator=st.integers(min_value=1, max_value=100_000))
def test_the_shipped_tables_never_give_0(standards, numerator, denominator):
    numerator = min(numerator, denominator)
    for ind in Indicator.objects.exclude(bands=[]):
        got = rules.indicator_points(ind.measure, ind.bands, numerator, denominator, ind.rate_base, ind.max_points)
        assert got != 0, ind  # no shipped band says 0: below the known band is None (asked), never 0
