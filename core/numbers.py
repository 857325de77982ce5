"""The one reader of numbers a person types: scoring points, raw figures, appraisal points,
targets, inspection findings, the cells of the Excel score upload.

``parse_vn_decimal(value, label=..., max_value=..., decimals=...)`` returns a ``Decimal``, ``None``
for an empty field (the caller decides whether empty is allowed), or raises ``ValidationError``
with one Vietnamese sentence that starts with ``label`` (the field or criterion it is about).

The rule, the same for every field:

* A number is digits with at most one separator, a comma or a dot, both meaning the decimal
  point: "10,5" and "10.5" are ten and a half; "10" and "0,25" are fine. Spaces around it are
  ignored (also the no-break space Excel and Word put in).
* Thousands separators are never read: a value with two separators ("1.000.000", "1,2,3",
  "1.2,3") is refused, and so is a value that could be either: one separator followed by exactly
  three digits after one to three digits that do not start with 0 ("1.000", "12,500", "100.250").
  Those could be 1000 or 1, 12500 or 12,5; the message names both readings and asks for the
  number without a thousands separator. "0,125" is not ambiguous (nobody groups thousands after a
  leading 0) and is judged by its decimals.
* A leading "+" is allowed ("+5" is 5). Not a number ("abc", "1e3", "NaN", "5%", "1 000", ",5",
  "10,", a lone ","), a negative number, a value
  above ``max_value`` or below ``min_value``, and more decimals than ``decimals`` (trailing zeros
  are not counted: "10,50" has one) are refused.
* Numbers that are already numbers (``int``, ``Decimal``; ``float`` from a spreadsheet cell, read
  by its shortest repr, so 10.1 is 10.1) are checked against the same range and decimals. A
  ``bool`` is not a number.

Nothing is rounded: a value the field cannot hold exactly is refused, never silently changed.
"""

import math
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formatting import number as _vn  # decimal comma, no trailing zeros, no grouping

NUMBER_RE = re.compile(r"(?P<int>[0-9]*)(?:(?P<sep>[.,])(?P<frac>[0-9]*))?")
# one to three leading digits not starting with 0, one separator, exactly three digits
AMBIGUOUS_RE = re.compile(r"[1-9][0-9]{0,2}[.,][0-9]{3}")
SPACES = " \t\r\n\u00a0\u202f\u2007"


def _error(message, code, **params):
    return ValidationError(message % params, code=code)


def parse_vn_decimal(value, *, label, max_value=None, min_value=0, decimals=2):
    """``value`` (text or a number) as a Decimal, None when empty; ValidationError otherwise.

    label: what the value is, at the start of the message ("Tiêu chí 3", "Tiêu chí 3, chỉ tiêu 2:
    tử số"); max_value / min_value: inclusive bounds (None: no bound); decimals: the most decimal
    places the field keeps (0 for a count).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _error(_("%(label)s: “%(v)s” không phải là số."), "not_a_number",
                     label=label, v=_("ĐÚNG") if value else _("SAI"))
    if isinstance(value, float):
        shown = repr(value)
        number = Decimal(shown) if math.isfinite(value) else None
    elif isinstance(value, (int, Decimal)):
        number, shown = Decimal(value), str(value)
    else:
        text = str(value).strip(SPACES)
        if not text:
            return None
        shown = text if len(text) <= 40 else text[:40] + "…"
        number = _parse_text(text, label=label, shown=shown)
    if number is None or not number.is_finite():
        raise _error(_("%(label)s: “%(v)s” không phải là số."), "not_a_number", label=label, v=shown)
    if number < 0 and (min_value is None or min_value >= 0):
        raise _error(_("%(label)s: không được là số âm (“%(v)s”)."), "negative", label=label, v=shown)
    lower = None if min_value is None else Decimal(min_value)
    upper = None if max_value is None else Decimal(max_value)
    if (lower is not None and number < lower) or (upper is not None and number > upper):
        if upper is None:
            raise _error(_("%(label)s: phải từ %(min)s trở lên, không phải “%(v)s”."), "range",
                         label=label, min=_vn(lower), v=shown)
        raise _error(_("%(label)s: phải từ %(min)s đến %(max)s, không phải “%(v)s”."), "range",
                     label=label, min=_vn(lower if lower is not None else Decimal(0)), max=_vn(upper), v=shown)
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        if decimals == 0:
            raise _error(_("%(label)s: phải là số nguyên, không phải “%(v)s”."), "decimals", label=label, v=shown)
        raise _error(_("%(label)s: “%(v)s” có quá %(d)s chữ số thập phân."), "decimals",
                     label=label, v=shown, d=decimals)
    return number


def _parse_text(text, *, label, shown):
    if re.match(r"\+[0-9]", text):
        text = text[1:]
    if text.startswith("-") and NUMBER_RE.fullmatch(text[1:]) and any(ch.isdigit() for ch in text):
        raise _error(_("%(label)s: không được là số âm (“%(v)s”)."), "negative", label=label, v=shown)
    if sum(text.count(sep) for sep in ".,") > 1 and re.fullmatch(r"[0-9.,]+", text):
        raise _error(_("%(label)s: “%(v)s” có nhiều hơn một dấu phân cách. Hãy gõ số không có dấu phân "
                       "cách hàng nghìn, phần thập phân sau dấu phẩy (ví dụ 1000 hoặc 10,5)."),
                     "separators", label=label, v=shown)
    match = NUMBER_RE.fullmatch(text)
    if not match or not match["int"] or (match["sep"] and not match["frac"]):
        return None  # "abc", "1e3", "++5", "5%", "1 000", ",5", "10,": reported as not a number
    if AMBIGUOUS_RE.fullmatch(text):
        whole = match["int"] + match["frac"]
        as_decimal = Decimal(f"{match['int']}.{match['frac']}")
        raise _error(_("%(label)s: “%(v)s” không rõ là %(a)s hay %(b)s. Hãy gõ lại, không dùng dấu phân cách "
                       "hàng nghìn (ví dụ %(a)s)."),
                     "ambiguous", label=label, v=shown, a=whole, b=_vn(as_decimal))
    try:
        return Decimal(f"{match['int']}.{match['frac']}" if match["sep"] else match["int"])
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None
