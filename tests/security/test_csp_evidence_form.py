"""The one inline script (the evidence form's criterion picker) runs under the content security policy."""

import pytest
from django.urls import reverse

from assessments.models import Evidence
from tests.pages import policy_refusals, save, signed_in
from tests.security.world import World, png_upload

pytestmark = pytest.mark.browser


def test_evidence_goes_to_the_criterion_picked_in_the_form(standard, units, users, media_root, live_server,
                                                            page, plain_static_storage, tmp_path):
    w = World(standard, units, users)
    a = w.assessment("own", "draft")
    officer = w.cast["commune_officer"]
    signed_in(page.context, live_server, officer)
    blocked = policy_refusals(page, script_errors=False)
    image = tmp_path / "so-theo-doi.png"
    image.write_bytes(png_upload().read())

    response = page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
    assert "'nonce-" in response.headers["content-security-policy"]
    page.select_option("#evidence-criterion", label="Tiêu chí 3")
    page.set_input_files("#evidence-file", str(image))
    save(page, "#evidence-form [type=submit]", shows="Đã tải lên minh chứng")

    evidence = Evidence.objects.select_related("score__criterion").get()
    assert evidence.score.criterion.number == 3 and evidence.original_name == "so-theo-doi.png"
    assert blocked == []
