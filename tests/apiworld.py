"""The API's world, for tests/api and tests/security: the security tests' cast and data (tests/security/world.py)
with a recognised dossier, its decision, a registration and a target in each province (Lào Cai, the cast's;
Bắc Giang, the other), and three keys: Lào Cai's, Bắc Giang's and a national one, each with a client that
sends it."""

import datetime as dt
from types import SimpleNamespace

from django.test import Client

from api import services
from assessments.models import Registration
from reports.models import Target
from tests.security.world import World

OWN_NAMES = ("Lào Cai", "Văn Bàn", "Khánh Yên")
OTHER_NAMES = ("Bắc Giang", "Sơn Động", "Vân Sơn")


class KeyClient(Client):
    """A client that sends the key in every request (Authorization: Api-Key <key>)."""

    def __init__(self, secret, **kwargs):
        super().__init__(HTTP_AUTHORIZATION=f"Api-Key {secret}", **kwargs)


def api_world(standard, units, users):
    world = World(standard, units, users)
    world.everywhere()
    registrations, targets = {}, {}
    for scenario in ("own", "other"):
        a = world.assessment(scenario, "recognised")
        registrations[scenario] = Registration.objects.create(round=a.round, commune=a.commune,
                                                              registered_on=dt.date(2024, 3, 1))
        targets[scenario] = Target.objects.create(unit=world.province(scenario), year=2025, percent=80,
                                                  source="Kế hoạch năm 2025")
    keys = {}
    for name, unit in (("lao_cai", units.province), ("bac_giang", units.other_province), ("national", None)):
        key, secret = services.api_key_issue(by=users.sysadmin, name=f"Hệ thống {name}", unit=unit)
        keys[name] = SimpleNamespace(key=key, secret=secret, client=KeyClient(secret))
    return SimpleNamespace(world=world, units=units, users=users, keys=keys, standard=standard,
                           registrations=registrations, targets=targets,
                           own=world.assessment("own", "recognised"), other=world.assessment("other", "recognised"))
