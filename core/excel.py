"""The one Excel writer: every cell of every exported workbook is made here.

``value`` is the single place a Python value becomes cell content (the place to make user text
safe for a spreadsheet); ``cell`` makes a write-only cell with its style, ``put`` writes into an
ordinary worksheet, ``append`` streams a row, ``widths`` sets column widths by number
(column letters come from openpyxl's ``get_column_letter``, never from arithmetic on "A"), and
``workbook_bytes`` saves the book.

``Document`` is a write-only sheet that prints as a document (A4 in the orientation its columns fit,
scaled to the page width, the header row repeated on every page, page numbers): the letterhead (issuing
body top left, national motto top right, NĐ 30/2020), the title on page one, a boxed header row, wrapped
text with row heights that fit it; a form (the score template) puts its reference lines (``preamble``: label,
value, note) between the title and the table, which moves the header row down (``header_row``).
``print_setup`` and ``row_height`` serve sheets laid out otherwise.
"""

from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

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


# --- printing as a document ------------------------------------------------------------------

FONT = "Times New Roman"  # the documents' font (NĐ 30/2020); Liberation Serif has its metrics
SIZE = 12
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F2")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# How many column-width units (the width of "0" in the default font) fit across A4 between 1.5 cm margins
# at 100 %; wider sheets print landscape, and every sheet is scaled to its page's width.
PORTRAIT_UNITS = 95
NARROWEST = 85  # a sheet is at least this wide: the page's width, less a little
HEADER_ROW = 7  # rows 1–3 the letterhead, 4 the title, 5 the subtitle, 6 blank (a sheet without preamble)


def text_lines(text, width: float, size: float = SIZE, bold: bool = False) -> int:
    """The lines ``text`` takes wrapped in a column ``width`` units wide (word by word, each paragraph
    on its own lines), at font ``size``; counted generously: a line too many is white space, one too
    few cuts the text off on paper."""
    if text is None or text == "":
        return 1
    factor = (1.1 if bold else 1.25) * (0.8 if str(text).isupper() else 1)  # capitals are wider
    per_line = max(1, int((width - 1) * factor * SIZE / size))
    lines = 0
    for paragraph in str(text).replace("…", "..").split("\n"):  # an ellipsis is as wide as two letters
        lines, used = lines + 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) <= per_line:
                used += 1 + len(word)
                continue
            if used:  # the word starts a new line
                lines += 1
            more = (len(word) - 1) // per_line  # a word longer than a line breaks inside it
            lines, used = lines + more, len(word) - more * per_line
    return lines


def row_height(lines: int, size: float = SIZE) -> float:
    """The height in points of a row of ``lines`` lines at font ``size`` (with the cell's padding)."""
    return round(lines * size * 1.3 + 4, 1)


def print_setup(ws, *, width: float, title_rows: str | None = None, margin_cm: float = 1.5) -> None:
    """A4, portrait when ``width`` (the printed columns' width units) fits across it, else landscape,
    scaled to the page's width (as many pages down as it needs), ``title_rows`` ("7:7") repeated at
    the top of every page, centred, with page numbers at the foot."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait" if width <= PORTRAIT_UNITS else "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    inches = margin_cm / 2.54
    ws.page_margins = PageMargins(left=inches, right=inches, top=inches, bottom=inches + 0.2,
                                  header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT
    ws.oddFooter.center.size = 10
    if title_rows:
        ws.print_title_rows = title_rows


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str | None = None  # for numbers in the column; dates always print dd/mm/yyyy


@dataclass(frozen=True)
class Letterhead:
    """The heading of a document (NĐ 30/2020): the body above the issuer (may be empty), the issuer, and
    the place and date under the national motto; each as the document names it for its period."""

    parent_body: str
    issuer: str
    place_date: str = ""


class Document:
    """A write-only sheet printed as a document; rows go in with ``append`` (styled, boxed, wrapped,
    the row as high as its longest text) or ``append_plain`` (as they are: long raw tables)."""

    def __init__(self, wb, sheet_title, *, letterhead: Letterhead, title: str, columns, subtitle: str = "",
                 freeze_column: int = 1, preamble=()):
        self.ws = wb.create_sheet(sheet_title[:31])
        self.columns = [c if isinstance(c, Column) else Column(*c) for c in columns]
        if len(self.columns) == 1:  # the letterhead's two halves need two columns (a sheet saying "no data")
            self.columns.append(Column("", self.columns[0].width))
        total = sum(c.width for c in self.columns)
        if total < NARROWEST:  # a narrow table is widened to the page, so the letterhead's halves fit
            self.columns = [Column(c.header, round(c.width * NARROWEST / total, 1), c.number_format)
                            for c in self.columns]
        self.width = len(self.columns)
        self.rows = 0
        self._styles = {}  # (the arguments of _styled): the StyleArray they make in this workbook
        self.header_row = HEADER_ROW + len(preamble)
        widths(self.ws, {i: c.width for i, c in enumerate(self.columns, 1)})
        self.ws.freeze_panes = f"{get_column_letter(freeze_column)}{self.header_row + 1}"
        print_setup(self.ws, width=sum(c.width for c in self.columns),
                    title_rows=f"{self.header_row}:{self.header_row}")
        self._letterhead(letterhead)
        for text, kwargs in ((title, {"bold": True, "size": 13}), (subtitle, {"italic": True, "size": 11})):
            self._row([self._styled(text, center=True, wrap=True, **kwargs)],
                      [(text, sum(c.width for c in self.columns), kwargs["size"], kwargs.get("bold", False))])
            self._merge(1, self.width)
        for label, v, note in preamble:  # unmerged: the note runs on across the empty cells to its right
            self._row([self._styled(label, bold=True),
                       cell(self.ws, v, font=Font(name=FONT, size=SIZE),
                            number_format="@" if isinstance(v, str) else "0",
                            alignment=Alignment(horizontal="left", shrink_to_fit=True)),
                       self._styled(note, size=11)])
        self._row([])
        self._row([self._styled(c.header, bold=True, fill=HEADER_FILL, wrap=True, center=True, box=True)
                   for c in self.columns], [(c.header, c.width, SIZE, True) for c in self.columns])

    def _styled(self, v, *, bold=False, italic=False, size=SIZE, center=False, right=False, wrap=False,
                box=False, fill=None, fmt=None):
        # A style is made once per sheet and copied onto each cell that has it, as openpyxl's own
        # WorksheetCopy copies ``_style``: setting a cell's font, alignment and border looks each one up
        # in the workbook by a hash of all its attributes: a third of writing the national workbook (3.8 s → 2.4 s).
        key = (bold, italic, size, center, right, wrap, box, fill, fmt)
        style = self._styles.get(key)
        if style is None:
            horizontal = "center" if center else ("right" if right else "left")
            style = self._styles[key] = cell(
                self.ws, None, font=Font(name=FONT, size=size, bold=bold, italic=italic),
                alignment=Alignment(horizontal=horizontal, vertical="center" if center else "top",
                                    wrap_text=wrap, indent=0 if center else 1),
                border=BOX if box else None, fill=fill, number_format=fmt)._style
        made = WriteOnlyCell(self.ws, value=value(v))
        made._style = copy(style)
        return _as_text(made, v)

    def _row(self, cells, texts=()):
        """Append ``cells``; ``texts`` [(text, width, size, bold)] set the row's height when one wraps."""
        lines = [(text_lines(t, w, s, b), s) for t, w, s, b in texts if isinstance(t, str)]
        if any(n > 1 for n, _s in lines):
            self.ws.row_dimensions[self.rows + 1].height = max(row_height(n, s) for n, s in lines)
        append(self.ws, cells)
        self.rows += 1

    def _merge(self, first, last):
        if last > first:
            self.ws.merged_cells.add(CellRange(min_col=first, max_col=last, min_row=self.rows, max_row=self.rows))

    def _letterhead(self, head: Letterhead):
        """Issuer top left over about two fifths of the width, the motto top right (NĐ 30/2020)."""
        total = sum(c.width for c in self.columns)
        split, used = 1, self.columns[0].width
        while split < self.width - 1 and used + self.columns[split].width / 2 < total * 0.42:
            used += self.columns[split].width
            split += 1
        right_width = total - used
        left = [" ".join(text.upper().split()) for text in (head.parent_body, head.issuer)]
        if not left[0]:  # a body with none above it stands level with the motto's first line
            left = [left[1], ""]
        rows = ((left[0], {"bold": not head.parent_body.strip()}, MOTTO[0], {"bold": True, "size": 11}),
                (left[1], {"bold": True}, MOTTO[1], {"bold": True}),
                ("", {}, head.place_date, {"italic": True}))
        for left_text, left_style, right_text, right_style in rows:
            row = [None] * self.width
            left_style = {"size": 11, **left_style}
            row[0] = self._styled(left_text or None, center=True, wrap=True, **left_style)
            row[split] = self._styled(right_text or None, center=True, wrap=True, **right_style)
            self._row(row, [(left_text, used, left_style["size"], left_style.get("bold", False)),
                            (right_text, right_width, right_style.get("size", SIZE), right_style.get("bold", False))])
            self._merge(1, split)
            self._merge(split + 1, self.width)

    def append(self, values, *, bold=False):
        """A data row: numbers right-aligned in their column's format, dates dd/mm/yyyy, text wrapped."""
        cells, texts = [], []
        for v, column in zip(values, self.columns):
            is_number = isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)
            fmt = DATE_FORMAT if hasattr(v, "year") else (column.number_format or (
                "0.00" if isinstance(v, float) else None) if is_number else None)
            if column.number_format == "@":  # a text column (codes with leading zeros) stays text when retyped
                fmt = "@"
            cells.append(self._styled(v, bold=bold, box=True, fmt=fmt, right=is_number, wrap=not is_number))
            texts.append((v, column.width - 1, SIZE, bold))  # less the indent
        self._row(cells, texts)

    def append_plain(self, values):
        """A row without styles: fast, for raw tables (hundreds of thousands of rows)."""
        append_values(self.ws, values)
        self.rows += 1

    def finish(self):
        """An auto-filter over the header row and the data."""
        last = get_column_letter(self.width)
        self.ws.auto_filter.ref = f"A{self.header_row}:{last}{max(self.rows, self.header_row + 1)}"
