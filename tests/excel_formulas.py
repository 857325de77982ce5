"""What a user might type to make a spreadsheet run something, and a reader that finds formulas.

Used by the formula tests of every Excel export (inspections, reports, score template): each plants
these texts in the user-text fields that reach its workbook, opens the file with openpyxl and finds
no formula and every planted text as text.
"""

import io

from openpyxl import load_workbook

PLANTED = ('=HYPERLINK("http://example.com/x","Bấm vào đây")', "+1", "-1+2", "@SUM(A1)", "\t=1+1")


def cells(content):
    """Every non-empty cell of the workbook (bytes or a path), as openpyxl reads it back."""
    wb = load_workbook(io.BytesIO(content) if isinstance(content, bytes) else content)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    yield ws.title, c


def assert_user_text_is_text(content, planted):
    """No cell is a formula or a link; each planted text is found, unchanged, in a text cell."""
    found = list(cells(content))
    formulas = [(sheet, c.coordinate, c.value) for sheet, c in found if c.data_type == "f"]
    links = [(sheet, c.coordinate) for sheet, c in found if c.hyperlink is not None]
    assert not formulas and not links, (formulas, links)
    texts = [c.value for _, c in found if c.data_type == "s" and isinstance(c.value, str)]
    for text in planted:  # forms may trim the leading tab: "=1+1" is then what must stay text
        assert any(text.strip() in t for t in texts), text
    for _, c in found:  # a cell starting like a formula carries Excel's quote prefix (stays text when edited)
        if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t")):
            assert c.data_type == "s" and c.quotePrefix, (c.coordinate, c.value)
