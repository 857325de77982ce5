"""A workbook printed as a person would print it: LibreOffice Calc converts it to PDF (its print setup, print
titles and row heights applied), pdftotext reads each page back and pdftoppm renders the pages to PNG under
test-artifacts/ for a look."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "print"


def printed_pages(xlsx: bytes, name: str) -> list[str]:
    """Each printed page's text (pdftotext -layout), all sheets in order; the PDF and one PNG per page are
    saved as test-artifacts/print/NAME.pdf and NAME-N.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{name}.xlsx"
        source.write_bytes(xlsx)
        # a profile of its own: two conversions at once (xdist, CI's two databases) never share one
        profile = Path(tmp) / "profile"
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": tmp})
        pdf = Path(tmp) / f"{name}.pdf"
        shutil.copy(pdf, ARTIFACTS / pdf.name)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / name)],
                   check=True, timeout=120)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(ARTIFACTS / f"{name}.pdf"), "-"],
                          capture_output=True, check=True).stdout.decode()
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def words(page: str) -> str:
    """A page's words joined by single spaces (where lines break does not matter)."""
    return " ".join(page.split())
