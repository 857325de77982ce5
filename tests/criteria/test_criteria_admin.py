"""The admin for standards: points that add up, problems spelled out, provisional values marked."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import User
from criteria.admin import IndicatorForm
from criteria.models import Criterion

S34, S06 = "34/2014/QĐ-TTg", "06/QĐ-TTg"


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("quantri", "quantri@example.vn", "Mat-khau-thu-2025")
    client.force_login(user)
    return client


def test_the_list_shows_whether_points_add_up(standards, admin_client, django_assert_max_num_queries):
    Criterion.objects.filter(standard__code=S06, number=5).update(max_points=80)
    with django_assert_max_num_queries(8):
        page = admin_client.get(reverse("admin:criteria_standard_changelist")).content.decode()
    assert "Điểm khớp tổng" in page
    assert page.count('alt="False"') == 1  # 06/QĐ-TTg only; 34/2014 adds up
    assert "chưa xác nhận" in page  # 34/2014 thresholds are a best guess


def test_the_change_page_warns_with_the_problems(standards, admin_client):
    standard = standards[S06]
    Criterion.objects.filter(standard=standard, number=5).update(max_points=80)
    response = admin_client.get(reverse("admin:criteria_standard_change", args=[standard.pk]))
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Chưa thể mở đợt đánh giá" in w and "1005" in w for w in warnings)
    assert "Tiêu chí 5: các chỉ tiêu cộng lại 75 điểm, khác 80." in response.content.decode()


def test_a_sound_standard_says_it_can_open_a_round(standards, admin_client):
    response = admin_client.get(reverse("admin:criteria_standard_change", args=[standards[S06].pk]))
    assert "có thể mở đợt đánh giá" in response.content.decode()
    assert not [m for m in get_messages(response.wsgi_request)]


def test_provisional_criteria_are_marked(standards, admin_client):
    page = admin_client.get(reverse("admin:criteria_criterion_changelist") + "?standard__id__exact="
                            + str(standards[S34].pk)).content.decode()
    # 34/2014: criterion 2 wholly confirmed (one mark); every other row shows its name's and its points'
    # flags apart: 13 names and 10 point values unconfirmed, 1 name (criterion 1) and 4 point values
    # (3, 4, 11, 12: quoted from the published text) confirmed
    assert page.count("⚠ chưa xác nhận") == 13 + 10
    assert page.count("đã xác nhận") == 1 + 1 + 4



@pytest.mark.parametrize("name", ["criterion", "sector", "ownership"])
def test_other_admin_pages_render(standards, admin_client, name):
    assert admin_client.get(reverse(f"admin:criteria_{name}_changelist")).status_code == 200
    obj = {"criterion": Criterion.objects.get(standard__code=S06, number=6),
           "sector": standards[S06].criteria.get(number=2).default_sector,
           "ownership": standards[S34].criteria.get(number=6).ownerships.first()}[name]
    assert admin_client.get(reverse(f"admin:criteria_{name}_change", args=[obj.pk])).status_code == 200


@pytest.mark.parametrize("bands, ok", [([[98, 50]], True), ([[98, 60]], False), ([["x", 5]], False), ([], True)])
def test_the_indicator_form_checks_bands(standards, bands, ok):
    criterion = Criterion.objects.get(standard__code=S06, number=7)
    form = IndicatorForm(data={"number": 2, "name": "Thử", "max_points": 50, "measure": "percent",
                               "rate_base": 1000, "bands": str(bands).replace("'", '"')},
                         instance=criterion.indicators.model(criterion=criterion))
    assert form.is_valid() is ok, form.errors
