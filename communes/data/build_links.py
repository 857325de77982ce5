"""Rebuild links_2025.csv.gz from vietnamadminunits 1.0.4 (run by hand, not at import time).

    .venv/bin/pip download vietnamadminunits==1.0.4 --no-deps -d /tmp/vau
    (cd /tmp/vau && unzip -o vietnamadminunits-1.0.4-py3-none-any.whl 'vietnamadminunits/data/*')
    .venv/bin/python communes/data/build_links.py /tmp/vau/vietnamadminunits/data

Reads only the package's data (MIT licence, Copyright (c) 2025 Tran Ngoc Minh Hieu,
https://github.com/tranngocminhhieu/vietnamadminunits): the converter's mapping
``data/converter_2025.json`` (legacy keys province_district_ward → new commune keys, with "divided"
communes split across several new ones, one of them the default) and the official codes of both key
sets in ``data/dataset.db`` (tables admin_units_legacy and admin_units). None of the
package's code is used.

The package's codes of the new communes differ from the official list this project imports (the
installed vietnam-provinces 2025.10.1) for 123 of the 3,321, so each new commune is identified by its
name within its province (tone marks, dashes and spaces aside) and written with the official code;
the build fails if one does not resolve to exactly one unit. Legacy codes are the package's own (the
project's pre-reform units are matched to them by code at import; a few units that changed in the
last months before the reform do not match and are reported there). Writes one row per link:

    level,legacy_code,new_code,is_default
    province,24,24,1          (Bắc Giang → Bắc Ninh)
    commune,07300,07300,1
"""

import csv
import gzip
import io
import json
import sqlite3
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).with_name("links_2025.csv.gz")


def _plain(name: str) -> str:
    """A name without tone marks, case, dash, apostrophe or spacing differences ("Xã Ea H’leo")."""
    decomposed = unicodedata.normalize("NFD", name.replace("\u2013", "-").replace("\u2019", "'"))
    return " ".join("".join(ch for ch in decomposed if ch not in "\u0300\u0301\u0303\u0309\u0323")
                    .casefold().split())


def official_codes(package_units):
    """{package code: official code} for the new communes, by name within the province."""
    from vietnam_provinces import Province, Ward

    official = {}
    for province in Province.iter_all():
        for ward in Ward.iter_by_province(province.code):
            key = (f"{province.code.value:02d}", _plain(ward.name))
            official.setdefault(key, []).append(f"{ward.code.value:05d}")
    codes = {}
    for province_code, name, code in package_units:
        found = official.get((province_code, _plain(name)), [])
        if len(found) > 1:
            found = [c for c in found if c == code]
        if len(found) != 1:
            raise SystemExit(f"{province_code} {name} ({code}): {len(found)} official units of that name")
        codes[code] = found[0]
    if len(set(codes.values())) != len(codes):
        raise SystemExit("two package units resolved to one official unit")
    print(f"new communes: {sum(1 for k, v in codes.items() if k != v)} package codes replaced by the official ones")
    return codes


def build(data_dir: Path) -> list[tuple[str, str, str, int]]:
    mapping = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    db = sqlite3.connect(data_dir / "dataset.db")
    legacy_province = dict(db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy"))
    legacy_commune = {f"{p}_{d}_{w}": code for p, d, w, code in db.execute(
        "SELECT provinceKey, districtKey, wardKey, wardCode FROM admin_units_legacy WHERE wardCode IS NOT NULL")}
    new_province = dict(db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units"))
    official = official_codes(db.execute("SELECT provinceCode, ward, wardCode FROM admin_units"))
    new_commune = {(p, w): official[code] for p, w, code in db.execute(
        "SELECT provinceKey, wardKey, wardCode FROM admin_units")}

    rows = set()
    for new_key, legacy_keys in mapping["DICT_PROVINCE"].items():
        for legacy_key in legacy_keys:
            rows.add(("province", legacy_province[legacy_key], new_province[new_key], 1))
    skipped = []
    for new_p, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w, legacy_keys in wards.items():
            for legacy_key in legacy_keys:
                if legacy_key not in legacy_commune:  # an island district without communes
                    skipped.append(legacy_key)
                    continue
                rows.add(("commune", legacy_commune[legacy_key], new_commune[new_p, new_w], 1))
    for new_p, legacy in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for legacy_key, targets in legacy.items():
            for target in targets:
                rows.add(("commune", legacy_commune[legacy_key], new_commune[new_p, target["newWardKey"]],
                          int(target["isDefaultNewWard"])))
    print(f"skipped {len(skipped)} island districts without communes: {', '.join(sorted(skipped))}")
    return sorted(rows)


def main(src):
    rows = build(Path(src))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["level", "legacy_code", "new_code", "is_default"])
    writer.writerows(rows)
    OUT.write_bytes(gzip.compress(text.getvalue().encode(), compresslevel=9, mtime=0))
    print(f"{OUT.name}: {len(rows)} links, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
