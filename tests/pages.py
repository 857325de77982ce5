"""Helpers for browser tests that drive the real pages."""

from django.urls import reverse


def log_in(page, live_server, user):
    """Sign in through the login form, as whoever was signed in before leaves no session behind."""
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", user.raw_password)
    with page.expect_navigation():
        page.click("form [type=submit]")


def log_out(page):
    with page.expect_navigation():
        page.click("form[action$='/dang-xuat/'] [type=submit]")


def confirm(page, words):
    """An irreversible move stops on its confirmation step, which says what will happen; confirm it."""
    assert words in page.inner_text(".confirm-move")
    with page.expect_navigation():
        page.click("#confirm-move")


def return_resubmit_accept(page, live_server, pk, *, office, officer, reason, criterion, note):
    """The recognising unit returns a submitted dossier with ``reason``; the commune adds ``note`` to
    ``criterion``, saves and resubmits; the recognising unit accepts it."""
    detail = live_server.url + reverse("assessments:detail", args=[pk])
    log_in(page, live_server, office)
    page.goto(detail)
    page.fill("#return-comment", reason)
    with page.expect_navigation():
        page.click("form[data-move=return] button")
    assert "Trả lại để bổ sung" in page.inner_text("#status")
    log_out(page)

    log_in(page, live_server, officer)
    page.goto(detail)
    page.fill(f"#note_{criterion}", note)
    with page.expect_navigation():
        page.click("button[name=save]")
    with page.expect_navigation():
        page.click("form[data-move=submit] button")
    confirm(page, "xã không thể sửa điểm")
    log_out(page)

    log_in(page, live_server, office)
    page.goto(detail)
    with page.expect_navigation():
        page.click("form[data-move=accept] button")
    confirm(page, "chuyển các ngành thẩm định")
    log_out(page)
