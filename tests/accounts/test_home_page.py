import datetime

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse


def test_an_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_it_greets_the_user_with_role_and_unit(signed_in):
    response = signed_in.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Xin chào, Nguyễn Thị Hoa" in html
    assert "Cán bộ cấp xã" in html and "Xã Võ Lao" in html
    assert "Công chức Văn hóa - Xã hội" in html
    assert "Việc đang chờ bạn" in html


def test_it_renders_panels_with_due_and_overdue_items(officer):
    request = RequestFactory().get("/")
    request.user = officer
    panels = [
        {"title": "Hồ sơ của xã", "empty_text": "Không có hồ sơ.", "items": [
            {"label": "Chấm điểm và nộp hồ sơ năm 2025", "url": "/danh-gia/1/",
             "due": datetime.date(2025, 11, 15), "overdue": True, "status": "Đang chấm điểm"},
            {"label": "Hồ sơ năm 2024", "url": "/danh-gia/2/", "due": None, "overdue": False,
             "status": "Được công nhận"},
        ]},
        {"title": "Đợt đánh giá", "items": [], "empty_text": "Chưa có đợt nào."},
    ]

    html = render_to_string("home.html", {"panels": panels, "user": officer}, request=request)

    assert 'href="/danh-gia/1/">Chấm điểm và nộp hồ sơ năm 2025</a>' in html
    assert "Quá hạn 15/11/2025" in html
    assert "Được công nhận" in html
    assert "Chưa có đợt nào." in html
    assert "Hiện chưa có việc nào đang chờ bạn." not in html


def test_with_no_panels_it_says_nothing_is_waiting(officer):
    request = RequestFactory().get("/")
    request.user = officer

    html = render_to_string("home.html", {"panels": [], "user": officer}, request=request)

    assert "Hiện chưa có việc nào đang chờ bạn." in html
