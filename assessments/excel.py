"""Score templates in Excel: download for one commune or a whole district, fill offline, upload.

An upload is all or nothing. ``parse_upload`` checks the file before openpyxl parses a byte of it
(size, content, unpacked size; then, streaming each part and stopping at the first bound, its rows,
a row's cells, merged ranges, styles and strings), then reads every cell and returns the problems, each
with its row and column letter, or the parsed rows. ``scores_import`` applies the rows through the
ordinary services (``assessment_start``, ``scores_save``) inside one transaction: any refused row
rolls back everything, so the database either takes the whole file or nothing of it.

Layout of the one sheet, printed as a document by core.excel.Document (our own template has no formula, and
no merged cell in or under its header row, so both are refused):

    rows 1–3  the letterhead (the commune's or district's People's Committee | the national motto), merged
    row 4     title
    row 5     the round: year – province
    row 6     "Đợt đánh giá"   | round id        | year – province
    row 7     "Tỉnh"           | province code   | province name
    row 8     "Bộ tiêu chuẩn"  | standard code   | standard title
    row 9     "Tải mẫu lúc"    | signed stamp    | instructions
    row 11    Mã đơn vị | Tên đơn vị | TC1 (tối đa 100) | TC2 (tối đa 50) | …
    row 12…   one commune per row, existing points pre-filled; an empty cell means "not scored yet"

The reader finds the header row by its labels (column A "Mã đơn vị" or B "Tên đơn vị", within the first
``HEADER_SEARCH`` rows) and the round's lines above it by their labels in column A, so a template downloaded
before the letterhead (header in row 6, the lines in rows 2–5) reads back as well.

The timestamp stands in for a version column: an assessment saved after the template was downloaded
is refused, so an upload never silently overwrites someone else's newer points.
"""

import datetime
import itertools
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from defusedxml.ElementTree import iterparse
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation

from assessments import permissions, services
from assessments.models import Assessment, Score
from communes.models import Level, Unit
from core import excel
from core.formatting import BLANK_DATE, thousands
from core.names import bare_name
from core.numbers import parse_vn_decimal
from core.problems import Problem
from core.uploads import XLSX

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # data rows
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # 20,000 rows of 15 criteria unpack to about 15 MB
MAX_MEMBERS = 200
MAX_COLUMNS = 64
MAX_LISTED = 300  # problems shown; the count says how many more there were
# What openpyxl would build from a part, counted in XML elements before it reads a byte (a 135 KB file
# of a million empty <font/> or <xf/> elements, 3.4 million strings or 2 million merged ranges held a
# worker 20–50 s). The template needs a few dozen of each; the bounds leave room for Excel's own.
MAX_PART_ELEMENTS = 10_000  # styles, workbook, theme, …; in a sheet, what lies before, between or after rows
MAX_STRING_ELEMENTS = 5 * MAX_ROWS  # shared strings: each row's code and name, 2 elements each
PART_CHUNK = 64 * 1024
PART_NAMES = {"xl/styles.xml": gettext_lazy("định dạng ô (phông chữ, kiểu ô, đường viền)"),
              "xl/sharedStrings.xml": gettext_lazy("chuỗi văn bản"),
              "xl/workbook.xml": gettext_lazy("khai báo sổ làm việc")}

SHEET_TITLE = "Chấm điểm"
ROUND_CELL, PROVINCE_CELL, STANDARD_CELL, STAMP_CELL = (6, 2), (7, 2), (8, 2), (9, 2)  # (row, column)
HEADER_ROW = excel.HEADER_ROW + 4  # below the letterhead, the title and the round's four lines
FIRST_ROW = HEADER_ROW + 1
HEADER_SEARCH = 20  # the header row lies within the first rows
# the round's lines, found by their label in column A above the header row: (label, where it is written)
TITLE_LABELS = {"Đợt đánh giá": ROUND_CELL, "Bộ tiêu chuẩn": STANDARD_CELL, "Tải mẫu lúc": STAMP_CELL}
LAST_ROW = FIRST_ROW + MAX_ROWS - 1
CODE_HEADER, NAME_HEADER = "Mã đơn vị", "Tên đơn vị"
HEADER_RE = re.compile(r"^TC\s*(\d{1,3})\s*(?:\(\s*(?:tối đa|max)\s*(\d{1,5}(?:[.,]\d+)?)\s*\))?$", re.I)
XLSX_CONTENT_TYPE = XLSX
STAMP_SALT = "assessments.excel.template-stamp"
CRITERIA_WIDTH = 120  # at least, in column-width units: row 5's line is printed across the criteria's columns
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- problems --------------------------------------------------------------------------------

class UploadRejected(ValidationError):
    """The upload was refused as a whole; ``problems`` lists why, ``total`` counts them all."""

    def __init__(self, problems, total=None):
        self.problems = list(problems)[:MAX_LISTED]
        self.total = total if total is not None else len(problems)
        messages = [str(p) for p in self.problems]
        if self.total > len(self.problems):
            messages.append(_("… và %(n)s lỗi khác.") % {"n": self.total - len(self.problems)})
        super().__init__(messages)


class _Problems:
    def __init__(self):
        self.items, self.total = [], 0

    def add(self, message, row=None, column=None):
        self.total += 1
        if len(self.items) < MAX_LISTED:
            self.items.append(Problem(message, row, get_column_letter(column) if isinstance(column, int)
                                      else column))

    def __bool__(self):
        return self.total > 0

    def rejected(self):
        return UploadRejected(self.items, self.total)


@dataclass
class ParsedRow:
    row: int
    commune: Unit
    points: dict  # criterion number -> Decimal, or None for "not scored yet"


@dataclass
class ParseResult:
    problems: list = field(default_factory=list)
    total_problems: int = 0
    rows: list = field(default_factory=list)
    downloaded_at: datetime.datetime | None = None

    @property
    def ok(self):
        return self.total_problems == 0


# --- download --------------------------------------------------------------------------------

def template_communes(round, unit):
    """The communes a template for ``unit`` holds: the commune itself, or every commune under it."""
    if unit.level == Level.COMMUNE:
        return [unit]
    return list(Unit.objects.within(unit).communes().filter(path__startswith=round.province.path)
                .order_by("path").only("id", "code", "name", "path"))


def template_letterhead(unit):
    """The template's letterhead: the People's Committee of the unit it is for (the commune that fills it, or
    the district or province that hands it out), the place and a date left to write by hand."""
    from assessments.documents import committee

    return excel.Letterhead("", committee(unit), f"{bare_name(unit.name)}, {BLANK_DATE}")


def build_template(*, round, communes, now=None, unit=None):
    """The round's score template for these communes (of ``unit``: the one commune by default), existing
    points filled in, as .xlsx bytes: one sheet printed as a document (core.excel.Document)."""
    now = now or timezone.now()
    unit = unit or (communes[0] if len(communes) == 1 else round.province)
    criteria = list(round.standard.criteria.order_by("number"))
    points = {(commune_id, number): value for commune_id, number, value in
              Score.objects.filter(assessment__round=round, assessment__commune__in=[c.pk for c in communes])
              .values_list("assessment__commune_id", "criterion__number", "points")}

    preamble = [
        (_("Đợt đánh giá"), round.pk, _("Năm %(y)s – %(p)s") % {"y": round.year, "p": round.province}),
        (_("Tỉnh"), round.province.code, round.province.name),
        (_("Bộ tiêu chuẩn"), round.standard.code, round.standard.title),
        # what to type in a score cell Excel shows beside the cell (the validation's prompt, below); this
        # line is short enough to print whole across the criteria's columns (unmerged: see above)
        (_("Tải mẫu lúc"), _stamp(round, now),
         _("Không dùng công thức, không gộp ô, không thêm trang tính, không sửa các ô B%(a)s–B%(b)s và dòng "
           "tiêu đề. Hồ sơ cập nhật sau lúc tải mẫu thì tải mẫu mới.") % {"a": ROUND_CELL[0], "b": STAMP_CELL[0]}),
    ]
    # the criteria's columns together hold the instructions' line on paper, however few the criteria
    width = max(11, CRITERIA_WIDTH // max(len(criteria), 1))  # ("round" is the round here)
    columns = [excel.Column(CODE_HEADER, 14, "@"), excel.Column(NAME_HEADER, 30),
               *(excel.Column(_header_label(c), width) for c in criteria)]
    wb = Workbook()
    wb.remove(wb.active)  # the document's sheet is the only one (an upload with two is refused)
    sheet = excel.Document(wb, SHEET_TITLE, letterhead=template_letterhead(unit),
                           title=_("MẪU CHẤM ĐIỂM TỰ ĐÁNH GIÁ XÃ, PHƯỜNG, THỊ TRẤN PHÙ HỢP VỚI TRẺ EM"),
                           subtitle=_("Dùng cho: %(u)s") % {"u": unit.name},
                           columns=columns, freeze_column=3, preamble=preamble)
    ws = sheet.ws  # its header row is HEADER_ROW: the letterhead, the title and the four lines above it
    for commune in communes:  # boxed, empty cells too: a printed sheet can be filled by hand
        sheet.append([commune.code, commune.name,  # the code a text cell: it keeps its leading zeros ("03055")
                      *(None if (value := points.get((commune.pk, c.number))) is None else
                        int(value) if value == value.to_integral_value() else value for c in criteria)])

    last = FIRST_ROW + max(len(communes), 1) - 1
    for column, criterion in enumerate(criteria, start=3):
        letter = get_column_letter(column)
        limits = {"n": criterion.number, "max": criterion.max_points}
        rule = DataValidation(type="decimal", operator="between", formula1="0",
                              formula2=str(criterion.max_points), allow_blank=True, showErrorMessage=True,
                              errorTitle=_("Điểm không hợp lệ"), error=_("TC%(n)s: điểm từ 0 đến %(max)s.") % limits,
                              showInputMessage=True, promptTitle=_("TC%(n)s") % limits,
                              prompt=_("Nhập điểm từ 0 đến %(max)s (tối đa 2 chữ số thập phân); để trống nếu "
                                       "chưa chấm.") % limits)
        rule.add(f"{letter}{FIRST_ROW}:{letter}{last}")
        ws.add_data_validation(rule)
    return excel.workbook_bytes(wb)


def _stamp(round, now):
    """B5: the round and the download time, signed (django.core.signing with the SECRET_KEY), so an
    edited time cannot skip the check against changes saved after the download."""
    return signing.Signer(salt=STAMP_SALT).sign(f"{round.pk}|{timezone.localtime(now).isoformat()}")


def _header_label(criterion):
    return _("TC%(n)s (tối đa %(max)s)") % {"n": criterion.number, "max": criterion.max_points}


# --- upload: the container -------------------------------------------------------------------

def _read_capped(upload):
    """The upload's bytes, or None when it is larger than MAX_BYTES (checked before reading)."""
    if getattr(upload, "size", None) is not None and upload.size > MAX_BYTES:
        return None
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    return None if len(data) > MAX_BYTES else data


def _container_problem(data):
    """Why these bytes are not a workbook we will open (None when they are), by content only."""
    not_xlsx = _("Tệp không phải là sổ làm việc Excel (.xlsx) hợp lệ (kiểm tra theo nội dung tệp, "
                 "không theo tên tệp). Hãy tải mẫu, điền điểm và lưu dưới dạng .xlsx.")
    if data.startswith(OLE_MAGIC):
        return _("Tệp ở định dạng Excel cũ (.xls) hoặc đã đặt mật khẩu. Hãy mở tệp, bỏ mật khẩu và "
                 "lưu lại dưới dạng Sổ làm việc Excel (.xlsx).")
    if not data.startswith(b"PK\x03\x04"):
        return not_xlsx
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return not_xlsx
    names = {info.filename for info in infos}
    if len(infos) > MAX_MEMBERS or not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        return not_xlsx
    if any(info.flag_bits & 0x1 for info in infos):
        return not_xlsx
    if "xl/vbaProject.bin" in names:
        return _("Tệp có macro (VBA): hãy lưu lại dưới dạng Sổ làm việc Excel (.xlsx) không có macro.")
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        return _("Tệp giải nén ra quá lớn (trên %(mb)s MB): mẫu chấm điểm không cần dung lượng như vậy.")\
            % {"mb": MAX_UNPACKED_BYTES // 1048576}
    return None


def _scan_parts(data):
    """(refusal or None, merged ranges of every worksheet, None or (number, has cells, size declared)
    of the first row past what the template can hold), counted before openpyxl builds anything and
    stopping at the first bound: a sheet declaring 7 rows may hold millions of empty ones, a row millions
    of cells, the styles a million fonts; all compress to nothing. Worksheets are parsed (streaming)
    for their rows, cells and merged ranges (the read-only reader exposes no merges)."""
    merged, past_the_cap = [], None
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name in archive.namelist():
            try:
                with archive.open(name) as src:
                    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                        refusal, past = _scan_sheet(src, merged)
                        past_the_cap = past_the_cap or past
                    else:
                        refusal = _scan_part(src, name)
            except Exception:  # noqa: BLE001 - a broken part (zlib, CRC, XML): openpyxl says so if it reads it
                continue
            if refusal:
                return refusal, merged, past_the_cap
    return None, merged, past_the_cap


def _scan_part(src, name):
    """Why a part other than a worksheet is refused (more elements than its bound), or None. The tags
    are counted in the bytes (an opening "<" that is not "</"), which costs nothing next to parsing,
    in any XML part whatever its name (the content types may point openpyxl's strings anywhere)."""
    bound = MAX_STRING_ELEMENTS if name == "xl/sharedStrings.xml" else MAX_PART_ELEMENTS
    head = src.read(PART_CHUNK)
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return None  # an image or a printer's settings: openpyxl builds nothing from it
    tags = 0
    for chunk in itertools.chain([head], iter(lambda: src.read(PART_CHUNK), b"")):
        tags += chunk.count(b"<") - chunk.count(b"</")
        if tags > bound:
            return _("Tệp có quá nhiều %(what)s (trên %(n)s phần tử): mẫu chấm điểm không cần như vậy. Hãy tải "
                     "mẫu mới và chỉ nhập điểm.") % {"what": PART_NAMES.get(name, _("dữ liệu ở phần %(p)s")
                                                                      % {"p": name[:60]}), "n": thousands(bound)}
    return None


def _scan_sheet(src, merged):
    """(refusal or None, None or (number, has cells, size declared) of the first row past LAST_ROW) of one
    worksheet; its merged ranges are added to ``merged``. A row past the cap ends the scan."""
    rows, number, cells, elements, declared = 0, 0, 0, 0, False
    for _event, element in iterparse(src):
        tag = element.tag.rpartition("}")[2]
        if tag == "row":
            number = element.get("r")
            number = int(number) if (number or "").isdigit() else rows + 1
            rows, cells, elements = rows + 1, 0, 0
            if rows > LAST_ROW:
                return None, (number, len(element) > 0, declared)
        else:  # what a row holds (cells and their text), or what comes before the rows or after them
            cells, elements = cells + (tag == "c"), elements + 1
            declared = declared or tag == "dimension"
            if cells > MAX_COLUMNS:
                return _("Dòng %(r)s có quá nhiều ô (trên %(n)s cột): mẫu chấm điểm không cần như vậy.") % {
                    "r": number + 1, "n": MAX_COLUMNS}, None
            if elements > MAX_PART_ELEMENTS:
                return _("Trang tính có quá nhiều phần tử ngoài các ô dữ liệu (trên %(n)s): mẫu chấm điểm không "
                         "cần như vậy.") % {"n": thousands(MAX_PART_ELEMENTS)}, None
            if tag == "mergeCell" and element.get("ref"):
                merged.append(element.get("ref"))
                if len(merged) > MAX_LISTED:
                    return _("Trang tính có hơn %(n)s vùng ô gộp; mẫu không dùng ô gộp, hãy bỏ gộp ô.") % {
                        "n": MAX_LISTED}, None
        element.clear()
    return None, None


def _past_the_cap(problems, past):
    """Refuse a sheet holding a row past LAST_ROW: ``past`` is (its number, has cells, size declared)."""
    if past[1]:
        problems.add(_("Tệp có dữ liệu quá dòng %(last)s: tối đa %(max)s dòng dữ liệu.")
                     % {"last": LAST_ROW, "max": thousands(MAX_ROWS)}, max(past[0], LAST_ROW + 1))
    else:
        problems.add(_("Trang tính có hơn %(n)s dòng, vượt quá giới hạn %(max)s dòng dữ liệu. Hãy chia nhỏ tệp "
                       "hoặc xoá các dòng thừa.") % {"n": thousands(LAST_ROW), "max": thousands(MAX_ROWS)})


# --- upload: the cells -----------------------------------------------------------------------

def _text(value):
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


def _is_empty(cell):
    return cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


def _code_key(value):
    """A commune code compared without its leading zeros (Excel drops them from numbers)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value)
    return text.lstrip("0") or "0" if re.fullmatch(r"[0-9]+", text) else text


def _points(cell, criterion):
    """(Decimal or None, problem message or None) for a cell of a criterion column."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if cell.data_type == "e":
        return None, _("ô lỗi %(v)s thay vì điểm.") % {"v": value}
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return None, _("ô đang ở dạng ngày giờ, không phải số điểm (hãy định dạng ô là số).")
    # the page's reader: a text cell "10,5" is 10.5, "1.000" is refused as ambiguous, as on the page
    try:
        number = parse_vn_decimal(_text(value) if isinstance(value, str) else value,
                                  label=_("Tiêu chí %(n)s") % {"n": criterion.number}, max_value=criterion.max_points)
    except ValidationError as e:
        return None, e.messages[0]
    return number.quantize(Decimal("0.01")), None


def _parse_header(cells, criteria, problems, header_row=HEADER_ROW):
    """{column index (0-based): criterion number}; problems for anything else in the header row."""
    by_number = {c.number: c for c in criteria}
    columns, seen = {}, {}
    for index, cell in enumerate(cells):
        text = _text(cell.value)
        column = index + 1
        if index == 0 and text.casefold() != CODE_HEADER.casefold():
            problems.add(_("tiêu đề phải là “%(h)s”, không phải “%(v)s”.") % {"h": CODE_HEADER, "v": text},
                         header_row, column)
        elif index == 1 and text.casefold() != NAME_HEADER.casefold():
            problems.add(_("tiêu đề phải là “%(h)s”, không phải “%(v)s”.") % {"h": NAME_HEADER, "v": text},
                         header_row, column)
        elif index >= 2 and text:
            match = HEADER_RE.match(text)
            if not match:
                problems.add(_("tiêu đề “%(v)s” không phải là một cột tiêu chí (dạng “TC1 (tối đa 100)”).")
                             % {"v": text[:60]}, header_row, column)
                continue
            number = int(match.group(1))
            criterion = by_number.get(number)
            if criterion is None:
                problems.add(_("tiêu chí %(n)s không thuộc bộ tiêu chuẩn %(code)s của đợt này (có %(k)s tiêu chí).")
                             % {"n": number, "code": criteria[0].standard.code if criteria else "",
                                "k": len(criteria)}, header_row, column)
            elif match.group(2) and Decimal(match.group(2).replace(",", ".")) != criterion.max_points:
                problems.add(_("tiêu chí %(n)s có điểm tối đa %(max)s theo %(code)s, không phải %(v)s: "
                               "tệp được lập theo bộ tiêu chuẩn khác.")
                             % {"n": number, "max": criterion.max_points, "code": criterion.standard.code,
                                "v": match.group(2)}, header_row, column)
            elif number in seen:
                problems.add(_("cột tiêu chí %(n)s bị lặp (đã có ở cột %(c)s).")
                             % {"n": number, "c": get_column_letter(seen[number] + 1)}, header_row, column)
            else:
                columns[index] = number
                seen[number] = index
    missing = sorted(set(by_number) - set(seen))
    if missing:
        problems.add(_("thiếu cột của tiêu chí %(n)s.") % {"n": ", ".join(map(str, missing))}, header_row)
    return columns


def _is_header(cells):
    """The header row: "Mã đơn vị" in column A or "Tên đơn vị" in B (one of them mistyped is reported by
    _parse_header on the row)."""
    texts = [_text(c.value).casefold() for c in cells[:2]]
    return (len(texts) > 0 and texts[0] == CODE_HEADER.casefold()) or (
        len(texts) > 1 and texts[1] == NAME_HEADER.casefold())


def _refuse_merged(merged, header_row, problems):
    """Merged cells in or under the header row (the letterhead and the title above it are merged)."""
    for ref in merged:
        min_col, min_row, _max_col, max_row = range_boundaries(ref)
        if max_row >= header_row:
            problems.add(_("các ô %(ref)s bị gộp; mẫu không dùng ô gộp, hãy bỏ gộp ô.") % {"ref": ref},
                         min_row, min_col)


def _check_title(title, round, problems):
    """The round id, standard and download time (column B of the lines labelled "Đợt đánh giá", "Bộ tiêu
    chuẩn", "Tải mẫu lúc", found above the header row: ``title`` {default cell: (cell found, value)});
    returns the download time. A line missing is reported at its place in today's template."""
    def at(key):
        return title.get(key, (key, None))

    (round_cell, got), (standard_cell, code), (stamp_cell, stamped) = at(ROUND_CELL), at(STANDARD_CELL), at(STAMP_CELL)
    got_id = int(got) if isinstance(got, (int, float)) and not isinstance(got, bool) and float(got).is_integer() \
        else (int(_text(got)) if re.fullmatch(r"[0-9]{1,18}", _text(got)) else None)
    if got_id != round.pk:
        problems.add(_("tệp này không phải mẫu của đợt đánh giá năm %(y)s – %(p)s (mã đợt %(pk)s, trong tệp: "
                       "“%(v)s”). Hãy tải mẫu từ trang của đợt này.")
                     % {"y": round.year, "p": round.province, "pk": round.pk, "v": _text(got)[:20]}, *round_cell)
        return None  # another round's file: its stamp (signed for that round) says nothing more
    code = _text(code)
    if code and code != round.standard.code:
        problems.add(_("tệp lập theo bộ tiêu chuẩn %(got)s, đợt này chấm theo %(code)s.")
                     % {"got": code[:40], "code": round.standard.code}, *standard_cell)
    try:  # signed by _stamp: a forged or edited time, or another round's, is not read
        stamped_round, when = signing.Signer(salt=STAMP_SALT).unsign(_text(stamped)).split("|", 1)
        stamp = datetime.datetime.fromisoformat(when) if stamped_round == str(round.pk) else None
    except (signing.BadSignature, ValueError):
        stamp = None
    if stamp is None or timezone.is_naive(stamp):
        problems.add(_("không đọc được thời điểm tải mẫu; đừng sửa ô này, hãy tải mẫu mới."), *stamp_cell)
        return None
    return stamp


def parse_upload(upload, *, round, user):
    """Read an uploaded template: every problem with its row and column, or the rows to save."""
    problems = _Problems()
    result = ParseResult()

    def done():
        result.problems, result.total_problems = problems.items, problems.total
        if problems:
            result.rows = []
        return result

    data = _read_capped(upload)
    if data is None:
        problems.add(_("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": MAX_BYTES // 1048576})
        return done()
    message = _container_problem(data)
    if message:
        problems.add(message)
        return done()
    message, merged, past_the_cap = _scan_parts(data)
    if message:
        problems.add(message)
        return done()
    if past_the_cap and not past_the_cap[2]:  # openpyxl would read every row to find the sheet's size
        _past_the_cap(problems, past_the_cap)
        return done()
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=False)  # keeps formulas visible
    except Exception:  # openpyxl raises many kinds on a malformed package; all mean the same here
        problems.add(_("Không đọc được tệp: sổ làm việc Excel bị hỏng hoặc không đúng định dạng .xlsx."))
        return done()
    try:
        _parse_workbook(wb, merged, past_the_cap, round, user, problems, result)
    except DatabaseError:
        raise
    except Exception:  # a malformed sheet deep inside the package (bad XML, dangling references, …)
        logger.warning("unreadable worksheet in an uploaded score template", exc_info=True)
        problems.add(_("Không đọc được nội dung trang tính: tệp bị hỏng hoặc không đúng định dạng .xlsx."))
    finally:
        wb.close()
    return done()


def _parse_workbook(wb, merged, past_the_cap, round, user, problems, result):
    if len(wb.sheetnames) != 1:
        problems.add(_("Sổ làm việc có %(n)s trang tính (%(names)s); mẫu chỉ có một trang “%(t)s”. Các trang "
                       "khác không được bỏ qua để tránh nhập nhầm: hãy xoá chúng rồi tải lên lại.")
                     % {"n": len(wb.sheetnames), "names": ", ".join(wb.sheetnames)[:200], "t": SHEET_TITLE})
        return
    ws = wb.worksheets[0]
    if not hasattr(ws, "iter_rows"):
        problems.add(_("Trang tính duy nhất của tệp là biểu đồ, không phải bảng điểm."))
        return
    if (ws.max_row or 0) > LAST_ROW:
        problems.add(_("Trang tính có %(n)s dòng, vượt quá giới hạn %(max)s dòng dữ liệu. Hãy chia nhỏ tệp "
                       "hoặc xoá các dòng thừa.") % {"n": ws.max_row, "max": thousands(MAX_ROWS)})
        return
    if (ws.max_column or 0) > MAX_COLUMNS:
        problems.add(_("Trang tính có %(n)s cột, vượt quá giới hạn %(max)s cột.")
                     % {"n": ws.max_column, "max": MAX_COLUMNS})
        return
    if past_the_cap:
        _past_the_cap(problems, past_the_cap)
        return
    ws.reset_dimensions()  # never trust the declared size: read what is there, never past the cap

    criteria = list(round.standard.criteria.select_related("standard").order_by("number"))
    by_number = {c.number: c for c in criteria}
    title, columns, header_row, raw = {}, {}, None, []
    for row, cells in enumerate(ws.iter_rows(min_row=1, max_row=LAST_ROW + 1, max_col=MAX_COLUMNS), start=1):
        filled = [(column, cell) for column, cell in enumerate(cells, start=1) if not _is_empty(cell)]
        if header_row is not None and row > header_row + MAX_ROWS:  # a file whose header is higher up
            if filled:
                problems.add(_("Tệp có dữ liệu quá dòng %(last)s: tối đa %(max)s dòng dữ liệu.")
                             % {"last": header_row + MAX_ROWS, "max": thousands(MAX_ROWS)}, row)
                return
            continue
        if row > LAST_ROW:
            if filled:
                problems.add(_("Tệp có dữ liệu quá dòng %(last)s: tối đa %(max)s dòng dữ liệu.")
                             % {"last": LAST_ROW, "max": thousands(MAX_ROWS)}, row)
                return
            continue
        for column, cell in filled:
            if cell.data_type == "f":
                problems.add(_("ô có công thức (%(f)s); hãy nhập giá trị, không dùng công thức.")
                             % {"f": str(cell.value)[:40]}, row, column)
        if header_row is None and _is_header(cells):
            header_row = row
            _refuse_merged(merged, header_row, problems)
            before = problems.total
            columns = _parse_header(cells, criteria, problems, header_row)
            if problems.total > before:
                return  # data under a wrong header would only produce confusing messages
        elif header_row is None and row < HEADER_SEARCH:
            label = _text(cells[0].value) if cells else ""
            if label in TITLE_LABELS and len(cells) > 1:  # the round's lines, by their label (any layout)
                title[TITLE_LABELS[label]] = ((row, 2), cells[1].value)
        elif header_row is None:
            break
        elif filled:
            raw.append(_read_row(row, cells[0], filled, columns, by_number, problems))
    if header_row is None:
        problems.add(_("Không thấy dòng tiêu đề (dòng %(r)s: %(a)s | %(b)s | TC1 …): hãy dùng mẫu tải từ trang "
                       "đợt đánh giá.") % {"r": HEADER_ROW, "a": CODE_HEADER, "b": NAME_HEADER})
        return
    result.downloaded_at = _check_title(title, round, problems)
    result.rows = _resolve_communes(raw, round, user, problems)


def _read_row(row, code_cell, filled, columns, by_number, problems):
    """(row, code, {criterion number: points}) from a data row's non-empty cells; empty means None."""
    code = code_cell.value
    if _is_empty(code_cell):
        problems.add(_("thiếu mã đơn vị."), row, 1)
    elif code_cell.data_type not in ("s", "n") or isinstance(code, bool):
        problems.add(_("mã đơn vị không hợp lệ."), row, 1)
        code = None
    points = dict.fromkeys(columns.values())
    for column, cell in filled:
        if column <= 2 or cell.data_type == "f":  # code, name; formulas are already listed
            continue
        number = columns.get(column - 1)
        if number is None:
            problems.add(_("ô có dữ liệu nhưng cột không có tiêu đề tiêu chí."), row, column)
            continue
        value, message = _points(cell, by_number[number])
        if message:
            problems.add(message, row, column)
        else:
            points[number] = value
    return row, code, points


def _resolve_communes(raw, round, user, problems):
    """Match each row's code to a commune of the round's province that the user may score."""
    in_province = {}
    for unit in Unit.objects.within(round.province).communes().only("id", "code", "name", "path",
                                                                         "parent_id", "valid_to", "level"):
        key = _code_key(unit.code)
        if key not in in_province or unit.valid_to is None:
            in_province[key] = unit
    unknown = {_code_key(code) for _row, code, _p in raw if code is not None} - set(in_province)
    elsewhere = set()
    if unknown:
        candidates = {k for key in unknown for k in (key, key.zfill(5), key.zfill(2), key.zfill(3))}
        elsewhere = {_code_key(c) for c in Unit.objects.communes().filter(code__in=candidates)
                     .values_list("code", flat=True)}
    parsed, first_row = [], {}
    for row, code, points in raw:
        if code is None:
            continue
        key = _code_key(code)
        commune = in_province.get(key)
        if key in first_row:
            problems.add(_("mã %(code)s lặp lại (đã có ở dòng %(r)s): mỗi đơn vị chỉ một dòng.")
                         % {"code": _text(code), "r": first_row[key]}, row, 1)
            continue
        first_row[key] = row
        if commune is None:
            if key in elsewhere:
                problems.add(_("đơn vị mã %(code)s không thuộc %(p)s (tỉnh của đợt đánh giá).")
                             % {"code": _text(code), "p": round.province}, row, 1)
            else:
                problems.add(_("không có đơn vị cấp xã nào mang mã %(code)s.") % {"code": _text(code)[:20]}, row, 1)
            continue
        try:
            permissions.require_commune_officer(user, commune)
        except PermissionDenied:
            problems.add(_("%(name)s (mã %(code)s) ngoài phạm vi của bạn: chỉ cán bộ của chính xã, phường đó "
                           "được chấm điểm tự đánh giá.") % {"name": commune.name, "code": commune.code}, row, 1)
            continue
        parsed.append(ParsedRow(row=row, commune=commune, points=points))
    return parsed


# --- apply -----------------------------------------------------------------------------------

def scores_import(*, by, round, upload):
    """Save every row of an uploaded template through the scoring services, or nothing at all.

    Raises UploadRejected (a ValidationError) listing every problem with its row and column.
    Returns the assessments saved.
    """
    parsed = parse_upload(upload, round=round, user=by)
    if not parsed.ok:
        raise UploadRejected(parsed.problems, parsed.total_problems)
    problems = _Problems()
    with transaction.atomic():
        saved = _apply(by=by, round=round, parsed=parsed, problems=problems)
        if problems:
            raise problems.rejected()  # leaving the block with an exception rolls everything back
    return saved


def _apply(*, by, round, parsed, problems):
    existing = {a.commune_id: a for a in Assessment.objects.select_for_update().filter(
        round=round, commune__in=[r.commune.pk for r in parsed.rows]).order_by("pk")}
    current = {(aid, number): (points, figures) for aid, number, points, figures in
               Score.objects.filter(assessment__in=list(existing.values()))
               .values_list("assessment_id", "criterion__number", "points", "figures")}
    saved = []
    for row in parsed.rows:
        a = existing.get(row.commune.pk)
        if a is None:
            if all(v is None for v in row.points.values()):
                continue  # nothing to say for a commune that has not started
            try:
                a = services.assessment_start(by=by, round=round, commune=row.commune)
            except (ValidationError, PermissionDenied) as e:
                _add_all(problems, e, row.row)
                continue
        else:
            if not a.commune_can_edit:
                problems.add(_("hồ sơ của %(c)s đang ở trạng thái “%(s)s”: xã không thể sửa điểm.")
                             % {"c": row.commune.name, "s": a.get_status_display()}, row.row, 1)
                continue
            if a.updated_at > parsed.downloaded_at:
                problems.add(_("hồ sơ của %(c)s đã được cập nhật lúc %(t)s, sau khi tải mẫu (%(d)s). Để không ghi "
                               "đè thay đổi đó, hãy tải mẫu mới, điền lại rồi tải lên.")
                             % {"c": row.commune.name, "t": _when(a.updated_at), "d": _when(parsed.downloaded_at)},
                             row.row, 1)
                continue
        # Raw figures no longer explain points changed here, so they are cleared (history keeps them).
        figures = {n: {} for n, value in row.points.items()
                   if current.get((a.pk, n), (None, None))[1] and current[(a.pk, n)][0] != value}
        try:
            saved.append(services.scores_save(by=by, assessment_id=a.pk, seen_version=a.version,
                                              points=row.points, figures=figures))
        except (ValidationError, PermissionDenied) as e:
            _add_all(problems, e, row.row)
    return saved


def _add_all(problems, error, row):
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    for message in messages:
        problems.add(message, row, 1)


def _when(moment):
    return timezone.localtime(moment).strftime("%H:%M:%S %d/%m/%Y")
