"""Release hygiene (issue 28): one version (config/version.py) in the footer, /health/, CHANGELOG.md and
operations/releases.py; the changelog in Keep a Changelog's form; the deploy units agree with the code."""

import configparser
import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

from config.version import VERSION
from operations.releases import RELEASES, previous

ROOT = Path(settings.BASE_DIR)


def test_the_version_is_semantic_and_released_in_order():
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
    versions = [tuple(map(int, r.version.split("."))) for r in RELEASES]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert RELEASES[-1].version == VERSION and previous().version != VERSION


def test_the_changelog_keeps_a_changelog_form():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n") and "Keep a Changelog" in text
    headings = re.findall(r"^## \[(.+?)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.M)
    assert headings[0] == ("Unreleased", "")
    released = [(v, day) for v, day in headings[1:]]
    assert released == [(r.version, r.day) for r in reversed(RELEASES)]  # newest first, each with its day
    sections = set(re.findall(r"^### (\w+)$", text, re.M))
    assert sections <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def units():
    for path in sorted((ROOT / "deploy").glob("*.service")):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(path, encoding="utf-8")
        yield path.name, parser


def test_the_deploy_units_agree_with_the_code():
    commands = get_commands()
    seen = set()
    for name, unit in units():
        service = unit["Service"]
        assert service["WorkingDirectory"] == "/srv/treem/app" and service["EnvironmentFile"] == "/srv/treem/env"
        assert service["User"] == "treem"
        start = service["ExecStart"].split()
        assert start[0].startswith("/srv/treem/app/.venv/bin/")
        if "manage.py" in start:
            command = start[start.index("manage.py") + 1]
            assert command in commands, f"{name}: no command {command}"
            seen.add(command)
        if start[0].endswith("gunicorn"):
            assert start[start.index("-c") + 1] == "config/gunicorn.py" and (ROOT / "config/gunicorn.py").exists()
            assert "config.wsgi" in start
            # /metrics sums gunicorn's processes through a folder systemd empties at each start
            assert service["Environment"] == f"PROMETHEUS_MULTIPROC_DIR=/run/{service['RuntimeDirectory']}"
            seen.add("gunicorn")
    assert seen == {"gunicorn", "db_worker", "send_reminders"}
    timer = configparser.ConfigParser(strict=False, interpolation=None)
    timer.read(ROOT / "deploy/treem-reminders.timer", encoding="utf-8")
    assert timer["Timer"]["OnCalendar"]
