#!/usr/bin/env bash
# Run the whole test suite (browser tests included) on a fresh Debian 12 machine.
# Installs what is missing (apt: Chromium, fonts, poppler-utils; .venv from requirements-dev.txt),
# then runs pytest. Extra arguments go to pytest: `bash scripts/test.sh tests/communes -x`.
# Database: SQLite by default; PostgreSQL when DATABASE_URL points at one
# (pytest-django creates and drops test_<name> itself).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_apt_packages "${BASE_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_venv requirements-dev.txt

mkdir -p test-artifacts
say "pytest on ${DATABASE_URL:-SQLite} $*"
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests (exit code 5)" >&2
fi
exit "$status"
