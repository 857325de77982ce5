"""Rebuild the tier lists shipped in fixtures/tiers/ (run by hand after the unit data changes).

    DJANGO_SETTINGS_MODULE=config.settings DEBUG=True .venv/bin/python communes/data/build_tiers.py

Only what a source justifies is listed (see README, "Nhóm ngưỡng công nhận"):
- city_wards.csv: wards of the centrally-run cities, before and after the 2025 reform (the standards
  give them their own threshold; which unit is a ward of which city is the official unit list), from the
  day each became a ward (the change lists of fixtures/unit_changes/ give the kinds of earlier periods);
  the wards of a thị xã (Sơn Tây) only from QĐ 06/QĐ-TTg (03/01/2019: "phường thuộc quận, thị xã, thành
  phố của thành phố trực thuộc trung ương"), not under QĐ 34 (its group is "phường thuộc các quận");
- dac_khu.csv: the 13 special zones (island units since 1/7/2025), remote;
- lao_cai.csv: every commune of Lào Cai (a mountain province), before and after the reform, but a ward is
  never in the 800-point group (QĐ 06: "xã, thị trấn thuộc miền núi, hải đảo; xã đặc biệt khó khăn");
- demo_bac_giang_bac_ninh.csv: the demo's provinces, ``other``, marked as illustrative only.
"""

import csv
import datetime
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "fixtures" / "tiers"

STANDARDS = ("QĐ 34/2014/QĐ-TTg và QĐ 06/QĐ-TTg ngày 03/01/2019: ngưỡng riêng cho phường thuộc thành phố "
             "trực thuộc Trung ương")
UNITS_PRE = "danh mục đơn vị hành chính đến 30/6/2025 (Tổng cục Thống kê, vietnam-provinces 0.6.0)"
UNITS_CUR = "danh mục đơn vị hành chính từ 01/7/2025 (vietnam-provinces 2025.10.1)"
HUE = ("Nghị quyết 1314/NQ-UBTVQH15 ngày 30/11/2024: Huế trực thuộc Trung ương từ "
       "01/01/2025")
DAC_KHU = ("Đặc khu là đơn vị hành chính cấp xã ở hải đảo (Luật Tổ chức chính quyền địa phương số "
           "72/2025/QH15, từ 01/7/2025): nhóm miền núi, hải đảo, đặc biệt khó khăn")
LAO_CAI = ("Lào Cai là tỉnh miền núi, vùng cao: mọi đơn vị cấp xã thuộc nhóm miền núi (ghi chú nghiệp vụ "
           "của dự án, docs domain.md; quyết định công nhận xã miền núi chưa đối chiếu)")
LAO_CAI_WAS = ("%s đến %s (%s): xã, thị trấn của tỉnh miền núi, nhóm miền núi (ghi chú nghiệp vụ của dự án; "
               "quyết định công nhận xã miền núi chưa đối chiếu)")
LAO_CAI_NEW = ("Tỉnh Lào Cai từ 01/7/2025 gồm Lào Cai và Yên Bái cũ (Nghị quyết 202/2025/QH15), hai tỉnh "
               "miền núi: mọi đơn vị cấp xã thuộc nhóm miền núi (ghi chú nghiệp vụ của dự án; quyết định "
               "công nhận xã miền núi chưa đối chiếu)")
NOT_REMOTE = ("Phường: nhóm miền núi, hải đảo, đặc biệt khó khăn của QĐ 06/QĐ-TTg chỉ gồm “xã, thị trấn thuộc "
              "miền núi, hải đảo; xã đặc biệt khó khăn”, không có phường")
NOT_YET_WARD = "%s đến %s (%s): chưa phải phường, không thuộc nhóm phường của thành phố trực thuộc Trung ương"
TOWN_WARD = ("Phường thuộc thị xã Sơn Tây đến 02/01/2019: nhóm ngưỡng riêng của QĐ 34/2014/QĐ-TTg là “phường thuộc "
             "các quận”")
TOWN_WARD_06 = ("Phường thuộc thị xã Sơn Tây từ 03/01/2019: QĐ 06/QĐ-TTg, nhóm 900 điểm “Phường thuộc quận, thị xã, "
                "thành phố của thành phố trực thuộc trung ương” (thukyluat.vn, “Điều kiện công nhận xã đạt chuẩn phù "
                "hợp với trẻ em”)")
DEMO = ("MINH HỌA cho bản demo, không phải danh sách chính thức: chưa đối chiếu danh sách xã miền núi, "
        "đặc biệt khó khăn của tỉnh")

PRE = (datetime.date(2008, 8, 1), datetime.date(2025, 6, 30))
CUR = (datetime.date(2025, 7, 1), None)
HUE_CITY_FROM = datetime.date(2025, 1, 1)
QD_06_FROM = datetime.date(2019, 1, 3)  # QĐ 06/QĐ-TTg in force: its 900-point group takes a thị xã's wards too
CITIES_PRE = ("01", "31", "48", "79", "92")  # Huế only from 01/01/2025
CITIES_CUR = ("01", "31", "46", "48", "79", "92")


def _iso(day):
    return day.isoformat() if day else ""


def _province_of(rows):
    """{commune code: province code} for rows listed parents first."""
    parent = {r.code: r.parent_code for r in rows if r.level != "commune"}
    province = {}
    for r in rows:
        if r.level == "commune":
            p = r.parent_code
            while p in parent and parent[p] is not None:
                p = parent[p]
            province[r.code] = p
    return province


def _not_ward_until(changes):
    """{commune code: (last day it was not a ward, its name then, the resolution)} from the change lists."""
    found = {}
    for c in changes:
        if c.level == "commune" and c.kind != "phuong" and c.valid_to and c.valid_to < PRE[1]:
            if c.code not in found or found[c.code][0] < c.valid_to:
                found[c.code] = (c.valid_to, c.name, c.source.split(":")[0].split(" (")[0])
    return found


def _split(code, tier, start, end, source, before):
    """Rows of ``tier`` from ``start``, or, for a commune that became a ward during the period, ``before``
    (tier, source) until that day and ``tier`` after it."""
    if before is None:
        return [(code, tier, start, end, source)]
    (last, name, resolution), (old_tier, old_source) = before
    return [(code, old_tier, start, last, old_source % (name, last.strftime("%d/%m/%Y"), resolution)),
            (code, tier, last + datetime.timedelta(days=1), end, source)]


def build(pre_rows, cur_rows, changes=None):
    """{file name: [(unit_code, tier, valid_from, valid_to, source)]} from the two unit lists and the
    change lists (the kinds of earlier periods; the shipped ones by default)."""
    if changes is None:
        from communes.unit_changes import SHIPPED, read_changes

        changes = read_changes(sorted(SHIPPED.glob("*.csv")))
    was = _not_ward_until(changes)
    merged = {c.code: c.valid_to for c in changes if c.level == "commune" and c.successor_code}
    pre_communes = [r for r in pre_rows if r.level == "commune"]
    cur_communes = [r for r in cur_rows if r.level == "commune"]
    pre_prov, cur_prov = _province_of(pre_rows), _province_of(cur_rows)
    district_kind = {r.code: r.kind for r in pre_rows if r.level == "district"}
    files = {"city_wards.csv": [], "dac_khu.csv": [], "lao_cai.csv": [], "demo_bac_giang_bac_ninh.csv": []}
    for r in pre_communes:
        p = pre_prov[r.code]
        ward_from = was.get(r.code)
        if r.kind == "phuong" and p in CITIES_PRE and district_kind[r.parent_code] == "thi_xa":
            files["city_wards.csv"] += [
                (r.code, "other", PRE[0], QD_06_FROM - datetime.timedelta(days=1), f"{TOWN_WARD}; {UNITS_PRE}"),
                (r.code, "city_ward", QD_06_FROM, PRE[1], f"{TOWN_WARD_06}; {UNITS_PRE}")]
        elif r.kind == "phuong" and p in CITIES_PRE:
            files["city_wards.csv"] += _split(r.code, "city_ward", *PRE, f"{STANDARDS}; {UNITS_PRE}",
                                              ward_from and (ward_from, ("other", NOT_YET_WARD)))
        elif r.kind == "phuong" and p == "46":
            files["city_wards.csv"].append((r.code, "city_ward", HUE_CITY_FROM, PRE[1],
                                            f"{STANDARDS}; {HUE}; {UNITS_PRE}"))
        if p == "10" and r.kind == "phuong":
            files["lao_cai.csv"] += _split(r.code, "other", *PRE, NOT_REMOTE,
                                           ward_from and (ward_from, ("remote", LAO_CAI_WAS)))
        elif p == "10":
            files["lao_cai.csv"].append((r.code, "remote", *PRE, LAO_CAI))
        if p == "24":  # a commune a change list merged into another before the snapshot's end ends there
            files["demo_bac_giang_bac_ninh.csv"].append((r.code, "other", PRE[0], merged.get(r.code, PRE[1]), DEMO))
    # communes that ended before the snapshot, created by a change list (NQ 1191's in Bắc Giang): their period
    pre_codes = {r.code for r in pre_communes}
    province_of_district = {r.code: r.parent_code for r in pre_rows if r.level == "district"}
    province_of_district.update({c.code: c.parent_code for c in changes if c.level == "district" and c.parent_code})
    for c in changes:
        if c.level == "commune" and c.code not in pre_codes and province_of_district.get(c.parent_code) == "24":
            files["demo_bac_giang_bac_ninh.csv"].append((c.code, "other", c.valid_from, c.valid_to, DEMO))
    for r in cur_communes:
        p = cur_prov[r.code]
        if r.kind == "phuong" and p in CITIES_CUR:
            files["city_wards.csv"].append((r.code, "city_ward", *CUR, f"{STANDARDS}; {UNITS_CUR}"))
        if r.kind == "dac_khu":
            files["dac_khu.csv"].append((r.code, "", *CUR, DAC_KHU))
        if p == "15":
            files["lao_cai.csv"].append((r.code, "other", *CUR, NOT_REMOTE) if r.kind == "phuong"
                                        else (r.code, "remote", *CUR, LAO_CAI_NEW))
        if p == "24":
            files["demo_bac_giang_bac_ninh.csv"].append((r.code, "other", *CUR, DEMO))
    return {name: [(c, t, _iso(a), _iso(b), s) for c, t, a, b, s in rows] for name, rows in files.items()}


def write(files, out=OUT):
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        with open(out / name, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["unit_code", "tier", "valid_from", "valid_to", "source"])
            w.writerows(rows)


def main():
    import django

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    django.setup()
    from communes.sources import current_rows, pre_reform_rows

    files = build(pre_reform_rows(), current_rows())
    write(files)
    for name, rows in files.items():
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
