"""Helpers of the browser tests over a weak connection (issue 25): going offline and back as Chromium
emulates it, the drafts static/js/drafts.js keeps, and an answer lost on its way back.

Offline is waited for in the page (``navigator.onLine``), so a click that follows meets a page that knows
it is offline: the page then sends nothing, and nothing can reach the server late. The requests that do
leave the page for an address are counted (``posts``), so a test says how many saves the server got.
"""

import re

from playwright.sync_api import expect

# "Bản nháp chưa lưu lúc 10:42 — khôi phục / bỏ" (a draft typed on an older page says so in brackets)
PROMPT = re.compile(r"Bản nháp chưa lưu lúc \d\d:\d\d( \(nhập trên trang cũ hơn: [^)]*\))? — khôi phục / bỏ")
OFFLINE_NOTICE = "Không có kết nối: chưa gửi"
REPEATED = "được lưu một lần, không lưu lại lần nữa"


def controlled(page):
    """Wait until the service worker (templates/sw.js) controls the page: its shell and the offline page
    are cached, so a page opened offline says "Không có kết nối" instead of the browser's error."""
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")


def go_offline(page):
    page.context.set_offline(True)
    page.wait_for_function("() => navigator.onLine === false")


def go_online(page):
    page.context.set_offline(False)


def drafts(page):
    """The drafts this browser keeps (their keys), sorted."""
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('treem:draft:')).sort()")


def kept(page, name, field, value):
    """Wait until a draft of the form ``data-draft=name`` holds ``value`` for ``field``."""
    page.wait_for_function(
        """([name, field, value]) => Object.keys(localStorage).some(k => k.includes(':' + name + ':v') &&
             JSON.parse(localStorage.getItem(k)).fields.some(f => f[0] === field && f[1] === value))""",
        arg=[name, field, value])


def posts(page, path):
    """The list, kept up to date, of the POST requests the page sends to ``path`` (a URL path)."""
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" and r.url.split("?")[0].endswith(path)
            else None)
    return sent


def sent_offline_and_kept(page, button, *, form):
    """Click ``button`` while offline: the page stays as typed, says it has not sent the form, and sends
    nothing (``form``: the form's selector)."""
    page.evaluate("document.documentElement.dataset.before = 'kept'")
    page.click(button)
    expect(page.locator(".draft-offline")).to_contain_text(OFFLINE_NOTICE)
    assert page.evaluate("document.documentElement.dataset.before") == "kept"  # the same page, as typed
    expect(page.locator(form)).to_be_visible()


def reopened_offline_shows_the_draft(page, *values):
    """A reload without a network: the service worker's "Không có kết nối" page, with this page's draft
    read-only (each of ``values`` shown, no field to type in)."""
    page.reload()
    expect(page.locator("h1")).to_have_text("Không có kết nối")
    expect(page.locator("#offline-draft")).to_be_visible()
    for value in values:
        expect(page.locator("#offline-draft-rows")).to_contain_text(value)
    expect(page.locator("#offline-draft input")).to_have_count(0)


def reopen(page, url):
    """Close the tab and open the page again in a new one (the browser kept running)."""
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(url)
    return page


def restore_the_draft(page):
    prompt = page.locator(".draft-prompt")
    expect(prompt).to_have_text(PROMPT)
    prompt.locator("button.draft-restore").click()
    expect(prompt).to_have_count(0)


def lose_the_answer(page, path, *, when=lambda request: True):
    """Route the first POST to ``path`` that ``when`` accepts through to the server and lose its answer
    on the way back (the server saved; the browser shows its error page); later requests pass. Returns
    the list of the statuses the server answered to the lost ones."""
    lost = []

    def handle(route):
        request = route.request
        if request.method == "POST" and not lost and when(request):
            lost.append(route.fetch(max_redirects=0).status)  # the server saves and answers
            route.abort("connectionreset")  # the answer never arrives
        else:
            route.continue_()

    page.route(re.compile(re.escape(path) + r"(\?.*)?$"), handle)
    return lost


def send_again(page):
    """The browser's "Tải lại" on its error page, once that page is in: the same form posted again (Chromium
    as Playwright starts it posts again without asking), which the server answers."""
    page.wait_for_function("() => document.URL.startsWith('chrome-error:')")
    page.reload()
