"""The one Excel writer: every cell of every exported workbook is made here.

``value`` is the single place a Python value becomes cell content (the place to make user text
safe for a spreadsheet); ``cell`` makes a write-only cell with its style, ``put`` writes into an
ordinary worksheet, ``append`` streams a row, ``widths`` sets column widths by number
(column letters come from openpyxl's ``get_column_letter``, never from arithmetic on "A"), and
``workbook_bytes`` saves the book.
"""

from io import BytesIO

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.utils import get_column_letter

DATE_FORMAT = "DD/MM/YYYY"

# Text starting with one of these is read as a formula (or DDE/link) by Excel or LibreOffice when the
# cell is stored as a formula or re-entered by hand (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def value(v):
    """What a cell holds for the Python value ``v``.

    Text keeps what it shows; the control characters a workbook cannot hold (openpyxl would raise)
    become U+FFFD so an export never fails on what a user typed.
    """
    if isinstance(v, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", v)
    return v


def _is_formula_like(v) -> bool:
    return isinstance(v, str) and v.startswith(FORMULA_STARTS)


def _as_text(target: Cell, v) -> Cell:
    """Store formula-like text as text: a string cell (openpyxl makes "=..." a formula otherwise)
    marked with Excel's quote prefix (the cell shows the same text and stays text when edited)."""
    if _is_formula_like(v):
        target.data_type = "s"
        target.quotePrefix = True
    return target


def _style(target, font: Font | None, alignment: Alignment | None, border: Border | None,
           fill: PatternFill | None, number_format: str | None):
    if font is not None:
        target.font = font
    if alignment is not None:
        target.alignment = alignment
    if border is not None:
        target.border = border
    if fill is not None:
        target.fill = fill
    if number_format:
        target.number_format = number_format
    return target


def cell(ws, v, *, font=None, alignment=None, border=None, fill=None, number_format=None) -> Cell:
    """A styled cell for a write-only sheet (``ws.append([cell(...), ...])``)."""
    made = _as_text(WriteOnlyCell(ws, value=value(v)), v)
    return _style(made, font, alignment, border, fill, number_format)


def put(ws, row: int, column: int, v, *, font=None, alignment=None, border=None, fill=None, number_format=None):
    """Write ``v`` at (row, column) of an ordinary worksheet, with its style; returns the cell."""
    made = _as_text(ws.cell(row, column, value(v)), v)
    return _style(made, font, alignment, border, fill, number_format)


def append(ws, values) -> None:
    """Append one row: each item a cell made by ``cell`` or a plain value."""
    ws.append([v if isinstance(v, Cell) else _plain(ws, v) for v in values])


def append_values(ws, values) -> None:
    """Append one row of plain values, unstyled: the fast path for long raw tables."""
    ws.append([_plain(ws, v) for v in values])


def _plain(ws, v):
    """A plain value as appended: formula-like text needs a cell to carry its text type."""
    return cell(ws, v) if _is_formula_like(v) else value(v)


def widths(ws, by_column: dict[int, float]) -> None:
    """Column widths by column number (1 = A)."""
    for column, width in by_column.items():
        ws.column_dimensions[get_column_letter(column)].width = width


def workbook_bytes(wb) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
