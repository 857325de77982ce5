"""An administrator issues a key for a province (or the whole country) in the admin or with
``manage.py api_keys``: the key is shown once and kept only hashed; revoking it refuses the next request."""

import re

from django.core.management import call_command
from django.urls import reverse

from api.models import ApiKey
from tests.apiworld import KeyClient


def test_the_admin_issues_a_key_shown_once_and_revokes_it(api, client):
    admin = api.users.sysadmin
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    r = client.post(reverse("admin:api_apikey_add"), {"name": "Cổng dữ liệu Sở Y tế Lào Cai",
                                                     "unit": api.units.province.pk, "expiry_date_0": "",
                                                     "expiry_date_1": ""}, follow=True)
    assert r.status_code == 200
    shown = re.search(r"([A-Za-z0-9]{8}\.[A-Za-z0-9]{32})", r.content.decode())
    assert shown, "the key is shown once, in the message"
    secret = shown.group(1)
    key = ApiKey.objects.get(name="Cổng dữ liệu Sở Y tế Lào Cai")
    assert key.unit == api.units.province and key.issued_by == admin and secret not in key.hashed_key
    assert KeyClient(secret).get(reverse("api:dossier-list")).status_code == 200
    assert secret not in client.get(reverse("admin:api_apikey_change", args=[key.pk])).content.decode()
    client.post(reverse("admin:api_apikey_changelist"), {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked and key.revoked_at
    assert KeyClient(secret).get(reverse("api:dossier-list")).status_code == 401


def test_the_command_issues_lists_and_revokes(api, capsys):
    call_command("api_keys", "issue", "--name", "Bộ Y tế", "--national")
    secret = re.search(r"([A-Za-z0-9]{8}\.[A-Za-z0-9]{32})", capsys.readouterr().out).group(1)
    client = KeyClient(secret)
    names = {row["name"] for row in client.get(reverse("api:unit-list"), {"level": "province"}).json()["results"]}
    assert names == {"Tỉnh Lào Cai", "Tỉnh Bắc Giang"}
    call_command("api_keys", "list")
    listed = capsys.readouterr().out
    assert secret.split(".")[0] in listed and "toàn quốc" in listed and secret not in listed
    call_command("api_keys", "revoke", secret.split(".")[0])
    assert client.get(reverse("api:unit-list")).status_code == 401
