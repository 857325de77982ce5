"""Two officers editing one assessment: the second save is refused with what changed, never a
silent overwrite. Two real sessions: two clients signed in through the login form, and two
browser contexts in Chromium."""

import datetime
import re

import pytest
from django.urls import reverse

from accounts.models import Role
from assessments import services
from assessments.models import Assessment, Score
from tests.assessments.conftest import full_points
from tests.factories import seen
from tests.reliability.conftest import page_messages, post, sign_in, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_officers(workflow, make_user):
    """The commune's officer (Nguyễn Thị Hoa) and a colleague (Trần Thị Lan), each signed in."""
    w = workflow
    colleague = make_user(Role.COMMUNE_OFFICER, w.units.commune, first_name="Lan", last_name="Trần Thị")
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    return a, sign_in(w.officer), sign_in(colleague)


def loaded_version(c, a):
    """The version the page hands the browser in its hidden field."""
    html = c.get(reverse("assessments:detail", args=[a.pk])).content.decode()
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def test_the_second_save_is_refused_and_says_who_changed_what(two_officers):
    a, hoa, lan = two_officers
    url = reverse("assessments:scores", args=[a.pk])
    seen_by_hoa, seen_by_lan = loaded_version(hoa, a), loaded_version(lan, a)

    assert post(hoa, url, {"version": seen_by_hoa, "points_1": "80", "points_6": "120"}).status_code == 302
    before = snapshot()
    r = post(lan, url, {"version": seen_by_lan, "points_1": "20", "points_2": "30"})

    assert r.status_code == 400
    text = " ".join(page_messages(r))
    assert "Hồ sơ vừa được người khác cập nhật" in text and "thay đổi của bạn chưa được lưu" in text
    assert "Nguyễn Thị Hoa sửa tiêu chí 1, điểm tự đánh giá: — → 80." in text
    assert "Nguyễn Thị Hoa sửa tiêu chí 6, điểm tự đánh giá: — → 120." in text
    assert snapshot() == before  # Hoa's 80 stands; nothing of Lan's was written
    html = r.content.decode()
    assert 'value="20"' in html and 'value="30"' in html  # Lan's typing is still on her page

    # Lan reloads, sees 80, and saves on top of it knowingly
    assert post(lan, url, {"version": loaded_version(lan, a), "points_1": "20", "points_2": "30"}).status_code == 302
    points = dict(Score.objects.filter(assessment=a, criterion__number__in=[1, 2, 6])
                  .values_list("criterion__number", "points"))
    assert points == {1: 20, 2: 30, 6: 120}
    who = [(r.criterion.number, r.points, r.history_user.first_name) for r in
           Score.history.filter(assessment_id=a.pk, criterion__number=1).order_by("history_date")]
    assert who == [(1, 80, "Hoa"), (1, 20, "Lan")]  # both saves are in the audit history, in order


def test_a_replayed_save_is_refused(two_officers):
    """A double click or a resent form carries the version it was loaded at: the second is refused."""
    a, hoa, _lan = two_officers
    url = reverse("assessments:scores", args=[a.pk])
    data = {"version": loaded_version(hoa, a), "points_1": "90"}
    assert post(hoa, url, data).status_code == 302
    before = snapshot()
    r = post(hoa, url, {**data, "points_1": "10"})
    assert r.status_code == 400 and "Hồ sơ vừa được người khác cập nhật" in " ".join(page_messages(r))
    assert snapshot() == before
    assert Assessment.objects.get(pk=a.pk).version == int(data["version"]) + 1


def test_a_save_after_the_colleague_submitted_names_the_submission(workflow, two_officers):
    a, hoa, lan = two_officers
    seen_by_lan = loaded_version(lan, a)
    services.scores_save(by=workflow.officer, assessment_id=a.pk, seen_version=a.version,
                         points=full_points(workflow.standard))
    services.council_save(by=workflow.officer, assessment_id=a.pk, seen_version=seen(a),
                          meeting_date=datetime.date(2024, 11, 8),
                          conclusion="Đề nghị công nhận", members=[])
    r = post(hoa, reverse("assessments:submit", args=[a.pk]), {"version": loaded_version(hoa, a), "confirm": "1"},
             follow=True)
    assert "Đã nộp hồ sơ lên cơ quan công nhận." in page_messages(r)

    before = snapshot()
    r = post(lan, reverse("assessments:scores", args=[a.pk]), {"version": seen_by_lan, "points_1": "5"})
    text = " ".join(page_messages(r))
    assert r.status_code == 400
    assert "Nguyễn Thị Hoa chuyển hồ sơ sang “Đã nộp hồ sơ”." in text
    assert "Nguyễn Thị Hoa sửa tiêu chí 1, điểm tự đánh giá: — → 100." in text and "thay đổi khác" in text
    assert snapshot() == before


def test_many_changes_are_summed_up_not_listed_forever(two_officers, workflow):
    a, hoa, lan = two_officers
    seen = loaded_version(lan, a)
    for n in range(1, 14):
        version = Assessment.objects.get(pk=a.pk).version
        services.scores_save(by=workflow.officer, assessment_id=a.pk, seen_version=version, points={n: 1})
    r = post(lan, reverse("assessments:scores", args=[a.pk]), {"version": seen, "points_1": "5"})
    text = " ".join(page_messages(r))
    assert "… và 5 thay đổi khác." in text and text.count("Nguyễn Thị Hoa sửa tiêu chí") == 8


@pytest.mark.browser
def test_two_browsers_editing_the_same_assessment(workflow, make_user, browser, live_server,
                                                  plain_static_storage):
    """Two Chromium contexts (two people at two desks) open the same scoring page."""
    from playwright.sync_api import expect

    from tests.pages import log_in, new_context, save

    w = workflow
    colleague = make_user(Role.COMMUNE_OFFICER, w.units.commune, first_name="Lan", last_name="Trần Thị")
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    desks = []
    for user in (w.officer, colleague):
        context = new_context(browser)
        page = context.new_page()
        log_in(page, live_server, user)
        page.goto(live_server.url + reverse("assessments:detail", args=[a.pk]))
        desks.append((context, page))
    (_c1, hoa), (_c2, lan) = desks
    try:
        hoa.fill("#points_4", "45")
        save(hoa, "button[name=save]", shows="Đã lưu điểm tự đánh giá")

        lan.fill("#points_4", "10")
        save(lan, "button[name=save]", shows="Hồ sơ vừa được người khác cập nhật", where="[role=alert]")
        expect(lan.locator("[role=alert]")).to_contain_text("Nguyễn Thị Hoa sửa tiêu chí 4, điểm tự đánh giá: — → 45.")
        expect(lan.locator("#points_4")).to_have_value("10")  # her typing survives the refusal
        assert Score.objects.get(assessment=a, criterion__number=4).points == 45
    finally:
        for context, _page in desks:
            context.close()
