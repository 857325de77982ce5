"""The 3- and 5-year lists say which reward applies, in the words of the text that says so and only in the
province and period it covers (criteria.rules.REWARDS): Ninh Thuận's plan of 2017–2020 (Kế hoạch số
965/KH-UBND, V.11.d: "khen thưởng, động viên kịp thời" for 3 years; "trình Chủ tịch UBND tỉnh xét khen
thưởng" for 5); any other province, or a later year, reads rows that name no form of reward and say no
text of the province is recorded; from 01/7/2025 the province's chairman decides both. Every row is
marked: no text gives the form of the reward. Pages, the Excel row and the merit page."""

import datetime
import re

from django.urls import reverse

from communes.models import Kind, Level
from criteria import rules
from reports.exports import holder_values

REFORM = datetime.date(2025, 7, 1)
NT_3 = ("Kế hoạch số 965/KH-UBND ngày 22/3/2017 của UBND tỉnh Ninh Thuận, mục V.11.d: “Căn cứ vào tình hình thực "
        "tế để khen thưởng, động viên kịp thời đối với các xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em "
        "trong 03 năm liên tục”")
NO_TEXT = "Chưa ghi văn bản của tỉnh về khen thưởng xã, phường, thị trấn phù hợp với trẻ em"
MARK = "chưa có văn bản quy định hình thức khen thưởng"


def _text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_a_provinces_text_applies_to_that_province_and_its_period_only():
    nt_2018 = rules.rewards_on(rules.reward_day(2018), "58")
    assert (nt_2018[3].name, nt_2018[3].decided_by, nt_2018[3].source) == (
        "khen thưởng, động viên kịp thời", "UBND huyện, thành phố", NT_3)
    assert (nt_2018[5].name, nt_2018[5].decided_by) == (
        "Chủ tịch UBND tỉnh xét khen thưởng", "Chủ tịch UBND tỉnh, do UBND huyện, thành phố trình")
    assert "“trình Chủ tịch Ủy ban nhân dân tỉnh xét khen thưởng" in nt_2018[5].source
    for day, province in ((rules.reward_day(2018), "20"), (rules.reward_day(2018), ""),
                          (rules.reward_day(2021), "58"), (rules.reward_day(2024), "58")):
        other = rules.rewards_on(day, province)  # Lạng Sơn, the whole country, Ninh Thuận after its plan
        assert other[3].name == other[5].name == "khen thưởng theo quy định của tỉnh", (day, province)
        assert other[3].source.startswith(NO_TEXT) and "Ninh Thuận" not in other[3].source + other[5].source
    after = rules.rewards_on(rules.reward_day(2025), "58")
    assert after[3].name == "khen thưởng do Chủ tịch UBND tỉnh xét" and "huyện" not in after[5].name
    assert "Luật Tổ chức chính quyền địa phương số 72/2025/QH15" in after[3].source
    assert all(r.provisional for r in rules.REWARDS)  # no text gives the form of the reward
    assert not any("seed" in r.source.lower() for r in rules.REWARDS)
    assert [(p["from"], p["to"]) for p in rules.reward_periods("58")] == [
        (None, datetime.date(2017, 3, 21)), (datetime.date(2017, 3, 22), datetime.date(2020, 12, 31)),
        (datetime.date(2021, 1, 1), datetime.date(2025, 6, 30)), (REFORM, None)]
    assert [(p["from"], p["to"]) for p in rules.reward_periods("20")] == [(None, datetime.date(2025, 6, 30)),
                                                                          (REFORM, None)]


def test_the_holders_page_names_the_reward_of_its_province_and_year(client, world, cast, make_unit, make_user,
                                                                    make_round):
    make_round(world.nt, 2020, world.standard)
    client.force_login(cast.provincial)
    nt_2020 = _text(client.get(reverse("reports:holders"), {"year": 2020}))
    assert ("Đạt chuẩn 03 năm liên tục: khen thưởng, động viên kịp thời (UBND huyện, thành phố); 05 năm liên tục: "
            "Chủ tịch UBND tỉnh xét khen thưởng (Chủ tịch UBND tỉnh, do UBND huyện, thành phố trình)") in nt_2020
    assert f"Căn cứ: {NT_3}" in nt_2020 and MARK in nt_2020
    assert "Từ 22/03/2017 đến 31/12/2020: 03 năm liên tục – khen thưởng, động viên kịp thời" in nt_2020
    nt_2024 = _text(client.get(reverse("reports:holders"), {"year": 2024}))
    assert "Đạt chuẩn 03 năm liên tục: khen thưởng theo quy định của tỉnh" in nt_2024
    assert f"Căn cứ: {NO_TEXT}" in nt_2024
    client.force_login(cast.outsider)  # Lạng Sơn: Ninh Thuận's plan is not its rule
    ls_2024 = _text(client.get(reverse("reports:holders"), {"year": 2024}))
    assert "Ninh Thuận" not in ls_2024 and "965/KH-UBND" not in ls_2024 and NO_TEXT in ls_2024
    # a province of the two-tier period with its 2025 round
    province = make_unit("Tỉnh Bắc Ninh", "24", Level.PROVINCE, Kind.PROVINCE, valid_from=REFORM)
    make_unit("Phường Kinh Bắc", "09187", Level.COMMUNE, Kind.WARD, province, valid_from=REFORM)
    make_round(province, 2025, world.standard)
    client.force_login(make_user("provincial_staff", province))
    after = _text(client.get(reverse("reports:holders"), {"year": 2025}))
    assert ("Đạt chuẩn 03 năm liên tục: khen thưởng do Chủ tịch UBND tỉnh xét (Chủ tịch UBND tỉnh (không còn cấp "
            "huyện))") in after
    assert MARK in after and "Ninh Thuận" not in after
    for text in (nt_2020, nt_2024, ls_2024, after):  # every period, each with its source, on every list
        assert "Từ 01/07/2025: 03 năm liên tục – khen thưởng do Chủ tịch UBND tỉnh xét" in text
        assert "seed" not in text.lower()


def test_the_excel_row_proposes_the_reward_of_its_province_and_year():
    h = {"code": "22810", "name": "Thị trấn Tân Sơn", "parent": "Huyện Ninh Sơn", "run": 3}
    assert holder_values(1, h, 2019, "58")[-1] == "Khen thưởng, động viên kịp thời (3 năm liên tục)"
    assert holder_values(1, {**h, "run": 5}, 2019, "58")[-1] == "Chủ tịch UBND tỉnh xét khen thưởng (5 năm liên tục)"
    assert holder_values(1, h, 2019, "20")[-1] == "Khen thưởng theo quy định của tỉnh (3 năm liên tục)"
    assert holder_values(1, h, 2026)[-1] == "Khen thưởng do Chủ tịch UBND tỉnh xét (3 năm liên tục)"


def test_the_merit_page_heads_its_lists_with_todays_rewards(client, world, cast):
    client.force_login(cast.provincial)
    text = _text(client.get(reverse("assessments:merit")))
    assert "3 năm liên tục – đề nghị khen thưởng do Chủ tịch UBND tỉnh xét" in text  # 2026: no district
    assert "Từ 22/03/2017 đến 31/12/2020: 03 năm liên tục – khen thưởng, động viên kịp thời" in text  # its own plan
    client.force_login(cast.outsider)
    text = _text(client.get(reverse("assessments:merit")))
    assert "Ninh Thuận" not in text and "Đến 30/06/2025: 03 năm liên tục – khen thưởng theo quy định của tỉnh" in text


def test_the_targets_form_gives_no_other_provinces_plan_as_its_example(client, world, cast):
    client.force_login(cast.outsider)  # Lạng Sơn's staff set their own targets
    text = _text(client.get(reverse("reports:targets")))
    assert "Ví dụ: Kế hoạch số …/KH-UBND ngày … của UBND tỉnh …" in text.replace("ví dụ", "Ví dụ")
    assert "Ninh Thuận" not in text and "965/KH-UBND" not in text
