"""The releases: each one's version, day, commit and the last migration of each of the project's apps.

The upgrade rehearsal (tests/operations/test_upgrade.py, tests/reliability/_upgrade.py) builds a database
at the previous release's schema by migrating an empty database to exactly these migrations, fills every
table, and migrates it forward to the code's; README, "Upgrading". A new release adds its line here with
the migrations it ships (``python manage.py showmigrations --plan`` on the release's commit), a section of
CHANGELOG.md and the annotated tag ``v<version>`` on that commit.
"""

from dataclasses import dataclass

from config.version import VERSION


@dataclass(frozen=True)
class Release:
    version: str
    day: str
    commit: str  # where the tag v<version> points (a hash, or the tag itself for the release that holds this line)
    migrations: dict  # app label -> the name of its last migration in this release (apps not listed: none yet)


RELEASES = (
    # The state of main at the end of 1 December 2026 (tagged afterwards, as the first release to upgrade from).
    Release("0.9.0", "2026-12-01", "c6804b3", {
        "accounts": "0002_notifications",
        "assessments": "0008_evidence_retention_and_reasons",
        "communes": "0004_unit_links_2025_reform",
        "core": "0001_worker_heartbeat",
        "criteria": "0004_shared_ownership_and_sector_name_sources",
        "inspections": "0002_alter_visit_options",
        "reports": "0003_export_zip_format",
    }),
    # The first release run for a province or the ministry (issue 28). Its commit is the one the annotated tag
    # v1.0.0 names (this file is part of it, so it cannot hold its own hash).
    Release("1.0.0", "2026-12-07", "v1.0.0", {
        "accounts": "0003_mail_preference",
        "api": "0001_initial",
        "assessments": "0012_signed_documents",
        "communes": "0007_unit_search_name",
        "core": "0002_task_origin",
        "criteria": "0005_confirmed_with_text",
        "inspections": "0003_plans_as_written",
        "planning": "0001_initial",
        "reports": "0003_export_zip_format",
        "reviews": "0001_initial",
    }),
)

def project_apps():
    """The labels of the project's own apps (their code is in this repository)."""
    from django.apps import apps
    from django.conf import settings

    return {c.label for c in apps.get_app_configs() if str(c.path).startswith(str(settings.BASE_DIR))
            and ".venv" not in str(c.path)}


def third_party():
    """The labels of Django's and the installed packages' apps: their migrations ship with the pinned packages."""
    from django.apps import apps

    return {c.label for c in apps.get_app_configs()} - project_apps()


def previous():
    """The release an installation of this code upgrades from: the last one before VERSION."""
    older = [r for r in RELEASES if r.version != VERSION]
    return older[-1]
