#!/usr/bin/env bash
# Set up and run the app on SQLite with demo data: http://127.0.0.1:8000/
# Creates .venv, installs requirements.txt (the app only), migrates db.sqlite3, loads the demo data
# (idempotent; prints the demo users and their passwords) and starts the development server with one
# task worker beside it (`manage.py db_worker`: exports), stopped with the server.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_apt_packages "${BASE_PACKAGES[@]}"
ensure_venv

export DEBUG=True
unset DATABASE_URL  # the demo always runs on the SQLite file db.sqlite3
# the root of the demo's own certificate authority, made by load_demo to sign one decision; trusted by this demo's
# server only (DEBUG=True; config.settings refuses it otherwise): README, "Electronic documents"
export SIGNATURE_DEMO_ROOT="$ROOT/media/demo-ky-so/goc-chi-dung-cho-demo.pem"
say "migrate"
.venv/bin/python manage.py migrate --no-input -v 0
say "load_demo"
.venv/bin/python manage.py load_demo
say "db_worker (exports and other work off the request)"
.venv/bin/python manage.py db_worker --no-reload -v 0 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null; wait "$WORKER" 2>/dev/null' EXIT INT TERM
say "http://${DEMO_ADDR:-127.0.0.1:8000}/  (Ctrl+C to stop)"
.venv/bin/python manage.py runserver "${DEMO_ADDR:-127.0.0.1:8000}"
