"""Every report page, and a recognising unit's decision list, in a fixed number of queries at two scales
(issue 23): national staff over one province of 2 communes and over three provinces of 12 each, and
the district officer of a district of 1 or 6 communes. test_report_pages.py pins the provincial
staff's and the district officer's report pages the same way."""

import pytest
from django.urls import reverse

SUMMARY, CRITERIA, TREND, HOLDERS, TARGETS = (reverse(f"reports:{n}") for n in
                                              ("summary", "criteria", "trend", "holders", "targets"))

# session, the user with their unit, the filter's years and provinces; then the page's own queries
NATIONAL = {SUMMARY: 9, CRITERIA: 8, TREND: 9, HOLDERS: 5, TARGETS: 4}
# session, user, the round, its dossiers, the unit's communes with whether each registered, the names of the year
# of both, and for a round on the paper path whether its province requires the electronic one (issue 24). It was
# 10 on 07/12/2026 (9 pinned before issue 24's rule): the registrations and the dossiers' communes were read again
# on their own, and the two lists were named by two queries; the page shows the same
DECISION_LIST = 7


@pytest.fixture
def country(standards, make_unit, assess, make_user, make_round):
    """country(provinces, communes): that many provinces of two districts each, ``communes`` communes a
    province, two rounds each (2023 all recognised; 2024 every third not recognised with a criterion at 0,
    the others recognised, all registered), national staff and the first district's officer."""
    from assessments.models import Assessment, Registration
    from communes.models import Kind, Level

    S = Assessment.Status

    def build(provinces, communes):
        district_officer, rounds = None, []
        for p in range(provinces):
            province = make_unit(f"Tỉnh Thử {p}", f"{60 + p}", Level.PROVINCE, Kind.PROVINCE)
            districts = [make_unit(f"Huyện Thử {p}{d}", f"{60 + p}{d}", Level.DISTRICT, Kind.RURAL_DISTRICT, province)
                         for d in range(2)]
            r23, r24 = make_round(province, 2023, standards["06/QĐ-TTg"]), make_round(province, 2024,
                                                                                    standards["06/QĐ-TTg"])
            for i in range(communes):
                c = make_unit(f"Xã Thử {p}-{i}", f"{p}{i:04d}", Level.COMMUNE, Kind.COMMUNE, districts[i % 2])
                assess(r23, c, S.RECOGNISED)
                assess(r24, c, S.RECOGNISED if i % 3 else S.NOT_RECOGNISED, points={3: 0} if i % 3 == 0 else None)
                Registration.objects.create(round=r24, commune=c, registered_on="2024-03-01")
            rounds.append(r24)
            district_officer = district_officer or make_user("district_officer", districts[0])
        return make_user("national_staff", None), district_officer, rounds[0]

    return build


SCALES = [(1, 2), (3, 12)]


@pytest.mark.parametrize("provinces, communes", SCALES)
@pytest.mark.parametrize("url", list(NATIONAL))
def test_a_national_report_page_costs_the_same_queries_for_one_province_or_three(
        client, country, provinces, communes, url, django_assert_num_queries):
    national, _district, _round = country(provinces, communes)
    client.force_login(national)
    with django_assert_num_queries(NATIONAL[url]):
        r = client.get(url, {"year": 2024})
    assert r.status_code == 200
    if url == SUMMARY:  # a row per province: the count does not follow them
        assert len(r.context["rows"]) == provinces
        assert r.context["total"].units == provinces * communes


@pytest.mark.parametrize("provinces, communes", SCALES)
def test_a_districts_decision_list_costs_the_same_queries_for_1_or_6_communes(
        client, country, provinces, communes, django_assert_num_queries):
    _national, district, round_ = country(provinces, communes)
    client.force_login(district)
    url = reverse("assessments:round", args=[round_.pk])
    with django_assert_num_queries(DECISION_LIST):
        r = client.get(url)
    assert r.status_code == 200 and len(r.context["rows"]) == communes // 2
