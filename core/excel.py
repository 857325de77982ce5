"""The one Excel writer: every cell of every exported workbook is made here.

``value`` is the single place a Python value becomes cell content (the place to make user text
safe for a spreadsheet); ``cell`` makes a write-only cell with its style, ``put`` writes into an
ordinary worksheet, ``append`` streams a row, ``widths`` sets column widths by number
(column letters come from openpyxl's ``get_column_letter``, never from arithmetic on "A"), and
``workbook_bytes`` saves the book.
"""

from io import BytesIO

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.utils import get_column_letter

DATE_FORMAT = "DD/MM/YYYY"


def value(v):
    """What a cell holds for the Python value ``v``."""
    return v


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
    return _style(WriteOnlyCell(ws, value=value(v)), font, alignment, border, fill, number_format)


def put(ws, row: int, column: int, v, *, font=None, alignment=None, border=None, fill=None, number_format=None):
    """Write ``v`` at (row, column) of an ordinary worksheet, with its style; returns the cell."""
    return _style(ws.cell(row, column, value(v)), font, alignment, border, fill, number_format)


def append(ws, values) -> None:
    """Append one row: each item a cell made by ``cell`` or a plain value."""
    ws.append([v if isinstance(v, Cell) else value(v) for v in values])


def append_values(ws, values) -> None:
    """Append one row of plain values, unstyled: the fast path for long raw tables."""
    ws.append([value(v) for v in values])


def widths(ws, by_column: dict[int, float]) -> None:
    """Column widths by column number (1 = A)."""
    for column, width in by_column.items():
        ws.column_dimensions[get_column_letter(column)].width = width


def workbook_bytes(wb) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
