#!/usr/bin/env bash
# Back up the database and the uploaded files (evidence, council minutes) into one new folder.
#
#   DATABASE_URL=postgres://user@host:5432/name MEDIA_ROOT=/srv/xa-tre-em/media \
#       scripts/backup.sh /var/backups/xa-tre-em/$(date +%Y%m%d-%H%M%S)
#
# The folder gets:
#   database.dump     pg_dump's custom format (-Fc): compressed, restored by scripts/restore.sh
#   database.sqlite3  instead, when DATABASE_URL is SQLite: a consistent copy (SQLite's backup API)
#   media.tar.gz      everything under MEDIA_ROOT
#   SHA256SUMS        checked by scripts/restore.sh before it touches anything
# The files can hold children's personal data (Nghị định 13/2023/NĐ-CP): the folder is private to
# the user running this (mode 700), and copies must be kept as carefully as the database.
set -euo pipefail

die() { echo "backup.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: scripts/backup.sh DEST_FOLDER (a new or empty folder)"
DEST=$1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATABASE_URL=${DATABASE_URL:-sqlite:///$ROOT/db.sqlite3}
MEDIA_ROOT=${MEDIA_ROOT:-$ROOT/media}
PYTHON=${PYTHON:-python3}

if [ -e "$DEST" ] && [ -n "$(ls -A "$DEST")" ]; then
    die "$DEST is not empty: every backup goes into a folder of its own"
fi
umask 077
mkdir -p "$DEST"
chmod 700 "$DEST"

# 1. the database first, then the files: every file the dump refers to is then already on disk
#    (a file uploaded in between is only an extra file, never a missing one).
case "$DATABASE_URL" in
    postgres://*|postgresql://*)
        pg_dump --format=custom --no-owner --no-acl --file="$DEST/database.dump" "$DATABASE_URL"
        database=database.dump ;;
    sqlite:///*)
        source_db=${DATABASE_URL#sqlite:///}
        [ -f "$source_db" ] || die "no SQLite database at $source_db"
        "$PYTHON" - "$source_db" "$DEST/database.sqlite3" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)  # a consistent snapshot even while the app is writing
source.close(); target.close()
PY
        database=database.sqlite3 ;;
    *) die "DATABASE_URL must be postgres://… or sqlite:///…" ;;
esac

# 2. the uploaded files
if [ -d "$MEDIA_ROOT" ]; then
    tar -C "$MEDIA_ROOT" -czf "$DEST/media.tar.gz" .
else
    tar -czf "$DEST/media.tar.gz" -T /dev/null
fi

(cd "$DEST" && sha256sum "$database" media.tar.gz > SHA256SUMS)
files=$(tar -tzf "$DEST/media.tar.gz" | grep -cv '/$' || true)
echo "backup.sh: $DEST: $database ($(du -h "$DEST/$database" | cut -f1)), media.tar.gz ($files files)"
