"""Where administrative units come from: plain rows, no database.

Two shapes:
- the current one (from 1/7/2025): province → commune, from the installed ``vietnam-provinces``;
- the pre-reform one (valid until 30/6/2025): province → district → commune, from the file this
  project ships (communes/data/pre_reform_units.json.gz, built from vietnam-provinces 0.6.0).

Names are stored in full with their prefix ("Tỉnh Lào Cai", "Huyện Si Ma Cai", "Xã Tả Phìn").
The 0.6.0 data's ``division_type`` is wrong, so kinds there come from the name prefix.
"""

import csv
import gzip
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .models import REFORM_DATE, Kind, Level

PRE_REFORM_FILE = Path(__file__).parent / "data" / "pre_reform_units.json.gz"
LINKS_FILE = Path(__file__).parent / "data" / "links_2025.csv.gz"
LINKS_SOURCE = "vietnamadminunits 1.0.4 (MIT), data/converter_2025.json"

# The 63-province shape dates from Hà Tây's merger into Hà Nội (1/8/2008); it ended with the reform.
PRE_REFORM_PERIOD = (date(2008, 8, 1), date(2025, 6, 30))
CURRENT_PERIOD = (date.fromisoformat(REFORM_DATE), None)

CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}

# Official prefix of each kind, per level. Order matters: "Thành phố" is a province-level city
# or a provincial city depending on the level, never both.
PREFIXES = {
    Level.PROVINCE: [("Thành phố", Kind.CENTRAL_CITY), ("Tỉnh", Kind.PROVINCE)],
    Level.DISTRICT: [("Thành phố", Kind.PROVINCIAL_CITY), ("Thị xã", Kind.TOWN),
                     ("Quận", Kind.URBAN_DISTRICT), ("Huyện", Kind.RURAL_DISTRICT)],
    Level.COMMUNE: [("Thị trấn", Kind.TOWNSHIP), ("Phường", Kind.WARD), ("Xã", Kind.COMMUNE),
                    ("Đặc khu", Kind.SPECIAL_ZONE)],
}


@dataclass(frozen=True)
class UnitRow:
    level: str
    code: str
    name: str
    kind: str
    parent_code: str | None  # the parent's code at the level above, in the same period


def pad(level, code) -> str:
    return f"{int(code):0{CODE_WIDTH[level]}d}"


def parse_name(level, name: str) -> tuple[str, str]:
    """(kind, name with its canonical prefix) from a full official name.

    >>> parse_name(Level.DISTRICT, "Thành Phố Bắc Kạn")
    ('tp_tinh', 'Thành phố Bắc Kạn')
    """
    name = " ".join(name.split())
    for prefix, kind in PREFIXES[level]:
        if name.casefold().startswith(prefix.casefold() + " "):
            return kind, prefix + name[len(prefix):]
    raise ValueError(f"no known {level} prefix in {name!r}")


def full_name(level, kind, name: str) -> str:
    """Add the official prefix when the data gives the short form ("Lào Cai" → "Tỉnh Lào Cai")."""
    prefix = next(p for p, k in PREFIXES[level] if k == kind)
    return name if name.casefold().startswith(prefix.casefold() + " ") else f"{prefix} {name}"


def current_rows() -> list[UnitRow]:
    """34 provinces and 3,321 communes from the installed vietnam-provinces package."""
    from vietnam_provinces import Province, Ward

    kinds = {"tỉnh": Kind.PROVINCE, "thành phố trung ương": Kind.CENTRAL_CITY,
             "xã": Kind.COMMUNE, "phường": Kind.WARD, "đặc khu": Kind.SPECIAL_ZONE}
    provinces, communes = [], []
    for prov in Province.iter_all():
        p_kind = kinds[prov.division_type.value]
        p_code = pad(Level.PROVINCE, prov.code.value)
        provinces.append(UnitRow(Level.PROVINCE, p_code, full_name(Level.PROVINCE, p_kind, prov.name),
                                 p_kind, None))
        for ward in Ward.iter_by_province(prov.code):
            kind = kinds[ward.division_type.value]
            communes.append(UnitRow(Level.COMMUNE, pad(Level.COMMUNE, ward.code.value),
                                    full_name(Level.COMMUNE, kind, ward.name), kind, p_code))
    return provinces + communes


def pre_reform_rows(path: Path = PRE_REFORM_FILE) -> list[UnitRow]:
    """63 provinces, their districts and communes as they stood on 30/6/2025."""
    data = json.loads(gzip.decompress(path.read_bytes()))
    provinces, districts, communes = [], [], []
    for p_code, p_name, p_districts in data["provinces"]:
        p_kind, p_name = parse_name(Level.PROVINCE, p_name)
        p_code = pad(Level.PROVINCE, p_code)
        provinces.append(UnitRow(Level.PROVINCE, p_code, p_name, p_kind, None))
        for d_code, d_name, d_communes in p_districts:
            d_kind, d_name = parse_name(Level.DISTRICT, d_name)
            d_code = pad(Level.DISTRICT, d_code)
            districts.append(UnitRow(Level.DISTRICT, d_code, d_name, d_kind, p_code))
            for c_code, c_name in d_communes:
                kind, c_name = parse_name(Level.COMMUNE, c_name)
                communes.append(UnitRow(Level.COMMUNE, pad(Level.COMMUNE, c_code), c_name, kind, d_code))
    return provinces + districts + communes


@dataclass(frozen=True)
class LinkRow:
    level: str  # province or commune
    legacy_code: str  # the unit's code until 30/6/2025
    new_code: str  # its successor's code from 1/7/2025
    is_default: bool  # the successor where a divided commune's history counts


def link_rows(path: Path = LINKS_FILE) -> list[LinkRow]:
    """The 2025 reform's mapping: 63 provinces → 34, 10,035 communes → 3,321 (divided ones to several,
    one of them the default), from the file this project ships (built from vietnamadminunits 1.0.4)."""
    reader = csv.DictReader(io.StringIO(gzip.decompress(path.read_bytes()).decode()))
    return [LinkRow(r["level"], r["legacy_code"], r["new_code"], r["is_default"] == "1") for r in reader]
