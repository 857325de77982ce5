"""The header counts the user's unread notifications on every page, read with the user (no query of its
own), and "Việc chờ tôi" lists them newest first, all or only the unread (issue 22)."""

from django.urls import reverse

from accounts.models import Notification

PAGE = reverse("notifications")


def _make(user, key, subject, is_read=False):
    return Notification.objects.create(recipient=user, key=key, subject=subject, body="Nội dung", url="/",
                                       is_read=is_read)


def test_the_header_counts_the_unread_on_every_page(client, users):
    client.force_login(users.district_officer)
    html = client.get(reverse("home")).content.decode()
    assert 'id="unread-link"' in html and 'id="unread-count"' not in html
    assert "không có thông báo chưa đọc" in html
    for i in range(3):
        _make(users.district_officer, f"k{i}", f"Hồ sơ {i}")
    _make(users.district_officer, "read", "Đã xem", is_read=True)
    _make(users.commune_officer, "other", "Của người khác")
    for url in (reverse("home"), PAGE, reverse("password_change")):
        html = client.get(url).content.decode()
        assert '<span class="badge rounded-pill text-bg-danger" id="unread-count">3</span>' in html, url
        assert "Việc chờ tôi: 3 thông báo chưa đọc" in html


def test_the_count_costs_no_query_of_its_own(client, users, django_assert_num_queries):
    _make(users.commune_officer, "first", "Hồ sơ đầu tiên")
    client.force_login(users.commune_officer)
    client.get(PAGE)
    with django_assert_num_queries(4):  # session, the user with unit and count, the page's count, the page
        client.get(PAGE)
    for i in range(24):
        _make(users.commune_officer, f"k{i}", f"Hồ sơ {i}")
    with django_assert_num_queries(4):
        html = client.get(PAGE).content.decode()
    assert 'id="unread-count">25</span>' in html


def test_a_hundred_unread_show_as_99_plus(client, users):
    Notification.objects.bulk_create(Notification(recipient=users.commune_officer, key=f"k{i}", subject="x",
                                                  body="x") for i in range(100))
    client.force_login(users.commune_officer)
    assert 'id="unread-count">99+</span>' in client.get(reverse("home")).content.decode()


def test_the_list_is_newest_first_and_filters_the_unread(client, users):
    old = _make(users.district_officer, "old", "Hồ sơ cũ đã đọc", is_read=True)
    new = _make(users.district_officer, "new", "Hồ sơ mới chờ tiếp nhận")
    client.force_login(users.district_officer)
    html = client.get(PAGE).content.decode()
    assert "<h1 class=\"h3 mb-0\">Việc chờ tôi</h1>" in html
    assert html.index(new.subject) < html.index(old.subject)
    assert "chưa đọc</div>" in html and "đã đọc</div>" in html
    assert 'id="inbox-unread">1</span>' in html
    unread = client.get(PAGE, {"loc": "chua-doc"}).content.decode()
    assert new.subject in unread and old.subject not in unread
    client.post(reverse("notification_read"), {"all": "1"})
    html = client.get(PAGE, {"loc": "chua-doc"}).content.decode()
    assert "Không còn thông báo chưa đọc" in html and 'id="unread-count"' not in html
