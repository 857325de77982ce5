"""The API read with keys (issue 26): every endpoint × key scope × an object outside it.

A province's key reads as the province's staff (the same scoped querysets and predicates as their pages):
Lào Cai's key lists nothing of Bắc Giang and finds none of its records (404), Bắc Giang's nothing of Lào
Cai, the national key both. A key that is wrong, revoked or expired is refused (401), as is a request
without any; every refusal is JSON with a stable code. A new endpoint not added to KEYED fails the test.
"""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiKey
from criteria.models import Ownership
from tests.apiworld import OTHER_NAMES, OWN_NAMES, KeyClient, api_world
from tests.security.urlconf import all_patterns

PUBLIC = {"api:schema", "api:docs", "api:redoc"}


def _pk(obj):
    return {"pk": obj.pk}


# name: kwargs of the record in Lào Cai (own) and in Bắc Giang (other); None for a list (no kwargs)
KEYED = {
    "api:unit-list": None, "api:standard-list": None, "api:sector-list": None, "api:round-list": None,
    "api:dossier-list": None, "api:decision-list": None, "api:registration-list": None, "api:target-list": None,
    "api:report_summary": None, "api:report_criteria": None, "api:report_trend": None, "api:report_holders": None,
    "api:unit-detail": lambda w, s: _pk(getattr(w, s).commune),
    "api:round-detail": lambda w, s: _pk(getattr(w, s).round),
    "api:dossier-detail": lambda w, s: _pk(getattr(w, s)),
    "api:decision-detail": lambda w, s: _pk(getattr(w, s).decision),
    "api:registration-detail": lambda w, s: _pk(w.registrations[s]),
    "api:target-detail": lambda w, s: _pk(w.targets[s]),
    # national data, the same for every key
    "api:standard-detail": lambda w, s: _pk(w.standard),
    "api:sector-detail": lambda w, s: {"code": w.world.cast_sector.code},
}
NATIONAL_DATA = {"api:standard-detail", "api:sector-detail"}


@pytest.fixture
def api(standard, units, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return api_world(standard, units, users)


def test_every_api_endpoint_is_read_with_keys_here():
    names = {name for name, _p in all_patterns() if name.startswith("api:")}
    assert names - PUBLIC == set(KEYED)


def _body(response):
    return response.content.decode()


@pytest.mark.parametrize("name", sorted(n for n, k in KEYED.items() if k is None))
def test_a_provinces_key_lists_nothing_of_another_province(api, name):
    for key, hidden, shown in (("lao_cai", OTHER_NAMES, OWN_NAMES), ("bac_giang", OWN_NAMES, OTHER_NAMES)):
        r = api.keys[key].client.get(reverse(name))
        assert r.status_code == 200, (key, _body(r))
        leaked = [n for n in hidden if n in _body(r)]
        assert not leaked, f"{key} reads {leaked} at {name}"
    if name not in ("api:standard-list", "api:sector-list", "api:report_criteria", "api:report_holders"):
        both = _body(api.keys["national"].client.get(reverse(name)))
        assert "Khánh Yên" in both or "Lào Cai" in both or "Văn Bàn" in both
        assert "Bắc Giang" in both or "Vân Sơn" in both or "Sơn Động" in both


@pytest.mark.parametrize("name", sorted(n for n, k in KEYED.items() if k is not None))
def test_a_record_outside_the_keys_province_is_not_found(api, name):
    kwargs = KEYED[name]
    for key, own, other in (("lao_cai", "own", "other"), ("bac_giang", "other", "own")):
        client = api.keys[key].client
        assert client.get(reverse(name, kwargs=kwargs(api, own))).status_code == 200
        r = client.get(reverse(name, kwargs=kwargs(api, other)))
        if name in NATIONAL_DATA:
            assert r.status_code == 200
            continue
        assert r.status_code == 404, (key, name, _body(r))
        assert r.json()["error"]["code"] == "not_found"
        assert r.json()["error"]["message"].startswith("Không tìm thấy")
    for scenario in ("own", "other"):
        assert api.keys["national"].client.get(reverse(name, kwargs=kwargs(api, scenario))).status_code == 200


@pytest.mark.parametrize("page", ["summary", "criteria", "trend", "holders"])
def test_a_provinces_key_asking_for_another_province_report_is_not_found(api, page):
    url = reverse(f"api:report_{page}")
    r = api.keys["lao_cai"].client.get(url, {"province": api.units.other_province.pk})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = api.keys["national"].client.get(url, {"province": api.units.other_province.pk})
    assert r.status_code == 200 and "Lào Cai" not in _body(r)


@pytest.mark.parametrize("name", ["api:dossier-list", "api:unit-list", "api:decision-list", "api:registration-list",
                                  "api:target-list"])
def test_filtering_on_another_provinces_unit_is_refused_and_shows_nothing(api, name):
    r = api.keys["lao_cai"].client.get(reverse(name), {"unit": api.units.other_commune.pk})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_filter"
    assert "unit" in r.json()["error"]["fields"]
    assert not [n for n in OTHER_NAMES if n in _body(r)]


def test_a_province_reads_the_owners_of_its_own_province_and_the_national_defaults_only(api):
    criterion = api.standard.criteria.get(number=5)
    lead = criterion.default_sector
    Ownership.objects.create(province_code=api.units.other_province.code, criterion=criterion, sector=lead,
                             lead=True, source="Quyết định phân công của tỉnh Bắc Giang")
    Ownership.objects.create(province_code=api.units.province.code, criterion=criterion, sector=lead,
                             lead=True, source="Quyết định phân công của tỉnh Lào Cai")
    url = reverse("api:standard-detail", kwargs={"pk": api.standard.pk})
    owners = {o["province_code"] for c in api.keys["lao_cai"].client.get(url).json()["criteria"] for o in c["owners"]}
    assert api.units.province.code in owners and api.units.other_province.code not in owners
    owners = {o["province_code"] for c in api.keys["national"].client.get(url).json()["criteria"] for o in c["owners"]}
    assert {api.units.province.code, api.units.other_province.code} <= owners


def test_without_a_key_or_with_a_bad_one_nothing_is_read(api, client):
    url = reverse("api:dossier-list")
    r = client.get(url)
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"
    assert r["WWW-Authenticate"] == "Api-Key"
    secret = api.keys["lao_cai"].secret
    for bad in ("", "abc", secret[:-1] + ("x" if secret[-1] != "x" else "y"), "A" * 8 + "." + "B" * 32,
                secret + "\x00", "ữ" * 300):
        r = client.get(url, HTTP_AUTHORIZATION=f"Api-Key {bad}")
        assert r.status_code == 401, bad
        assert r.json()["error"] == {"code": "authentication_failed",
                                     "message": "Khóa API không đúng, đã bị thu hồi hoặc đã hết hạn."}
    assert client.get(url, HTTP_X_API_KEY=secret).status_code == 200  # the other header a key may come in


def test_a_revoked_key_is_refused_from_the_next_request(api):
    client, key = api.keys["lao_cai"].client, api.keys["lao_cai"].key
    assert client.get(reverse("api:unit-list")).status_code == 200
    services.api_key_revoke(by=api.users.sysadmin, prefix=key.prefix)
    r = client.get(reverse("api:unit-list"))
    assert r.status_code == 401 and r.json()["error"]["code"] == "authentication_failed"
    key.refresh_from_db()
    assert key.revoked and key.revoked_at is not None


def test_an_expired_key_is_refused(api, standard, users):
    key, secret = services.api_key_issue(by=users.sysadmin, name="Hết hạn", unit=api.units.province,
                                         expiry_date=timezone.now() - dt.timedelta(minutes=1))
    assert KeyClient(secret).get(reverse("api:unit-list")).status_code == 401


def test_the_key_is_stored_hashed_and_its_last_use_recorded(api):
    key, secret = api.keys["lao_cai"].key, api.keys["lao_cai"].secret
    row = ApiKey.objects.get(pk=key.pk)
    assert secret not in json.dumps(list(ApiKey.objects.values()), default=str)
    assert row.hashed_key.startswith("sha512$$") and row.last_used_at is None
    api.keys["lao_cai"].client.get(reverse("api:unit-list"))
    row.refresh_from_db()
    assert row.last_used_at is not None and timezone.now() - row.last_used_at < dt.timedelta(minutes=1)


def test_a_key_is_issued_for_a_province_or_the_whole_country_only(api):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.api_key_issue(by=api.users.sysadmin, name="Huyện", unit=api.units.district)


def test_each_key_has_its_own_throttle(api, settings):
    settings.API_KEY_THROTTLE_RATE = "3/min"
    url = reverse("api:sector-list")
    answers = [api.keys["lao_cai"].client.get(url).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    r = api.keys["lao_cai"].client.get(url)
    assert r.json()["error"]["code"] == "throttled" and r.json()["error"]["retry_after_seconds"] >= 1
    assert r["Retry-After"]
    assert api.keys["bac_giang"].client.get(url).status_code == 200  # another key counts on its own


def test_a_key_holder_cannot_write(api):
    client = api.keys["national"].client
    for name, kwargs in (("api:dossier-list", {}), ("api:dossier-detail", {"pk": api.own.pk})):
        url = reverse(name, kwargs=kwargs)
        for method in (client.post, client.put, client.patch, client.delete):
            r = method(url, data={"status": "recognised"})
            assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
