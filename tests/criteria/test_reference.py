"""criteria.reference: a standard's criteria and owners, read once per process and cleared by any edit."""

import time

from criteria import reference
from criteria.models import Ownership, Sector

S34 = "34/2014/QĐ-TTg"


def test_the_second_read_costs_no_query_and_gives_the_same_rows(standards, django_assert_num_queries):
    with django_assert_num_queries(3):  # criteria with their default sector, indicators, ownership
        first = reference.for_province(standards[S34], "10")
    with django_assert_num_queries(0):
        again = reference.for_province(standards[S34], 10)  # an int code is the same province
    assert again is first
    assert [c.number for c in first.criteria] == list(range(1, 16))
    assert first.owners[6].code == "labour" and reference.for_province(standards[S34], "58").owners[6].code == "health"


def test_an_edit_of_ownership_or_of_a_criterion_is_seen_at_once(standards, django_assert_num_queries):
    assert reference.for_province(standards[S34], "10").owners[6].code == "labour"
    row = Ownership.objects.get(province_code="10", criterion__standard=standards[S34], criterion__number=6)
    row.sector = Sector.objects.get(code="health")
    row.save()  # what the admin's change form does
    assert reference.for_province(standards[S34], "10").owners[6].code == "health"
    criterion = standards[S34].criteria.get(number=1)
    criterion.name = "Tên đã sửa"
    criterion.save()
    assert reference.for_province(standards[S34], "10").criteria[0].name == "Tên đã sửa"


def test_it_expires_and_can_be_turned_off(standards, settings, django_assert_num_queries):
    settings.REFERENCE_DATA_SECONDS = 0.2
    reference.for_province(standards[S34], "10")
    time.sleep(0.25)
    with django_assert_num_queries(3):
        reference.for_province(standards[S34], "10")
    settings.REFERENCE_DATA_SECONDS = 0
    for _ in range(2):
        with django_assert_num_queries(3):
            reference.for_province(standards[S34], "10")
