from django.template.loader import render_to_string
from django.test import RequestFactory


def test_an_unknown_address_gets_a_vietnamese_404(signed_in):
    response = signed_in.get("/khong-co-trang-nay/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert "Nguyễn Thị Hoa" in html  # still inside the signed-in shell


def test_the_403_page_is_in_vietnamese(officer):
    request = RequestFactory().get("/")
    request.user = officer

    html = render_to_string("403.html", {"user": officer}, request=request)

    assert "Bạn không có quyền thực hiện thao tác này" in html


def test_the_500_page_renders_without_any_context():
    html = render_to_string("500.html")

    assert '<html lang="vi">' in html
    assert "Hệ thống đang gặp sự cố" in html
