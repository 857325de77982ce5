"""Helpers for browser tests that drive the real pages.

Every click that loads another page goes through ``click_through`` (or ``save``, which also waits for
what the answer says), and every look at a page is one of Playwright's ``expect`` assertions, which
wait: a test reads the database only once the page that follows the click is in, so the server has
finished the request. On a machine whose CPU is busy with another suite that can take seconds.
"""

from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

WAIT_MS = 15_000  # for an action or an assertion: pages come from live_server on this machine, maybe a busy one

# Playwright's own default for ``expect`` is 5 s: too short when another suite holds the CPU.
expect.set_options(timeout=WAIT_MS)


def new_context(browser, **kwargs):
    """A browser context of its own (a second desk, a locale, a viewport) with the suite's timeout."""
    context = browser.new_context(**kwargs)
    context.set_default_timeout(WAIT_MS)
    return context


def click_through(page, target):
    """Click a link or a form's button (a selector or a locator) and wait until the page that answers
    has loaded. The page being left is marked first, so nothing it showed (a message, a count of rows)
    can pass for the answer."""
    page.evaluate("document.documentElement.dataset.leaving = 'yes'")
    (page.locator(target) if isinstance(target, str) else target).click()
    expect(page.locator("html[data-leaving]")).to_have_count(0)
    page.wait_for_load_state()


def save(page, target, *, shows, where="main"):
    """Click a form's button and wait for the page that answers to say ``shows`` (what was saved, or
    why nothing was)."""
    click_through(page, target)
    expect(page.locator(where)).to_contain_text(shows)


def log_in(page, live_server, user):
    """Sign in through the login form, as whoever was signed in before leaves no session behind."""
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", user.raw_password)
    click_through(page, "form [type=submit]")


def session_of(user):
    """A session of ``user``, made by the test client (its key, for a browser's cookie or another client)."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def signed_in(context, live_server, user_or_session):
    """The browser ``context`` holds the session (a user's new one, or a key of ``session_of``): its pages open
    signed in, without the login form."""
    key = user_or_session if isinstance(user_or_session, str) else session_of(user_or_session)
    context.add_cookies([{"name": "sessionid", "value": key, "url": live_server.url}])


def policy_refusals(page, *, script_errors=True):
    """A list that fills with what the content security policy refuses on ``page`` (the browser's console says
    so) and, unless ``script_errors`` is False, with the page's script errors: a test asserts what it holds."""
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    if script_errors:
        page.on("pageerror", lambda e: refused.append(f"script error: {e}"))
    return refused


def log_out(page):
    click_through(page, "form[action$='/dang-xuat/'] [type=submit] >> visible=true")  # the header's or the menu's
    expect(page.locator("input[name=password]")).to_be_visible()  # back on the login page


def confirm(page, words):
    """An irreversible move stops on its confirmation step, which says what will happen; confirm it."""
    expect(page.locator(".confirm-move")).to_contain_text(words)
    click_through(page, "#confirm-move")


def return_resubmit_accept(page, live_server, pk, *, office, officer, reason, criterion, note):
    """The recognising unit returns a submitted dossier with ``reason``; the commune adds ``note`` to
    ``criterion``, saves and resubmits; the recognising unit accepts it."""
    detail = live_server.url + reverse("assessments:detail", args=[pk])
    log_in(page, live_server, office)
    page.goto(detail)
    page.fill("#return-comment", reason)
    click_through(page, "form[data-move=return] button")
    expect(page.locator("#status")).to_contain_text("Trả lại để bổ sung")
    log_out(page)

    log_in(page, live_server, officer)
    page.goto(detail)
    page.fill(f"#note_{criterion}", note)
    click_through(page, "button[name=save]")
    click_through(page, "form[data-move=submit] button")
    confirm(page, "xã không thể sửa điểm")
    log_out(page)

    log_in(page, live_server, office)
    page.goto(detail)
    click_through(page, "form[data-move=accept] button")
    confirm(page, "chuyển các ngành thẩm định")
    log_out(page)
