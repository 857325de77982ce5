"""The upgrade rehearsal (issue 28): a database at the previous release's schema (operations/releases.py),
with a row in every table, migrated forward to the code's; every migration since then run backwards over
the data and forwards again; and every migration of the project reversible, or saying why not."""

import subprocess

from django.db.migrations.loader import MigrationLoader

from operations.releases import RELEASES, previous, project_apps, third_party
from tests.reliability.conftest import ROOT, drop_pg_database, new_pg_database, run_app


def rehearse(database_url):
    import json

    return json.loads(run_app(["tests/reliability/_upgrade.py"], database_url, timeout=600).strip().splitlines()[-1])


def check(result):
    assert result["lost"] == {}  # every row of every table of the old schema is still there
    assert result["empty"] == [] and result["tables"] >= 60  # every table had a row
    assert result["forward"] >= 1 and result["unapplied_at_end"] == 0
    assert result["backward_names"] == result["forward_names"]  # each one came back out, and went in again


def test_the_previous_release_upgrades_on_postgresql(postgres):
    name, url = new_pg_database(postgres, template=None)
    try:
        check(rehearse(url))
    finally:
        drop_pg_database(name)


def test_the_previous_release_upgrades_on_sqlite(tmp_path):
    check(rehearse(f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"))


def test_every_migration_is_reversible_or_says_why_not():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    silent = []
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app not in project_apps():
            continue
        irreversible = [type(op).__name__ for op in migration.operations if not op.reversible]
        if irreversible and not getattr(migration, "irreversible_because", ""):
            silent.append(f"{app}.{name}: {irreversible}")
    assert silent == [], "make these reversible, or give the migration irreversible_because = '…'"
    assert len([k for k in loader.disk_migrations if k[0] in project_apps()]) > 30


def test_the_project_and_the_packages_are_told_apart():
    assert {"accounts", "assessments", "communes", "core", "criteria", "reports", "operations"} <= project_apps()
    assert {"auth", "admin", "sessions", "axes", "django_tasks_database"} <= third_party()
    assert not project_apps() & third_party()
    for app in previous().migrations:
        assert app in project_apps()


def test_the_recorded_release_is_what_its_commit_held():
    release = previous()
    assert release is RELEASES[-1] or release.version < RELEASES[-1].version
    for app, last in release.migrations.items():
        listing = subprocess.run(["git", "ls-tree", "--name-only", f"{release.commit}:{app}/migrations/"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.split()
        numbered = sorted(f[:-3] for f in listing if f[:4].isdigit() and f.endswith(".py"))
        assert numbered[-1] == last, (app, numbered[-1], last)
