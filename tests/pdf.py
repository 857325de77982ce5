"""Reading a printed PDF back as a person would: its text through pdftotext (poppler), and where each word
stands on the first page (for layout checks: a heading's two columns never touching)."""

import re
import subprocess
from dataclasses import dataclass
from html import unescape


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    """The PDF's text; without ``layout`` its words joined by single spaces (line breaks do not matter)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    text = subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()
    return text if layout else " ".join(text.split())


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def first_page_words(data: bytes) -> list[Word]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=data,
                         capture_output=True, check=True).stdout.decode()
    return [Word(unescape(m[4]), float(m[0]), float(m[1]), float(m[2]), float(m[3])) for m in _WORD.findall(out)]


def heading_columns_apart(words: list[Word], gap: float = 4.0) -> None:
    """Assert the NĐ 30 heading's columns stay apart: on the two lines of the national motto every word of the
    issuing body's column ends at least ``gap`` points before the motto begins; and "Số:" stands on one line
    with the start of its number."""
    for first in ("CỘNG", "Độc"):
        motto = next(w for w in words if w.text == first)
        same_line = [w for w in words if abs(w.y0 - motto.y0) < 2 and w.x0 < motto.x0]
        assert all(w.x1 <= motto.x0 - gap for w in same_line), \
            [(w.text, round(motto.x0 - w.x1, 1)) for w in same_line]
    number = next(i for i, w in enumerate(words) if w.text.startswith("Số:"))
    label = words[number]
    after = words[number + 1] if number + 1 < len(words) else None
    if label.text == "Số:" and after is not None and "/" in after.text:  # a number (a blank one prints none)
        assert abs(after.y0 - label.y0) < 2, "“Số:” is parted from its number"


def pdf_text_without_page_numbers(data: bytes) -> str:
    """The PDF's text (words joined by single spaces) without the page number each page after the first prints
    at its top (templates/documents/base.html): a paragraph running over a page reads on unbroken."""
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode()
    pages = raw.rstrip("\f\n").split("\f")
    for n, page in enumerate(pages[1:], start=2):
        first, _sep, rest = page.lstrip("\n").partition("\n")
        assert first.strip() == str(n), f"page {n} begins with {first!r}, not its number"
        pages[n - 1] = rest
    return " ".join(" ".join(pages).split())
