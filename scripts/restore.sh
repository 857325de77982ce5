#!/usr/bin/env bash
# Restore a folder made by scripts/backup.sh into an EMPTY database and an empty media folder.
#
#   createdb -h 127.0.0.1 -U postgres xa_tre_em_restored
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/xa_tre_em_restored \
#   MEDIA_ROOT=/srv/xa-tre-em/media-restored scripts/restore.sh /var/backups/xa-tre-em/20241205-2300
#
# It checks SHA256SUMS first, refuses a database that already has tables or a media folder that
# already has files (it never merges into or overwrites live data), and restores in one
# transaction: either everything is there afterwards or nothing is. Then point the app at the
# restored database and run `python manage.py migrate` (applies migrations newer than the backup).
set -euo pipefail

die() { echo "restore.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: scripts/restore.sh BACKUP_FOLDER"
BACKUP=$(cd "$1" && pwd)
[ -n "${DATABASE_URL:-}" ] || die "set DATABASE_URL to the (empty) database to restore into"
[ -n "${MEDIA_ROOT:-}" ] || die "set MEDIA_ROOT to the (empty) folder to restore the files into"
PYTHON=${PYTHON:-python3}

(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS) || die "$BACKUP fails its checksums: not restored"
if [ -d "$MEDIA_ROOT" ] && [ -n "$(find "$MEDIA_ROOT" -type f -print -quit)" ]; then
    die "$MEDIA_ROOT already has files: restore into an empty folder"
fi

case "$DATABASE_URL" in
    postgres://*|postgresql://*)
        [ -f "$BACKUP/database.dump" ] || die "$BACKUP has no database.dump (a PostgreSQL backup)"
        tables=$(psql "$DATABASE_URL" -X -A -t -c \
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')") \
            || die "cannot connect to the target database (create it first with createdb)"
        [ "$tables" = "0" ] || die "the target database has $tables tables: restore into an empty database"
        pg_restore --no-owner --no-acl --exit-on-error --single-transaction \
            --dbname="$DATABASE_URL" "$BACKUP/database.dump" ;;
    sqlite:///*)
        [ -f "$BACKUP/database.sqlite3" ] || die "$BACKUP has no database.sqlite3 (a SQLite backup)"
        target=${DATABASE_URL#sqlite:///}
        [ ! -s "$target" ] || die "$target already exists: restore into a new file"
        "$PYTHON" - "$BACKUP/database.sqlite3" "$target" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
assert target.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
source.close(); target.close()
PY
        ;;
    *) die "DATABASE_URL must be postgres://… or sqlite:///…" ;;
esac

mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" --no-same-owner -xzf "$BACKUP/media.tar.gz"
files=$(find "$MEDIA_ROOT" -type f | wc -l)
echo "restore.sh: restored $BACKUP into the database and $MEDIA_ROOT ($files files)"
