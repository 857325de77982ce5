"""Rebuild pre_reform_units.json.gz from vietnam-provinces 0.6.0 (run by hand, not at import time).

    .venv/bin/pip download vietnam-provinces==0.6.0 --no-deps -d /tmp/vp06
    (cd /tmp/vp06 && unzip -o vietnam_provinces-0.6.0-py3-none-any.whl 'vietnam_provinces/data/flat-divisions.json')
    .venv/bin/python communes/data/build_pre_reform.py /tmp/vp06/vietnam_provinces/data/flat-divisions.json

Keeps only codes and names, nested province → district → commune, names exactly as the source
gives them (prefix included; the reader normalises the few odd capitalisations).
"""

import gzip
import json
import sys
from pathlib import Path

OUT = Path(__file__).with_name("pre_reform_units.json.gz")


def build(flat_rows):
    provinces = {}
    for r in flat_rows:
        prov = provinces.setdefault(r["province_code"], [r["province_code"], r["province_name"], {}])
        dist = prov[2].setdefault(r["district_code"], [r["district_code"], r["district_name"], []])
        if r["ward_code"] is not None:  # five island districts have no communes
            dist[2].append([r["ward_code"], r["ward_name"]])
    return [[p[0], p[1], list(p[2].values())] for p in provinces.values()]


def main(src):
    data = {
        "source": "vietnam-provinces 0.6.0, vietnam_provinces/data/flat-divisions.json",
        "provinces": build(json.loads(Path(src).read_text(encoding="utf-8"))),
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    OUT.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    print(f"{OUT.name}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
