"""``?format=csv`` for every table, and ETag / Last-Modified answered 304 while nothing changed."""

import csv
import io

import pytest
from django.urls import reverse

from assessments.models import Assessment


def _csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Vietnamese as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize("name", ["api:unit-list", "api:standard-list", "api:sector-list", "api:round-list",
                                  "api:dossier-list", "api:decision-list", "api:registration-list",
                                  "api:target-list", "api:report_summary", "api:report_criteria",
                                  "api:report_trend", "api:report_holders"])
def test_every_table_comes_as_csv_with_the_rows_of_its_json(api, name):
    client = api.keys["lao_cai"].client
    data = client.get(reverse(name)).json()
    rows = _csv(client.get(reverse(name), {"format": "csv"}))
    if "results" in data:
        key = "id" if "id" in data["results"][0] else "code"
        assert [r[key] for r in rows] == [str(row[key]) for row in data["results"]]
    elif name == "api:report_summary":
        assert len(rows) == len(data["rows"]) + 1  # and the total
    elif name == "api:report_trend":
        assert len(rows) == len(data["total"]) + sum(len(line["points"]) for line in data["lines"])
    else:
        assert len(rows) == len(data["rows"])


def test_the_dossiers_csv_has_one_column_per_field(api):
    rows = _csv(api.keys["lao_cai"].client.get(reverse("api:dossier-list"), {"format": "csv", "status": "recognised"}))
    assert len(rows) == 1
    row = rows[0]
    assert row["commune.name"] == "Thị trấn Khánh Yên" and row["year"] == "2024" and row["status"] == "recognised"
    assert row["decision.number"] == api.own.decision.number and row["meets_standard"] == "true"


def test_a_text_a_spreadsheet_would_run_as_a_formula_is_quoted(api):
    api.own.decision_reason = "=HYPERLINK(\"http://x\")"
    Assessment.objects.filter(pk=api.own.pk).update(decision_reason=api.own.decision_reason)
    rows = _csv(api.keys["lao_cai"].client.get(reverse("api:dossier-list"), {"format": "csv", "status": "recognised"}))
    assert rows[0]["decision_reason"] == "'=HYPERLINK(\"http://x\")"


def test_an_error_comes_as_csv_too(api):
    r = api.keys["lao_cai"].client.get(reverse("api:dossier-detail", kwargs={"pk": api.other.pk}), {"format": "csv"})
    assert r.status_code == 404
    assert _csv(r) == [{"code": "not_found", "message": "Không tìm thấy (hoặc không thuộc phạm vi được đọc)."}]


@pytest.mark.parametrize("name", ["api:unit-list", "api:dossier-list", "api:report_summary"])
def test_an_unchanged_answer_costs_a_304(api, name):
    client = api.keys["lao_cai"].client
    first = client.get(reverse(name))
    assert first.status_code == 200 and first["ETag"] and first["Cache-Control"] == "private, no-cache"
    again = client.get(reverse(name), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    as_csv = client.get(reverse(name), {"format": "csv"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert as_csv.status_code == 200 and as_csv["ETag"] != first["ETag"]  # another body, another tag


def test_a_changed_dossier_changes_the_etag_and_last_modified(api):
    from django.utils import timezone

    client, url = api.keys["lao_cai"].client, reverse("api:dossier-list")
    first = client.get(url)
    assert first["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    later = timezone.now() + timezone.timedelta(seconds=5)
    Assessment.objects.filter(pk=api.own.pk).update(decision_reason="Đạt đủ 13 tiêu chí", updated_at=later)
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Đạt đủ 13 tiêu chí" in changed.content.decode()
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200
    detail = client.get(reverse("api:dossier-detail", kwargs={"pk": api.own.pk}))
    assert client.get(reverse("api:dossier-detail", kwargs={"pk": api.own.pk}),
                      HTTP_IF_MODIFIED_SINCE=detail["Last-Modified"]).status_code == 304
