"""Vietnamese numbers and dates, as pages, workbooks and printed documents show them.

Numbers: a decimal comma (849,5) and a dot between thousands (1.245). Dates in a document's
"ngày … tháng … năm …" line follow Nghị định 30/2020/NĐ-CP (Phụ lục I): a leading zero only for days
below 10 and for the months 1 and 2 ("ngày 05 tháng 3 năm 2024", "ngày 15 tháng 02 năm 2024").
"""

import datetime
from decimal import Decimal


def number(value, places: int | None = None, *, trim: bool = False) -> str:
    """849.5 → "849,5". ``places`` None: as many decimals as the value has, none when it is whole
    (850.00 → "850"); otherwise exactly ``places`` (28.571, 2 → "28,57"), or at most with ``trim``
    (65.00, 2 → "65"). Empty for None."""
    if value is None:
        return ""
    value = Decimal(value)
    if places is None:
        text = format(value.normalize(), "f")
    else:
        text = f"{value:.{places}f}"
        if trim and "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def signed(value) -> str:
    """A change in points: "+5", "-12,5", "0"; empty for None."""
    if value is None:
        return ""
    return ("+" if Decimal(value) > 0 else "") + number(value)


def percent(value, places: int = 2, *, trim: bool = False) -> str:
    """28.571 → "28,57%"; ``trim``: 65.00 → "65%". Empty for None."""
    return "" if value is None else number(value, places, trim=trim) + "%"


def thousands(value: int) -> str:
    """10000 → "10.000" (the Vietnamese thousands separator)."""
    return f"{int(value):,}".replace(",", ".")


def nd30_day(day: int) -> str:
    """The day in a date line: a leading zero below 10 (NĐ 30/2020)."""
    return f"{day:02d}"


def nd30_month(month: int) -> str:
    """The month in a date line: a leading zero only for January and February (NĐ 30/2020)."""
    return f"{month:02d}" if month in (1, 2) else str(month)


# a report's date is written by hand when it is signed, as on the PDF (templates/documents/base.html)
BLANK_DATE = "ngày …… tháng …… năm 20……"


def nd30_date(day: datetime.date) -> str:
    """"ngày 05 tháng 3 năm 2024", "ngày 15 tháng 02 năm 2024": a document's date (NĐ 30/2020)."""
    return f"ngày {nd30_day(day.day)} tháng {nd30_month(day.month)} năm {day.year}"
