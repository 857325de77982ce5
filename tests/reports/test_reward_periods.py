"""The 3- and 5-year lists say which reward applies in their period: before 1/7/2025 the district's
certificate of merit for 3 years and the province's for 5 (seed 001); from the two-tier period the
province decides both (criteria.rules.REWARDS, with sources). Pages, the Excel row and the merit page."""

import datetime
import re

from django.urls import reverse

from communes.models import Kind, Level
from reports.exports import holder_values

REFORM = datetime.date(2025, 7, 1)


def _text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_holders_page_names_the_reward_of_its_year(client, world, cast, make_unit, make_user, make_round):
    client.force_login(cast.provincial)
    before = _text(client.get(reverse("reports:holders"), {"year": 2024}))
    assert ("Đạt chuẩn 03 năm liên tục: Giấy khen của Chủ tịch UBND cấp huyện (Chủ tịch UBND cấp huyện); "
            "05 năm liên tục: Bằng khen của Chủ tịch UBND tỉnh") in before
    assert "Căn cứ: Kế hoạch số 965/KH-UBND ngày 22/3/2017" in before
    # a province of the two-tier period with its 2025 round
    province = make_unit("Tỉnh Bắc Ninh", "24", Level.PROVINCE, Kind.PROVINCE, valid_from=REFORM)
    make_unit("Phường Kinh Bắc", "09187", Level.COMMUNE, Kind.WARD, province, valid_from=REFORM)
    make_round(province, 2025, world.standard)
    client.force_login(make_user("provincial_staff", province))
    after = _text(client.get(reverse("reports:holders"), {"year": 2025}))
    assert ("Đạt chuẩn 03 năm liên tục: khen thưởng do Chủ tịch UBND tỉnh quyết định (không còn Giấy khen cấp "
            "huyện) (Chủ tịch UBND tỉnh)") in after
    assert "chưa có văn bản xác nhận" in after and "Luật Tổ chức chính quyền địa phương ngày 16/6/2025" in after
    for text in (before, after):  # both periods, each with its source, on every list
        assert "Đến 30/06/2025: 03 năm liên tục – Giấy khen của Chủ tịch UBND cấp huyện" in text
        assert "Từ 01/07/2025: 03 năm liên tục – khen thưởng do Chủ tịch UBND tỉnh quyết định" in text


def test_the_excel_row_proposes_the_reward_of_its_year():
    h = {"code": "22810", "name": "Thị trấn Tân Sơn", "parent": "Huyện Ninh Sơn", "run": 3}
    assert holder_values(1, h, 2024)[-1] == "Giấy khen của Chủ tịch UBND cấp huyện (3 năm liên tục)"
    assert holder_values(1, {**h, "run": 5}, 2024)[-1] == "Bằng khen của Chủ tịch UBND tỉnh (5 năm liên tục)"
    assert holder_values(1, h, 2026)[-1] == (
        "Khen thưởng do Chủ tịch UBND tỉnh quyết định (không còn Giấy khen cấp huyện) (3 năm liên tục)")


def test_the_merit_page_heads_its_lists_with_todays_rewards(client, world, cast):
    client.force_login(cast.provincial)
    text = _text(client.get(reverse("assessments:merit")))
    assert "3 năm liên tục – đề nghị khen thưởng do Chủ tịch UBND tỉnh quyết định" in text  # 2026: no district
    assert "5 năm liên tục – đề nghị Bằng khen của Chủ tịch UBND tỉnh" in text
    assert "Đến 30/06/2025: 03 năm liên tục – Giấy khen của Chủ tịch UBND cấp huyện" in text
