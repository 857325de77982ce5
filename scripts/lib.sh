# Shared steps for scripts/run_demo.sh, scripts/test.sh and .ci/run (source it, do not run it).
# Debian 12 with Python 3.11; apt-get needs root (or sudo).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Debian's own interpreter (package python3, installed below) rather than whatever `python3` is first
# on the PATH: Debian builds it with profile-guided and link-time optimisation, and the app serves
# about a fifth more requests per second on it than on a plain source build (README, Performance).
PYTHON="${PYTHON:-/usr/bin/python3}"
VENV="$ROOT/.venv"

say() { printf '==> %s\n' "$*"; }

# ensure_apt_packages PKG...: install only the packages dpkg does not report as installed.
ensure_apt_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "Need root to install: ${missing[*]}" >&2; return 1; }
        sudo="sudo"
    fi
    say "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ensure_venv [FILE]: .venv with the pinned FILE installed: requirements.txt (the app alone, the default:
# the demo) or requirements-dev.txt (the app, the tests and the tools: scripts/test.sh, CI). Both are
# compiled by pip-compile from requirements.in and requirements-dev.in (README, "Dependencies"). A stamp
# per file holds its checksum, so pip runs again only when that file changes.
ensure_venv() {
    local file="${1:-requirements.txt}"
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating $VENV with $($PYTHON --version)"
        "$PYTHON" -m venv "$VENV"
    fi
    local stamp="$VENV/.$file.sha256" want
    want="$(sha256sum "$ROOT/$file" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "pip install -r $file"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/$file"
        echo "$want" > "$stamp"
    fi
}

# System packages: python3-venv for the virtualenv; Chromium, fonts with Vietnamese glyphs and
# poppler-utils (pdftotext, pdftoppm) for the browser and PDF tests; LibreOffice Calc and Writer (no GUI) print
# the exported workbooks and Word copies to PDF as a person would (tests/printed.py). Never `playwright install`.
BASE_PACKAGES=(python3 python3-venv libcairo2)  # libcairo2: CairoSVG draws the Word copies' charts (core/svg.py)
TEST_PACKAGES=(chromium chromium-driver poppler-utils fonts-liberation2 fonts-dejavu-core libreoffice-calc-nogui
               libreoffice-writer-nogui)
