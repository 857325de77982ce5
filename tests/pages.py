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
