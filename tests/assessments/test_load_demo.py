"""load_demo: real units, both standards, a user per role, assessments at every stage; twice is once."""

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from assessments.models import Assessment, Decision, Score

pytestmark = pytest.mark.django_db(transaction=True)


def counts():
    return (User.objects.count(), Assessment.objects.count(), Score.objects.count(), Decision.objects.count())


def test_load_demo_loads_every_role_and_stage_and_is_idempotent(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    first = counts()
    assert "demo@2024" in out and "load_demo: 13 users ready" in out
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    statuses = set(Assessment.objects.filter(round__year=2024).values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "accepted", "appraised", "recognised", "not_recognised"}
    assert Assessment.objects.get(round__year=2024, commune__name="Xã Cẩm Lý").status == "not_recognised"

    call_command("load_demo")
    assert counts() == first
