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

import datetime
import itertools
import os
from types import SimpleNamespace

import pytest
from django.core.management import call_command

# Playwright's sync API keeps an event loop in the test thread; without this Django raises
# SynchronousOnlyOperation in live_server tests (even on database teardown).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Mat-khau-thu-2025"


@pytest.fixture(autouse=True)
def _fresh_reference_data():
    """Each test starts with no kept reference data: a rolled-back test sends no signal to clear it."""
    from criteria import reference

    reference.clear()
    yield
    reference.clear()

# A Vietnamese name per role, so pages can be checked for the signed-in person.
NAMES = {
    "commune_officer": ("Nguyễn Thị", "Hoa"),
    "sector_appraiser": ("Trần Văn", "Minh"),
    "district_officer": ("Lê Thị", "Lan"),
    "council_member": ("Phạm Văn", "Đức"),
    "council_chair": ("Hoàng Văn", "Thắng"),
    "provincial_staff": ("Vũ Thị", "Hương"),
    "national_staff": ("Đặng Quốc", "Bảo"),
    "sysadmin": ("Bùi Văn", "Tùng"),
}


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
def plain_static_storage(settings):
    """live_server serves the source static files, not collectstatic's hashed names."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def standards(db):
    """Both standards from fixtures/standards.json, by code ("34/2014/QĐ-TTg", "06/QĐ-TTg")."""
    from criteria.models import Standard

    call_command("loaddata", "standards", verbosity=0)
    return {s.code: s for s in Standard.objects.all()}


@pytest.fixture
def make_unit(db):
    """make_unit(name, code, level, kind, parent=None, **fields) -> a saved Unit with its path."""
    from communes.services import unit_create

    def make(name, code, level, kind, parent=None, **fields):
        fields.setdefault("valid_from", datetime.date(2008, 8, 1))
        return unit_create(name=name, code=code, level=level, kind=kind, parent=parent, **fields)

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

    The password is also on `user.raw_password`, for logging in through a form.
    """
    from accounts.models import Role, User

    counter = itertools.count(1)

    def make(role, unit, sector=None, **fields):
        role = Role(role)
        last_name, first_name = NAMES[role.value]
        fields.setdefault("username", f"{role.value}_{next(counter)}")
        fields.setdefault("first_name", first_name)
        fields.setdefault("last_name", last_name)
        fields.setdefault("is_staff", role == Role.SYSADMIN)
        user = User.objects.create_user(password=PASSWORD, role=role, unit=unit, sector=sector,
                                        **fields)
        user.raw_password = PASSWORD
        return user

    return make
