"""The period review's pages in real Chromium, as tests/security/test_accessibility.py looks at the main pages:
axe-core finds no serious or critical violation, the content security policy blocks nothing (the charts are
SVG with presentation attributes), and no English is left on the page."""

import pytest
from django.urls import reverse

from tests.pages import new_context, policy_refusals, signed_in
from tests.security.test_accessibility import AXE, BLOCKING, ENGLISH, PAGE_TEXTS, summarise
from tests.security.world import World

pytestmark = pytest.mark.browser


@pytest.fixture
def world(standard, units, users, media):
    return World(standard, units, users)


def test_the_review_pages_pass_axe_and_speak_vietnamese(world, live_server, browser, plain_static_storage):
    commune_part = world.review_part("own")
    round_ = world.review_round("own")
    district_part = round_.parts.get(unit=world.units.district)
    pages = [("commune_officer", reverse("reviews:list")),
             ("commune_officer", reverse("reviews:part", args=[commune_part.pk])),
             ("district_officer", reverse("reviews:round_new")),
             ("district_officer", reverse("reviews:round", args=[round_.pk])),
             ("district_officer", reverse("reviews:part", args=[district_part.pk])),
             ("provincial_staff", reverse("reviews:part", args=[commune_part.pk]))]
    axe, problems = AXE.read_text(encoding="utf-8"), {}
    for role, path in pages:
        context = new_context(browser, locale="vi-VN")
        signed_in(context, live_server, world.cast[role])
        page = context.new_page()
        blocked = policy_refusals(page)
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        found = [f"HTTP {response.status}"] if response.status != 200 else []
        page.evaluate(axe)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        found += summarise([v for v in result["violations"] if v["impact"] in BLOCKING])
        english = sorted({m.group(0) for m in ENGLISH.finditer(page.evaluate(PAGE_TEXTS))})
        found += [f"English left on the page: {english}"] if english else []
        found += [f"blocked by the content security policy: {b}" for b in blocked]
        if found:
            problems[f"{role} {path}"] = found
        context.close()
    assert not problems, "\n".join(f"{p}:\n  " + "\n  ".join(items) for p, items in problems.items())
