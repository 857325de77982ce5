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


# --- the full demo (issue 28): every table, every file, a page and a PDF ---------------------------------

def demo_run(command, database_url, media_root, roots, **env):
    return json.loads(run_app(["tests/reliability/_demo.py", command], database_url, media_root, timeout=600,
                              SIGNATURE_TRUST_ROOTS=roots, **env).strip().splitlines()[-1])


def check_full_demo(source_url, target_url, tmp_path):
    """load_demo plus evidence files, a signed document and a stored export, backed up and restored into a fresh
    database and folder: every table's row count and checksum, every file's SHA-256, a decided dossier's page and
    its decision's PDF the same; the signed files and the export byte for byte, and the signatures still verify."""
    media, restored_media, backup = tmp_path / "media", tmp_path / "media-restored", tmp_path / "backup"
    # the roots both copies trust: the demo CA's (load_demo writes it, DEBUG only) and the test's throwaway one
    roots = tmp_path / "trusted-roots"
    made = demo_run("demo", source_url, media, roots, DEBUG="True", SIGNATURE_DEMO_ROOT=roots / "demo-ca.pem")
    assert made["evidence"] >= 4 and made["assessments"] > 30 and made["exports"] == 1
    before = {k: demo_run(k, source_url, media, roots) for k in ("tables", "files", "kept")}
    signed, exports = before["kept"]["signed"], before["kept"]["exports"]
    electronic = [row for row in signed if row[4] == "electronic"]
    assert len(signed) == made["signed"]
    assert {row[3] for row in electronic} >= {"decision", "appraisal"}  # the demo's decision, the test's report
    assert all(on_disk == recorded for _name, on_disk, recorded, _doc, _path in signed)  # the files as uploaded
    assert len(exports) == 1 and exports[0][0].startswith("exports/") and exports[0][0].endswith(".xlsx")
    assert len(before["files"]) == made["evidence"] + len(signed) + len(exports)
    assert before["tables"]["assessments_assessment"][0] == made["assessments"]
    assert before["tables"]["assessments_signeddocument"][0] == len(signed)
    assert before["tables"]["reports_exportjob"][0] == 1
    assert sum(n for n, _checksum in before["tables"].values()) > 5000  # units, standards, history, …

    script("backup.sh", source_url, media, backup)
    script("restore.sh", target_url, restored_media, backup)

    after = {k: demo_run(k, target_url, restored_media, roots) for k in ("tables", "files", "kept")}
    assert after["tables"] == before["tables"]  # every table: same rows, same checksum
    assert after["files"] == before["files"]  # every file: same path, same SHA-256
    assert after["kept"] == before["kept"]  # the signed documents and the export, through their rows: the same bytes
    page, restored_page = (demo_run("pages", source_url, media, roots),
                           demo_run("pages", target_url, restored_media, roots))
    assert restored_page == page and page["pdf_bytes"] > 10000

    # the archive check on the restored copy (production's DEBUG=False): every signature verifies
    report = run_app(["manage.py", "verify_signatures"], target_url, restored_media,
                     SIGNATURE_TRUST_ROOTS=roots).strip().splitlines()
    n, paper = len(electronic), len(signed) - len(electronic)
    assert report == [f"Đã kiểm tra {n} văn bản ký số với 2 chứng thư gốc: {n} hợp lệ, 0 không còn xác thực; "
                      f"{paper} bản chụp bản giấy không có chữ ký số. Không thay đổi gì."], report
    return before


def test_the_full_demo_on_postgresql_comes_back_identical(pg_database, postgres, tmp_path):
    _name, source_url = pg_database
    target, target_url = new_pg_database(postgres, template=None)
    try:
        check_full_demo(source_url, target_url, tmp_path)
    finally:
        drop_pg_database(target)


def test_the_full_demo_on_sqlite_comes_back_identical(tmp_path):
    source_url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    run_app(["manage.py", "migrate", "--no-input", "-v", "0"], source_url)
    check_full_demo(source_url, f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path)
