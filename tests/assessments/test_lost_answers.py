"""The scoring page's save and live verdict as its script asks for them (``Accept: application/json``),
and a save sent again after its answer was lost (issue 25): what is stored equals what was sent, so it
is answered "saved", written once; a different page of an older version is still refused."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, Score

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def dossier(workflow):
    a = services.assessment_start(by=workflow.officer, round=workflow.round, commune=workflow.units.commune)
    services.scores_save(by=workflow.officer, assessment_id=a.pk, seen_version=a.version, points={1: 80})
    return Assessment.objects.get(pk=a.pk)


def version(a):
    return Assessment.objects.values_list("version", flat=True).get(pk=a.pk)


def test_the_live_verdict_as_json_names_the_cells_not_yet_valid(workflow, dossier, client):
    client.force_login(workflow.officer)
    url = reverse("assessments:scores_preview", args=[dossier.pk])
    data = {"version": dossier.version, "points_1": "80", "points_2": "10,5", "points_3": "0", "points_4": "abc"}
    body = client.post(url, data, **JSON).json()
    assert body["total"] == "90,5" and body["threshold"] == 850 and body["max"] == 1000
    assert body["recognised"] is False and body["zeros"] == [3] and body["missing"] == list(range(4, 14))
    assert body["invalid"] == ["points_4"] and "Tiêu chí 4: “abc” không phải là số." in body["messages"]
    assert Score.objects.filter(points__isnull=False).count() == 1  # nothing saved


def test_a_save_asked_as_json_answers_where_to_go_and_leaves_the_message_for_that_page(workflow, dossier, client):
    client.force_login(workflow.officer)
    response = client.post(reverse("assessments:scores", args=[dossier.pk]),
                           {"version": dossier.version, "points_2": "40"}, **JSON)
    assert response.status_code == 200
    assert response.json() == {"saved": True, "url": reverse("assessments:detail", args=[dossier.pk])}
    assert Score.objects.get(assessment=dossier, criterion__number=2).points == 40
    assert "Đã lưu điểm tự đánh giá." in client.get(response.json()["url"]).content.decode()


def test_a_refusal_asked_as_json_records_no_message(workflow, dossier, client):
    """The script posts a refused form again as a page, which says why: the JSON answer leaves nothing
    behind that the next page would say twice."""
    client.force_login(workflow.officer)
    response = client.post(reverse("assessments:scores", args=[dossier.pk]),
                           {"version": dossier.version, "points_2": "abc"}, **JSON)
    assert response.status_code == 400 and response.json()["saved"] is False
    assert "Tiêu chí 2: “abc” không phải là số." in response.json()["messages"]
    assert "không phải là số" not in client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode()


@pytest.mark.parametrize("as_json", [True, False])
def test_the_same_save_sent_again_after_a_lost_answer_is_saved_once(workflow, dossier, client, as_json):
    client.force_login(workflow.officer)
    url = reverse("assessments:scores", args=[dossier.pk])
    data = {"version": dossier.version, "points_2": "45,5", "note_2": "Sổ hộ tịch", "points_3": "75"}
    extra = JSON if as_json else {}
    first = client.post(url, data, **extra)
    assert first.status_code == (200 if as_json else 302)
    history = Score.history.filter(assessment_id=dossier.pk).count()
    again = client.post(url, data, **extra)  # the page never got the first answer: same values, old version
    assert again.status_code == first.status_code
    assert version(dossier) == dossier.version + 1  # written once
    assert Score.history.filter(assessment_id=dossier.pk).count() == history
    assert Score.objects.get(assessment=dossier, criterion__number=2).points == Decimal("45.5")
    page = client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode()
    assert "Đã lưu điểm tự đánh giá." in page and "điểm được lưu một lần" in page
    assert "người khác cập nhật" not in page


def test_an_older_page_with_other_values_is_still_a_stale_edit(workflow, dossier, client):
    client.force_login(workflow.officer)
    url = reverse("assessments:scores", args=[dossier.pk])
    client.post(url, {"version": dossier.version, "points_2": "45"})
    response = client.post(url, {"version": dossier.version, "points_2": "46"}, **JSON)
    assert response.status_code == 400
    assert "vừa được người khác cập nhật" in " ".join(response.json()["messages"])
    assert Score.objects.get(assessment=dossier, criterion__number=2).points == 45
    assert version(dossier) == dossier.version + 1


def test_a_repeat_after_the_dossier_was_submitted_changes_nothing(workflow, dossier):
    """The service: the same values from an older page are 'saved' even once the commune can no longer
    edit (nothing is written); other values are refused as a stale edit."""
    from django.core.exceptions import ValidationError

    seen = dossier.version
    services.scores_save(by=workflow.officer, assessment_id=dossier.pk, seen_version=seen, points={2: "40"})
    Assessment.objects.filter(pk=dossier.pk).update(status=Assessment.Status.SUBMITTED, version=seen + 2)
    a = services.scores_save(by=workflow.officer, assessment_id=dossier.pk, seen_version=seen, points={2: "40"})
    assert a.repeated and version(dossier) == seen + 2
    with pytest.raises(ValidationError):
        services.scores_save(by=workflow.officer, assessment_id=dossier.pk, seen_version=seen, points={2: "41"})
    with pytest.raises(ValidationError):  # no page version at all: refused as before
        services.scores_save(by=workflow.officer, assessment_id=dossier.pk, seen_version=None, points={2: "40"})


def test_logging_out_clears_the_browser_storage(workflow, client):
    client.force_login(workflow.officer)
    response = client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"storage"'


def test_the_service_worker_keeps_static_files_only(workflow, client):
    client.force_login(workflow.officer)
    response = client.get(reverse("service_worker"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript") and "no-cache" in response["Cache-Control"]
    assert response["Service-Worker-Allowed"] == "/"
    shell = json.loads(body[body.index("var SHELL = ") + len("var SHELL = "):body.index(";", body.index("var SHELL"))])
    assert shell[-1] == reverse("offline")
    assert all(url.startswith("/static/") for url in shell[:-1]) and "/static/js/drafts.js" in shell
    assert workflow.officer.username not in body and workflow.officer.display_name not in body


def test_the_offline_page_is_the_same_for_everyone(workflow, client):
    anonymous = client.get(reverse("offline")).content.decode()
    client.force_login(workflow.officer)
    signed_in = client.get(reverse("offline")).content.decode()
    assert "Không có kết nối" in anonymous
    assert workflow.officer.display_name not in signed_in and 'name="app-user"' not in signed_in
    strip = lambda page: page.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731 - no form, no token
    assert strip(anonymous) == strip(signed_in)


def test_the_service_worker_names_the_hashed_files_under_the_manifest_storage(settings, tmp_path, client):
    """Production's storage: the shell is listed by the collected, hashed names (a name missing from the
    manifest would make /sw.js fail, and no page would ever be kept offline)."""
    from django.core.management import call_command

    from core import offline

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    offline.shell_version.cache_clear()
    try:
        response = client.get(reverse("service_worker"))
    finally:
        offline.shell_version.cache_clear()
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'"/static/js/drafts\.[0-9a-f]{12}\.js"', body) and 'var STATIC = "/static/"' in body
