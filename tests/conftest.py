"""Shared fixtures: the standards, a small tree of real units and a user for every role.

The standing cast (real names and pre-reform codes from vietnam-provinces 0.6.0):

    Tỉnh Lào Cai (10)
      Huyện Văn Bàn (089)
        Thị trấn Khánh Yên (03055)   <- units.commune
        Xã Võ Lao (03061)            <- units.neighbour   (same district)
    Tỉnh Bắc Giang (24)              <- units.other_province
      Huyện Sơn Động (220)           <- units.other_district
        Xã Vân Sơn (07621)           <- units.other_commune (outsider)
"""

import os
from types import SimpleNamespace

import pytest

from tests import factories
from tests.factories import PASSWORD  # noqa: F401 - tests import it from here

# Playwright's sync API keeps an event loop in the test thread; without this Django raises
# SynchronousOnlyOperation in live_server tests (even on database teardown).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that drive Chromium run last, each group in pytest's own order. Once the first of them has
    started Playwright, its event loop runs in the test thread to the end of the session, and code that starts a
    loop of its own there is refused (pyHanko's ``asyncio.run`` when verifying a signature, asgiref's
    ``async_to_sync`` in the health checks): pytest had grouped the browser tests in the middle of the run."""
    items.sort(key=lambda item: "playwright" in item.fixturenames)



@pytest.fixture(autouse=True)
def _fresh_reference_data():
    """Each test starts with no kept reference data: a rolled-back test sends no signal to clear it."""
    from criteria import reference

    reference.clear()
    yield
    reference.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a browser downloaded by `playwright install`."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"],
    }


@pytest.fixture
def context(context):
    """pytest-playwright's browser context, whose pages wait as long as the suite's expect (WAIT_MS)."""
    from tests.pages import WAIT_MS

    context.set_default_timeout(WAIT_MS)
    return context


@pytest.fixture
def plain_static_storage(settings):
    """live_server serves the source static files, not collectstatic's hashed names."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def media(settings, tmp_path):
    """MEDIA_ROOT in a fresh folder, so stored and leftover files can be counted."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def standards(db):
    """Both standards from fixtures/standards.json, by code ("34/2014/QĐ-TTg", "06/QĐ-TTg")."""
    return factories.load_standards()


@pytest.fixture
def make_unit(db):
    """make_unit(name, code, level, kind, parent=None, **fields) -> a saved Unit with its path.

    Made by factories.UnitFactory: a commune also gets its tier (``tier=``, default "other") for
    its whole period, as ``import_tiers`` would record it; delete ``unit.tiers`` to test a commune
    without one.
    """

    def make(name, code, level, kind, parent=None, **fields):
        return factories.UnitFactory(name=name, code=code, level=level, kind=kind, parent=parent, **fields)

    return make


@pytest.fixture
def units(make_unit):
    """Two provinces of the pre-reform three-tier shape (see the module docstring)."""
    from communes.models import Kind, Level, Tier

    province = make_unit("Tỉnh Lào Cai", "10", Level.PROVINCE, Kind.PROVINCE)
    district = make_unit("Huyện Văn Bàn", "089", Level.DISTRICT, Kind.RURAL_DISTRICT, province)
    commune = make_unit("Thị trấn Khánh Yên", "03055", Level.COMMUNE, Kind.TOWNSHIP, district)
    neighbour = make_unit("Xã Võ Lao", "03061", Level.COMMUNE, Kind.COMMUNE, district,
                          tier=Tier.REMOTE)
    other_province = make_unit("Tỉnh Bắc Giang", "24", Level.PROVINCE, Kind.PROVINCE)
    other_district = make_unit("Huyện Sơn Động", "220", Level.DISTRICT, Kind.RURAL_DISTRICT,
                               other_province)
    other_commune = make_unit("Xã Vân Sơn", "07621", Level.COMMUNE, Kind.COMMUNE, other_district,
                              tier=Tier.REMOTE)
    return SimpleNamespace(province=province, district=district, commune=commune,
                           neighbour=neighbour, other_province=other_province,
                           other_district=other_district, other_commune=other_commune)


@pytest.fixture
def make_user(db):
    """make_user(role, unit, sector=None, **fields) -> a saved User whose password is PASSWORD.

    Made by factories.UserFactory: the password is also on `user.raw_password`, for logging in
    through a form.
    """

    def make(role, unit, sector=None, **fields):
        return factories.UserFactory(role=role, unit=unit, sector=sector, **fields)

    return make


@pytest.fixture
def standard(standards):
    """QĐ 06/QĐ-TTg (13 criteria, 1,000 points), the standard of the rounds below."""
    return standards["06/QĐ-TTg"]


@pytest.fixture
def users(units, standard):
    """A user per role on the chain Khánh Yên < Văn Bàn < Lào Cai, national staff and a system
    administrator without a unit. The sector appraiser's sector owns criterion 1 in Lào Cai."""
    from accounts.models import Role
    from criteria.selectors import owner_map

    sector = owner_map(standard, units.province.code)[1]
    at = {Role.COMMUNE_OFFICER: units.commune, Role.PROVINCIAL_STAFF: units.province,
          Role.NATIONAL_STAFF: None, Role.SYSADMIN: None}
    return SimpleNamespace(**{role.value: factories.ROLE_FACTORIES[role](
        unit=at.get(role, units.district), sector=sector if role == Role.SECTOR_APPRAISER else None)
        for role in Role})


@pytest.fixture
def round_2024(units, standard, users):
    """Lào Cai's 2024 round on QĐ 06, opened by its provincial staff (deadlines: factories.RoundFactory)."""
    return factories.RoundFactory(province=units.province, year=2024, standard=standard,
                                  opened_by=users.provincial_staff)


@pytest.fixture
def workflow(standard, units, users, round_2024):
    """The 2024 round of Lào Cai with a user for each step of Văn Bàn's workflow: the cast above
    (officer, district, chair, province_staff), an appraiser of every sector at Văn Bàn, and commune
    officers of Võ Lao (neighbour_officer) and of Vân Sơn (outsider), a district officer of Sơn Động."""
    from criteria.models import Sector

    appraisers = {s.code: users.sector_appraiser if s == users.sector_appraiser.sector
                  else factories.SectorAppraiserFactory(unit=units.district, sector=s)
                  for s in Sector.objects.order_by("pk")}
    return SimpleNamespace(
        round=round_2024, standard=standard, units=units, users=users, appraisers=appraisers,
        province_staff=users.provincial_staff, officer=users.commune_officer, district=users.district_officer,
        chair=users.council_chair,
        neighbour_officer=factories.CommuneOfficerFactory(unit=units.neighbour),
        outsider=factories.CommuneOfficerFactory(unit=units.other_commune),
        other_district=factories.DistrictOfficerFactory(unit=units.other_district),
    )
