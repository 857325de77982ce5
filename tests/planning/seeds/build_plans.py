"""How seed_plans.json was made from the two seed plans beside it (run once; the JSON is what the tests load).

    .venv/bin/python tests/planning/seeds/build_plans.py > tests/planning/seeds/seed_plans.json

The body of each seed (from its first part to its closing paragraph) is cut into the plan's parts and entries
by the shape of its lines: "I." starts a part, "1." an item (its heading when text follows it, its text when
the next line is another item), "- " a bullet, any other line a paragraph of the entry above. The heading,
number, date, title, basis, closing, recipients and signer are given below as each seed writes them (a field
the seed leaves out stays empty: seed 001 names no signer; seed 003 prints no heading, so its issuing body is
the one the app proposes, see test_seed_plans.py). What each entry sets (a target, a deadline, a level, a
department) is marked in MARKS by the first words of the entry, from the seed's own words.
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
PART = re.compile(r"^([IVX]+)\. (.+)$")
ITEM = re.compile(r"^(\d+)\. (.+)$")

PARTS = {  # the seeds' part headings → the app's kind of part
    "MỤC ĐÍCH YÊU CẦU": "purpose", "MỤC ĐÍCH, YÊU CẦU": "purpose", "MỤC TIÊU": "targets",
    "NHIỆM VỤ VÀ GIẢI PHÁP": "tasks", "NỘI DUNG THỰC HIỆN": "tasks", "KINH PHÍ THỰC HIỆN": "funding",
    "PHÂN CÔNG TRÁCH NHIỆM": "organisation", "TỔ CHỨC THỰC HIỆN": "organisation", "CHẾ ĐỘ BÁO CÁO": "reporting",
}

NINH_THUAN = {
    "file": "001_ninh_thuan_2017.txt", "province": ["58", "Tỉnh Ninh Thuận"], "year": 2017, "year_to": 2020,
    "parent_body": "", "issuer_body": "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN", "number": "965", "symbol": "KH-UBND",
    "place": "Ninh Thuận", "issued_on": "2017-03-22", "issued_month": None,
    "signer_authority": "", "signer_title": "", "signer_name": "",
    "first_body_line": "Thực hiện Quyết định số 34/2014/QĐ-TTg", "closing_starts": "Giao Sở Lao động",
    "marks": {
        "Hằng năm xét công nhận mới": {"kind": "target", "target_kind": "new", "target_percent": "3",
                                       "target_percent_max": "5", "target_year_from": 2017, "target_year": 2020},
        "Phấn đấu đến năm 2020, 80%": {"kind": "target", "target_kind": "recognised", "target_percent": "80",
                                       "target_year": 2020},
        "Đẩy mạnh các hoạt động tuyên truyền": {"kind": "communication"},
        "Nâng cao năng lực về chuyên môn": {"kind": "training"},
        "Tăng cường công tác kiểm tra, giám sát.": {"kind": "inspection"},
        "Kinh phí thực hiện kế hoạch này": {"kind": "funding"},
        "Kinh phí khen thưởng": {"kind": "funding"},
        "Sở Lao động - Thương binh và Xã hội:": {"kind": "task", "level": "province", "sector": "labour"},
        "Sở Kế hoạch và Đầu tư, Sở Tài chính:": {"kind": "task", "level": "province"},
        "Sở Nội vụ:": {"kind": "task", "level": "province"},
        "Sở Y tế:": {"kind": "task", "level": "province", "sector": "health"},
        "Sở Tư pháp:": {"kind": "task", "level": "province", "sector": "justice"},
        "Sở Giáo dục và Đào tạo:": {"kind": "task", "level": "province", "sector": "education"},
        "Công an tỉnh:": {"kind": "task", "level": "province", "sector": "police"},
        "Sở Văn hóa Thể thao": {"kind": "task", "level": "province", "sector": "culture"},
        "Sở Thông tin và Truyền thông": {"kind": "task", "level": "province"},
        "Đề nghị Ủy ban Mặt trận": {"kind": "task", "level": "province"},
        "Ủy ban nhân dân các huyện, thành phố:": {"kind": "task", "level": "district"},
        # VI.1 "… gửi Sở … trước ngày 30 tháng 11 hàng năm", VI.2 "… trước ngày 10 tháng 12 hàng năm"
        "Ủy ban nhân dân các huyện, thành phố báo cáo": {"kind": "report", "level": "district",
                                                        "due_on": "2017-11-30", "yearly": True,
                                                        "deadline": "district_report"},
        "Sở Lao động - Thương binh và Xã hội tổng hợp": {"kind": "report", "level": "province", "sector": "labour",
                                                         "due_on": "2017-12-10", "yearly": True,
                                                         "deadline": "report"},
    },
}

LANG_SON = {
    "file": "003_lang_son_2022.txt", "province": ["20", "Tỉnh Lạng Sơn"], "year": 2022, "year_to": None,
    "number": "", "symbol": "KH-SLĐTBXH", "place": "Lạng Sơn", "issued_on": None, "issued_month": 3,
    "signer_authority": "KT. GIÁM ĐỐC", "signer_title": "PHÓ GIÁM ĐỐC", "signer_name": "Đàm Văn Chính",
    "first_body_line": "Thực hiện Quyết định số 06/QĐ-TTg ngày 03/01/2019 của Thủ tướng Chính phủ về việc",
    "closing_starts": "Trên đây là Kế hoạch",
    "marks": {
        # "11/11 các huyện, thành phố … đều triển khai": every district taking part, a target the app computes
        "11/11 các huyện, thành phố": {"kind": "target", "target_kind": "districts", "target_percent": "100",
                                       "target_year_from": 2022, "target_year": 2022},
        "Phần đầu xã, phường, thị trấn đạt tiêu chí": {"kind": "target", "target_kind": "recognised",
                                                     "target_percent": "95", "target_year_from": 2022,
                                                     "target_year": 2022},
        "Tổ chức các hoạt động truyền thông": {"kind": "communication"},
        "Tổ chức kiểm tra, giám sát": {"kind": "inspection"},
        "Nâng cao năng lực cho cán bộ": {"kind": "training"},
        "Nguồn kinh phí thực hiện": {"kind": "funding"},
        "Sở Lao động - Thương binh và Xã hội": {"kind": "task", "level": "province", "sector": "labour"},
        "Phòng Lao động – Thương binh và Xã hội Thành phố và": {"kind": "task", "level": "district",
                                                               "sector": "labour"},
        # IV.3 "… gửi Ủy ban nhân dân huyện, thành phố trước ngày 15/11/2022", IV.4 "… trước ngày 30/11/2022 …"
        "UBND các xã, phường, thị trấn": {"kind": "task", "level": "commune", "due_on": "2022-11-15",
                                         "deadline": "submission"},
        "Chế độ báo cáo": {"kind": "report", "level": "district", "due_on": "2022-11-30",
                           "deadline": "district_report"},
    },
}


def clean(line: str) -> str:
    return " ".join(line.replace("**", "").split())


def seed_lines(name):
    return [clean(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if clean(line)]


def build(seed):
    lines = seed_lines(seed["file"])
    kind_at = lines.index("KẾ HOẠCH")
    title = lines[kind_at + 1]
    start = next(i for i, line in enumerate(lines) if line.startswith(seed["first_body_line"]))
    first_part = next(i for i, line in enumerate(lines) if PART.match(line))
    closing = next(i for i, line in enumerate(lines) if line.startswith(seed["closing_starts"]))
    recipients_at = lines.index("Nơi nhận:")
    parts, entries = [], []
    body = lines[first_part:closing]
    for i, line in enumerate(body):
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if m := PART.match(line):
            parts.append({"kind": PARTS[m[2]], "heading": m[2]})
        elif m := ITEM.match(line):
            if ITEM.match(nxt) or PART.match(nxt) or not nxt:
                entries.append({"part": len(parts), "depth": 1, "heading": "", "text": m[2]})
            else:
                entries.append({"part": len(parts), "depth": 1, "heading": m[2], "text": ""})
        elif line.startswith("- "):
            entries.append({"part": len(parts), "depth": 2, "heading": "", "text": line[2:]})
        elif entries and entries[-1]["part"] == len(parts):
            last = entries[-1]
            last["text"] = "\n".join(filter(None, [last["text"], line]))
        else:
            entries.append({"part": len(parts), "depth": 0, "heading": "", "text": line})
    for entry in entries:
        words = entry["heading"] or entry["text"]
        entry.update({"kind": "text", "level": "", "sector": "", "due_on": None, "yearly": False, "deadline": ""})
        starts = [s for s in seed["marks"] if words.startswith(s)]
        if starts:
            entry.update(seed["marks"][max(starts, key=len)])
    used = [s for s in seed["marks"] if not any((e["heading"] or e["text"]).startswith(s) for e in entries)]
    assert not used, f"marks that match no entry: {used}"
    plan = {k: seed[k] for k in ("province", "year", "year_to", "number", "symbol", "place", "issued_on",
                                 "issued_month", "signer_authority", "signer_title", "signer_name")}
    plan.update({"parent_body": seed.get("parent_body"), "issuer_body": seed.get("issuer_body"), "title": title,
                 "basis": "\n".join(lines[start:first_part]), "closing": "\n".join(lines[closing:recipients_at]),
                 "recipients": "\n".join(line for line in lines[recipients_at + 1:] if line.startswith("- ")),
                 "parts": parts, "entries": entries})
    return plan


if __name__ == "__main__":
    json.dump({"001": build(NINH_THUAN), "003": build(LANG_SON)}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
