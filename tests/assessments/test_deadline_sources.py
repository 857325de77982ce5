"""Each deadline names what is due and the words of the text that sets it; the districts' report to the
province (30/11 in the provinces' plans) is a deadline of its own, never the decision's; a deadline no
text sets says so."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Notification, Role
from assessments import deadlines, services
from assessments.models import Assessment, Round
from tests import factories

pytestmark = pytest.mark.django_db

PLAN = "Kế hoạch số 120/KH-UBND ngày 15/3/2024 của UBND tỉnh Lào Cai"
REPORT_WORDS = (f"{PLAN}, mục VI.1: “… báo cáo tình hình, kết quả thực hiện … trong năm và chỉ tiêu … năm sau "
                "gửi Sở … trước ngày 30 tháng 11 hàng năm”")


def test_the_round_form_keeps_each_deadline_with_its_own_words(client, standards, units, make_user):
    client.force_login(make_user(Role.PROVINCIAL_STAFF, units.province))
    response = client.post(reverse("assessments:round_new"), {
        "year": 2024, "standard": standards["06/QĐ-TTg"].pk, "period_start": "01/11/2023",
        "period_end": "31/10/2024", "deadlines_source": PLAN,
        "submission_due": "15/11/2024", "submission_source": f"{PLAN}, mục III.3: “… trước ngày 15/11/2024”",
        "appraisal_due": "25/11/2024", "decision_due": "28/11/2024",
        "district_report_due": "30/11/2024", "district_report_source": REPORT_WORDS, "report_due": "10/12/2024"})
    r = Round.objects.get()
    assert response.status_code == 302 and r.district_report_due == dt.date(2024, 11, 30)
    rows = {d.key: d for d in deadlines.of_round(r)}
    assert list(rows) == ["submission", "appraisal", "decision", "district_report", "report"]  # no registration day
    assert rows["submission"].source.endswith("trước ngày 15/11/2024”")
    assert rows["district_report"].source == REPORT_WORDS and rows["district_report"].who == "UBND cấp huyện"
    assert rows["district_report"].label == "Hạn UBND cấp huyện báo cáo kết quả trong năm và chỉ tiêu năm sau về Sở"
    assert rows["decision"].label == "Hạn ra quyết định công nhận"  # the report's 30/11 is not the decision's
    for key in ("appraisal", "decision", "report"):
        assert rows[key].source == deadlines.NO_SOURCE == "Chưa ghi văn bản đặt hạn này (ngày do tỉnh chọn khi mở đợt)"
    html = client.get(reverse("assessments:round", args=[r.pk])).content.decode()
    assert f"Kế hoạch của đợt: {PLAN}" in html and "cấp huyện báo cáo 30/11/2024" in html
    assert html.count(deadlines.NO_SOURCE) == 3 and "mục VI.1" in html


def test_the_districts_report_is_reminded_before_its_day_only(workflow, django_capture_on_commit_callbacks):
    w = workflow
    Round.objects.filter(pk=w.round.pk).update(district_report_due=dt.date(2024, 11, 28))
    factories.AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer)
    with django_capture_on_commit_callbacks(execute=True):
        deadlines.send_reminders(dt.date(2024, 11, 21))
        reminded = Notification.objects.filter(key__contains=":district_report:")
        assert [(n.recipient, n.subject) for n in reminded] == [
            (w.district, "Còn 7 ngày đến hạn UBND cấp huyện báo cáo kết quả trong năm và chỉ tiêu năm sau về Sở "
                         "(28/11/2024)")]
        deadlines.send_reminders(dt.date(2024, 11, 29))  # no act is recorded for a report: nothing after it
    assert Notification.objects.filter(key__contains=":district_report:").count() == 1


def test_a_round_after_the_reform_has_no_districts_report(standards, make_unit, make_user):
    from communes.models import Kind, Level

    province = make_unit("Tỉnh Bắc Ninh", "24", Level.PROVINCE, Kind.PROVINCE, valid_from=dt.date(2025, 7, 1))
    with pytest.raises(ValidationError, match="không còn cấp huyện"):
        services.round_open(
            by=make_user(Role.PROVINCIAL_STAFF, province), province=province, year=2026,
            standard=standards["06/QĐ-TTg"], period_start=dt.date(2025, 11, 1), period_end=dt.date(2026, 10, 31),
            submission_due=dt.date(2026, 11, 15), appraisal_due=dt.date(2026, 11, 25),
            decision_due=dt.date(2026, 11, 28), district_report_due=dt.date(2026, 11, 30),
            report_due=dt.date(2026, 12, 10))
    assert not Round.objects.exists() and not Assessment.objects.exists()
