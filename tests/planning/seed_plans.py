"""Seeds 001 (Ninh Thuận 2017) and 003 (Lạng Sơn 2022) as plans of the app, built through its services from
seeds/seed_plans.json (made from the seed texts by seeds/build_plans.py), independent of load_demo."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from communes.models import Level, Unit
from criteria.models import Sector
from planning import documents, services
from tests import factories

SEEDS = Path(__file__).parent / "seeds"
DATA = json.loads((SEEDS / "seed_plans.json").read_text(encoding="utf-8"))
FILES = {"001": "001_ninh_thuan_2017.txt", "003": "003_lang_son_2022.txt"}
BEFORE_REFORM = dt.date(2025, 6, 30)


def seed_text(key) -> str:
    return (SEEDS / FILES[key]).read_text(encoding="utf-8")


def province_of(key):
    code, name = DATA[key]["province"]
    return (Unit.objects.filter(level=Level.PROVINCE, code=code, valid_to=BEFORE_REFORM).first()
            or factories.ProvinceFactory(name=name, code=code, valid_to=BEFORE_REFORM))


def _day(text):
    return dt.date.fromisoformat(text) if text else None


def _percent(text):
    return Decimal(text) if text not in (None, "") else None


def seed_plan(key, *, by=None):
    """The seed's plan, written by the province's staff (``by``, made if not given)."""
    data = DATA[key]
    province = province_of(key)
    by = by or factories.ProvincialStaffFactory(unit=province)
    heading = {"parent_body": data["parent_body"], "issuer_body": data["issuer_body"]}
    if data["issuer_body"] is None:  # the seed prints no heading: the body the app proposes for its office
        proposed = documents.proposed(province, "office", data["year"])
        heading = {"parent_body": proposed["parent_body"], "issuer_body": proposed["issuer_body"]}
    plan = services.plan_create(
        by=by, unit=province, year=data["year"], title=data["title"], symbol=data["symbol"], place=data["place"],
        parts=[(p["kind"], p["heading"]) for p in data["parts"]], year_to=data["year_to"], number=data["number"],
        issued_on=_day(data["issued_on"]), issued_month=data["issued_month"], basis=data["basis"],
        closing=data["closing"], recipients=data["recipients"], signer_authority=data["signer_authority"],
        signer_title=data["signer_title"], signer_name=data["signer_name"], **heading)
    sectors = {s.code: s for s in Sector.objects.all()}
    entries = [{**e, "sector": sectors.get(e["sector"]), "due_on": _day(e["due_on"]),
                "target_percent": _percent(e.get("target_percent")),
                "target_percent_max": _percent(e.get("target_percent_max"))} for e in data["entries"]]
    return services.plan_outline_save(by=by, plan_id=plan.pk, seen_version=plan.version,
                                      parts=[{"kind": p["kind"], "heading": p["heading"]} for p in data["parts"]],
                                      entries=entries)
