"""The API's documentation as a client's developer reads it (issue 26): Swagger UI and Redoc, served from the
app's own static files, draw every endpoint in Chromium under the site's content security policy (an intranet
has no CDN; a blocked script would leave a blank page that no HTTP-level test sees)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.pages import log_in, policy_refusals

pytestmark = pytest.mark.browser


def test_swagger_ui_draws_every_endpoint_and_runs_a_request(page, live_server, units, make_user):
    from accounts.models import Role

    log_in(page, live_server, make_user(Role.NATIONAL_STAFF, None))
    refused = policy_refusals(page, script_errors=False)
    page.goto(live_server.url + reverse("api:docs"))
    paths = page.locator(".opblock-summary-path")
    expect(paths.filter(has_text="/api/v1/dossiers/").first).to_be_visible()
    drawn = {t.strip().replace("\u200b", "") for t in paths.all_inner_texts()}
    for path in ("/api/v1/units/", "/api/v1/standards/", "/api/v1/rounds/", "/api/v1/dossiers/",
                 "/api/v1/decisions/", "/api/v1/registrations/", "/api/v1/targets/", "/api/v1/reports/summary/",
                 "/api/v1/reports/criteria/", "/api/v1/reports/trend/", "/api/v1/reports/holders/"):
        assert path in drawn, path
    # "Try it out" on the units' list, with the signed-in session: the answer is the API's JSON
    units_list = page.locator(".opblock-get").filter(
        has=page.locator(".opblock-summary-path", has_text="/api/v1/units/")).first
    units_list.locator(".opblock-summary").click()
    units_list.get_by_role("button", name="Try it out").click()
    units_list.get_by_role("button", name="Execute").click()
    answer = units_list.locator(".live-responses-table tbody tr.response").first
    expect(answer.locator(".response-col_status")).to_have_text("200")
    expect(answer.locator(".response-col_description")).to_contain_text("Tỉnh Lào Cai")
    assert refused == []


def test_redoc_draws_the_vietnamese_documentation(page, live_server, db):
    refused = policy_refusals(page, script_errors=False)
    page.goto(live_server.url + reverse("api:redoc"))
    menu = page.locator("[role=menuitem]")
    expect(menu.first).to_be_visible()
    assert menu.count() >= 11
    expect(page.locator("body")).to_contain_text("/api/v1/dossiers/")
    # the one thing Redoc reaches for outside the app is its own logo in the sidebar's credit, which the policy
    # refuses (no request leaves an intranet); no script or style of the page is refused
    assert all("https://cdn.redoc.ly/redoc/logo-mini.svg" in r and "img-src" in r for r in refused), refused
