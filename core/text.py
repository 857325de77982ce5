"""Text a person types on a page: bounded, and judged by what it shows.

Every free-text field a page accepts has a bound (``max_length`` on the form field: refused with
Django's message, the text kept on the page), so a 10 MB reason is never stored nor e-mailed. A text
of nothing but invisible characters (a zero-width space U+200B, a joiner, a byte-order mark, a
filler) counts as empty, so it is no reason, comment or conclusion.
"""

import unicodedata

from django import forms

MAX_TEXT = 5_000  # a paragraph: a reason, a comment, a note, a conclusion, a section's guidance
MAX_DOCUMENT_TEXT = 20_000  # a part of a document: a plan's contents, a unit's answer to a section
FILLERS = "\u115f\u1160\u2800\u3164\uffa0"  # letters and symbols drawn as nothing (Hangul fillers, blank Braille)


def visible(text: str) -> str:
    """``text`` without its control and format characters (Cc, Cf: U+200B, U+200D, U+FEFF, …) and
    fillers, stripped: "" when nothing would show."""
    return "".join(ch for ch in text if ch not in FILLERS and unicodedata.category(ch) not in ("Cc", "Cf")).strip()


class ParagraphField(forms.CharField):
    """A text box: at most MAX_TEXT characters unless ``max_length`` says otherwise, and a text that
    shows nothing is empty (required: refused; optional: "")."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, max_length=MAX_TEXT, **kwargs):
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value if visible(value) else self.empty_value


def folded(text: str) -> str:
    """``text`` as a search matches it: without diacritics ("đ" read as "d"), lower-cased, one space between
    words. "Xã Lục Nam" and "xa luc  nam" fold alike, so a search typed with or without its marks finds
    the name on SQLite and PostgreSQL alike (``communes.Unit.search_name`` stores the folded name)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())
