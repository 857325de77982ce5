"""Backup and restore (README, "Backup and restore"): scripts/backup.sh then scripts/restore.sh
give back the same numbers — every table's rows, the totals, the decisions — and the same evidence
files, byte for byte. Both run whatever database the suite itself uses: PostgreSQL (pg_dump -Fc /
pg_restore) in a database of its own, and SQLite through its backup API."""

import json
import os
import subprocess
import sys

import pytest

from tests.reliability.conftest import ROOT, drop_pg_database, new_pg_database, run_app, seed


def script(name, database_url, media_root, *args, ok=True):
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root), "PYTHON": sys.executable}
    done = subprocess.run(["bash", f"scripts/{name}", *map(str, args)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)
    assert (done.returncode == 0) == ok, f"{name}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def fingerprint(database_url, media_root):
    return json.loads(run_app(["tests/reliability/_seed.py", "fingerprint"], database_url, media_root)
                      .strip().splitlines()[-1])


def check_round_trip(source_url, target_url, tmp_path):
    """Back up the seeded source, restore into the empty target: the same numbers, the same files."""
    source_media, target_media, backup = tmp_path / "media", tmp_path / "media-restored", tmp_path / "backup"
    before = fingerprint(source_url, source_media)
    assert before["by_status"]["recognised"][0] == 4 and before["by_status"]["not_recognised"][0] == 1
    assert len(before["files"]) == 6 and before["counts"]["assessments.HistoricalScore"] > 100

    script("backup.sh", source_url, source_media, backup)
    assert oct(backup.stat().st_mode & 0o777) == "0o700"  # personal data: private to its owner
    script("restore.sh", target_url, target_media, backup)

    assert fingerprint(target_url, target_media) == before
    assert fingerprint(source_url, source_media) == before  # the backup changed nothing

    # the restored copy is a working database: sequences continue, history keeps recording
    assert seed(target_url, "after-restore", target_media) == {"history_added": 1, "points": "77.00"}
    assert fingerprint(source_url, source_media) == before
    return backup, target_media


def test_postgresql_dump_restores_to_the_same_numbers(pg_database, postgres, tmp_path):
    _name, source_url = pg_database
    seed(source_url, "backup", tmp_path / "media")
    target, target_url = new_pg_database(postgres, template=None)  # empty: no tables at all
    try:
        backup, target_media = check_round_trip(source_url, target_url, tmp_path)

        # restore never merges into live data: a database with tables, or files, is refused
        out = script("restore.sh", target_url, tmp_path / "elsewhere", backup, ok=False)
        assert "restore into an empty database" in out
        out = script("restore.sh", source_url, target_media, backup, ok=False)
        assert "already has files" in out
        # a damaged backup is refused before anything is touched
        dump = backup / "database.dump"
        dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
        out = script("restore.sh", target_url, tmp_path / "elsewhere2", backup, ok=False)
        assert "fails its checksums" in out and not (tmp_path / "elsewhere2").exists()
    finally:
        drop_pg_database(target)


def test_sqlite_backup_restores_to_the_same_numbers(tmp_path):
    source_url = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    target_url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    run_app(["manage.py", "migrate", "--no-input", "-v", "0"], source_url)
    seed(source_url, "backup", tmp_path / "media")
    backup, _media = check_round_trip(source_url, target_url, tmp_path)
    out = script("restore.sh", target_url, tmp_path / "elsewhere", backup, ok=False)
    assert "already exists" in out


def test_the_scripts_refuse_to_run_without_their_arguments(tmp_path):
    assert "usage" in script("backup.sh", "sqlite:///x", tmp_path, ok=False)
    assert "usage" in script("restore.sh", "sqlite:///x", tmp_path, ok=False)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "old.dump").write_text("x")
    assert "is not empty" in script("backup.sh", "sqlite:///x", tmp_path, tmp_path / "full", ok=False)


@pytest.mark.parametrize("name", ["backup.sh", "restore.sh"])
def test_the_scripts_are_valid_bash(name):
    assert subprocess.run(["bash", "-n", f"scripts/{name}"], cwd=ROOT).returncode == 0
