"""One problem found in an uploaded file (a score workbook, a tier list): where it is and what is wrong.

Uploads are all-or-nothing; every problem is listed by row and column so the user can fix the file."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    message: str
    row: int | None = None
    column: str | None = None  # the column's letter as the spreadsheet shows it
    name: str = ""             # the column's heading, where the file has one

    def __str__(self):
        if self.row and self.column:
            where = {"row": self.row, "col": self.column, "name": self.name, "msg": self.message}
            if self.name:
                return _("Dòng %(row)s, cột %(col)s (%(name)s): %(msg)s") % where
            return _("Dòng %(row)s, cột %(col)s: %(msg)s") % where
        if self.row:
            return _("Dòng %(row)s: %(msg)s") % {"row": self.row, "msg": self.message}
        return self.message
