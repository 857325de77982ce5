"""Printed pages read back as a person would: LibreOffice Calc prints a workbook to PDF (its print setup,
print titles and row heights applied); pdftotext reads a PDF's pages back and pdftoppm renders them to PNG
under test-artifacts/print/<database>/ for a look."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "print"


def printed_pages(xlsx: bytes, name: str, suffix: str = "xlsx") -> list[str]:
    """Each page's text of the workbook printed by LibreOffice, every sheet in order (``pdf_pages``); ``suffix``
    "docx" for a Word document."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / f"{name}.{suffix}").write_bytes(xlsx)
        # a profile of its own: two conversions at once (CI's two databases side by side) never share one
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(work), str(work / f"{name}.{suffix}")],
                       check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": tmp})
        return pdf_pages((work / f"{name}.pdf").read_bytes(), name)


def pdf_pages(pdf: bytes, name: str) -> list[str]:
    """Each page's text (pdftotext -layout); the PDF and a PNG per page are kept as
    test-artifacts/print/<database>/NAME.pdf and NAME-N.png (one folder per database: CI runs two at once)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(work / f"{name}.pdf"), str(work / name)], check=True,
                       timeout=120)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(work / f"{name}.pdf"), "-"],
                              capture_output=True, check=True).stdout.decode()
        kept = ARTIFACTS / connection.vendor
        kept.mkdir(parents=True, exist_ok=True)
        for old in kept.glob(f"{name}-*.png"):
            old.unlink()
        for made in [work / f"{name}.pdf", *work.glob(f"{name}-*.png")]:
            shutil.copy(made, kept / made.name)
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def words(page: str) -> str:
    """A page's words joined by single spaces (where lines break does not matter)."""
    return " ".join(page.split())
