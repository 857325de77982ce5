"""Two hostile workbooks at once do not make the app unavailable (issues 17 and 21): on gunicorn with
two workers, two commune officers upload at the same moment a score workbook that declares 7 rows
and holds two million, and one of 135 KB holding 900,000 styles; each is refused with its Vietnamese
message in well under a second (every part is counted before openpyxl builds it), and a third
person's page answers meanwhile.
"""

import time

from bench.stack import Session, Stack
from tests.assessments.test_excel_bounded import bomb
from tests.reliability.conftest import app_env, seed
from tests.reliability.test_concurrent_gunicorn import race

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_two_workbook_bombs_at_once_leave_the_app_available(pg_database, tmp_path):
    url = pg_database[1]
    world = seed(url, "concurrency", tmp_path / "media")
    bombs = [bomb("2 triệu dòng trống"), bomb("900 nghìn kiểu ô")]
    with Stack(app_env(url, tmp_path / "media"), tmp_path / "logs") as stack:
        base = stack.server(workers=2, timeout=30)
        password = world["password"]
        uploaders = [Session(base, row["officers"][0], password) for row in world["drafts"][:2]]
        bystander = Session(base, world["recognising"][0], password)
        answers, timings = [], {}

        def upload(session, content):
            started = time.monotonic()
            answers.append(session.post(f"/danh-gia/dot/{world['round']}/tai-len/", {},
                                        files={"file": ("diem.xlsx", content, XLSX)}))
            timings[session.username] = time.monotonic() - started

        def meanwhile():  # pressed at the same instant as the two uploads
            started = time.monotonic()
            answers.append(bystander.get(f"/danh-gia/dot/{world['round']}/"))
            timings["bystander"] = time.monotonic() - started

        race(meanwhile, *[lambda s=s, b=b: upload(s, b) for s, b in zip(uploaders, bombs)])
        logs = stack.logs()

    assert len(answers) == 3 and all(status in (200, 400) for status, _u, _h in answers), (answers, logs)
    refused = [html for status, _u, html in answers if status == 400]
    assert len(refused) == 2
    assert any("20.000 dòng" in html for html in refused) and any("định dạng ô" in html for html in refused)
    assert all(seconds < 10 for seconds in timings.values()), timings
    assert "WORKER TIMEOUT" not in logs
    print(f"\nseconds: {timings}")
