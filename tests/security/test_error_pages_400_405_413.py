"""Error answers are Vietnamese pages: 400, 405 (a POST-only address opened by GET), 413 (a body
over the limit, refused before it is read); the upload spool is the app's own, created at start."""

import os

from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import bad_request

from core.apps import prepare_upload_dir
from tests import factories


def test_a_post_only_address_opened_by_get_answers_a_vietnamese_405(client, db):
    client.force_login(factories.CommuneOfficerFactory())
    response = client.get(reverse("assessments:scores", args=[1]))
    assert response.status_code == 405 and "POST" in response["Allow"]
    assert "Thao tác không được hỗ trợ" in response.content.decode()


def test_the_400_page_is_vietnamese(db):
    response = bad_request(RequestFactory().get("/"), Exception())
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.content.decode()


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, db, settings):
    client.force_login(factories.CommuneOfficerFactory())
    response = client.generic("POST", reverse("assessments:scores", args=[1]), b"x" * 10,
                              CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1))
    assert response.status_code == 413 and "Tệp quá lớn" in response.content.decode()


def test_the_upload_spool_is_private_and_cleared_of_stale_files(settings, tmp_path):
    spool = tmp_path / "tmp-uploads"
    prepare_upload_dir(str(spool))
    assert oct(spool.stat().st_mode & 0o777) == "0o700"
    (spool / "old.upload").write_bytes(b"x")
    os.utime(spool / "old.upload", (1, 1))
    (spool / "now.upload").write_bytes(b"x")
    prepare_upload_dir(str(spool))
    assert sorted(p.name for p in spool.iterdir()) == ["now.upload"]
    assert settings.FILE_UPLOAD_TEMP_DIR.startswith(str(settings.MEDIA_ROOT))
    assert os.path.isdir(settings.FILE_UPLOAD_TEMP_DIR)


def test_logout_by_get_answers_a_page_that_logs_out_by_post(client, db):
    client.force_login(factories.CommuneOfficerFactory())
    page = client.get(reverse("logout"))
    html = page.content.decode()
    assert page.status_code == 200 and "Đăng xuất khỏi hệ thống?" in html
    assert 'method="post"' in html and reverse("logout") in html
    assert client.get(reverse("home")).status_code == 200, "opening the page did not log out"
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # now logged out
    assert client.get(reverse("logout")).url.startswith(reverse("login"))
