"""Deadlines judged by the acts' days, and the nightly reminders (send_reminders) at chosen dates, e-mailed
through a real SMTP server (tests/mailserver.py) and read back.

Lào Cai's 2024 round (tests/factories.RoundFactory): communes submit by 15/11, the district appraises
by 30/11, decides by 10/12, the province reports by 10/12; only the submission has a text here (its words
quoted), the others say no text sets them. Khánh Yên's dossier is a draft; Võ Lao's was submitted on 14/11
but recorded later (its submitted_on is the act's day), so it is on time.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Notification
from assessments import deadlines
from assessments.models import Assessment
from tests import factories
from tests.mailserver import parts, smtp, subject  # noqa: F401 - the fixture

S = Assessment.Status
PLAN = "Kế hoạch số 120/KH-UBND ngày 15/3/2024 của UBND tỉnh Lào Cai"
SUBMISSION_SOURCE = f"{PLAN}, mục III.3: “… gửi Ủy ban nhân dân huyện, thị xã, thành phố trước ngày 15/11/2024”"
SUBMISSION = "hạn xã gửi hồ sơ đề nghị công nhận về UBND cấp huyện"


@pytest.fixture
def season(workflow):
    w = workflow
    for user, address in ((w.officer, "khanhyen@xa.test"), (w.neighbour_officer, "volao@xa.test"),
                          (w.district, "vanban@huyen.test"), (w.users.sector_appraiser, "nganh@huyen.test"),
                          (w.chair, "chutich@huyen.test"), (w.province_staff, "so@tinh.test")):
        user.email = address
        user.save(update_fields=["email"])
    w.round.deadlines_source = PLAN
    w.round.submission_source = SUBMISSION_SOURCE
    w.round.save(update_fields=["deadlines_source", "submission_source"])
    draft = factories.AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer)
    submitted = factories.AssessmentFactory(round=w.round, commune=w.units.neighbour, officer=w.neighbour_officer,
                                            state=S.SUBMITTED)
    Assessment.objects.filter(pk=submitted.pk).update(submitted_on=dt.date(2024, 11, 14))  # the act's day
    return SimpleNamespace(w=w, draft=draft, submitted=submitted)


def _remind(day, capture):
    with capture(execute=True):
        return deadlines.send_reminders(day)


def _sent(smtp):  # noqa: F811
    return sorted((m.envelope_to[0], subject(m)) for m in smtp.messages)


def test_reminders_seven_days_one_day_before_and_the_day_after(smtp, season, django_capture_on_commit_callbacks):  # noqa: F811
    capture = django_capture_on_commit_callbacks
    _remind(dt.date(2024, 11, 8), capture)  # 7 days before the submission
    assert _sent(smtp) == [("khanhyen@xa.test", f"Còn 7 ngày đến {SUBMISSION} (15/11/2024)"),
                           ("volao@xa.test", f"Còn 7 ngày đến {SUBMISSION} (15/11/2024)")]  # not yet on 8/11
    text, html = parts(next(m for m in smtp.messages if m.envelope_to == ["khanhyen@xa.test"]))
    for body in (text, html):
        assert f"(căn cứ: {SUBMISSION_SOURCE})" in body and "Thị trấn Khánh Yên" in body
        assert "Xã Võ Lao" not in body
    smtp.messages.clear()

    _remind(dt.date(2024, 11, 14), capture)  # 1 day before: Võ Lao submitted that day
    assert _sent(smtp) == [("khanhyen@xa.test", f"Ngày mai (15/11/2024) là {SUBMISSION}")]
    smtp.messages.clear()

    _remind(dt.date(2024, 11, 16), capture)  # the day after: only the draft is late
    assert _sent(smtp) == [("khanhyen@xa.test", f"Đã quá {SUBMISSION} (15/11/2024)")]
    assert "Hồ sơ quá hạn: Thị trấn Khánh Yên." in parts(smtp.messages[0])[0]
    smtp.messages.clear()

    assert _remind(dt.date(2024, 11, 16), capture) == [] and smtp.messages == []  # run twice: nothing again
    assert _remind(dt.date(2024, 11, 9), capture) == [] and smtp.messages == []  # no deadline near

    _remind(dt.date(2024, 11, 23), capture)  # 7 days before the appraisal: the district and its sectors
    assert _sent(smtp) == [("nganh@huyen.test", "Còn 7 ngày đến hạn hoàn thành thẩm định hồ sơ (30/11/2024)"),
                           ("vanban@huyen.test", "Còn 7 ngày đến hạn hoàn thành thẩm định hồ sơ (30/11/2024)")]
    assert "Hồ sơ chưa hoàn thành: Xã Võ Lao." in parts(smtp.messages[0])[0]
    smtp.messages.clear()

    _remind(dt.date(2024, 12, 3), capture)  # decision and report: nothing appraised; the province reports
    assert _sent(smtp) == [("so@tinh.test", "Còn 7 ngày đến hạn Sở tổng hợp báo cáo UBND tỉnh và Bộ (10/12/2024)")]
    smtp.messages.clear()
    _remind(dt.date(2024, 12, 11), capture)  # the day after the report: no act recorded, no reminder
    assert smtp.messages == []
    # seven e-mails; the district's other sector appraisers (no address) are told in the app only
    assert Notification.objects.filter(key__startswith="deadline:", mail="sent").count() == 7
    assert set(Notification.objects.filter(key__startswith="deadline:", mail="none").values_list(
        "recipient__role", flat=True)) == {"sector_appraiser"}


def test_the_command_sends_the_reminders_of_a_day(smtp, season, capsys):  # noqa: F811
    call_command("send_reminders", "--on", "2024-11-16")
    assert "1 thông báo nhắc hạn mới" in capsys.readouterr().out
    n = Notification.objects.get(key__startswith="deadline:")
    assert n.recipient == season.w.officer and n.url == reverse("assessments:round", args=[season.w.round.pk])


def test_deadlines_are_judged_by_the_acts_day_not_the_recording(season):
    rows = {r["deadline"].key: r for r in deadlines.for_round_page(
        season.w.round, [season.draft, Assessment.objects.get(pk=season.submitted.pk)], dt.date(2024, 11, 20))}
    submission = rows["submission"]
    assert submission["deadline"].due == dt.date(2024, 11, 15)
    assert submission["deadline"].source == SUBMISSION_SOURCE
    assert rows["appraisal"]["deadline"].source == rows["decision"]["deadline"].source == deadlines.NO_SOURCE
    assert (submission["state"]["on_time"], submission["state"]["late"], submission["state"]["overdue"]) == (1, 0, 1)
    assert submission["summary"] == "1 hồ sơ quá hạn; 1 hồ sơ đúng hạn"
    assert rows["appraisal"]["summary"] == "1 hồ sơ chưa xong"


def test_the_home_page_shows_the_units_deadlines(client, season, settings):
    w = season.w
    client.force_login(w.officer)
    html = client.get(reverse("home")).content.decode()
    assert "Hạn của đơn vị" in html and "Hạn xã gửi hồ sơ đề nghị công nhận về UBND cấp huyện năm 2024" in html
    assert "Căn cứ: Kế hoạch số 120/KH-UBND ngày 15/3/2024 của UBND tỉnh Lào Cai, mục III.3" in html
    client.force_login(w.district)
    html = client.get(reverse("home")).content.decode()
    assert "Hạn hoàn thành thẩm định hồ sơ năm 2024" in html and "1 hồ sơ" in html


def test_the_round_page_lists_its_deadlines_with_their_source(client, season):
    client.force_login(season.w.district)
    html = client.get(reverse("assessments:round", args=[season.w.round.pk])).content.decode()
    assert 'id="deadlines"' in html and "Hạn xã gửi hồ sơ đề nghị công nhận" in html
    assert "Kế hoạch của đợt: Kế hoạch số 120/KH-UBND ngày 15/3/2024 của UBND tỉnh Lào Cai" in html
    assert "trước ngày 15/11/2024”" in html and deadlines.NO_SOURCE in html


def test_the_nightly_task_sends_the_reminders_of_its_day(smtp, season, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        result = deadlines.send_reminders_task.enqueue("2024-11-14")  # the immediate backend of the tests
    assert result.return_value == 1
    assert _sent(smtp) == [("khanhyen@xa.test", f"Ngày mai (15/11/2024) là {SUBMISSION}")]
