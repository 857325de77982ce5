"""Table cells of the report pages built in one pass: a national trend has 64 lines of 10 years, and the
template engine's per-node cost (and format_html's per call) for 640 cells was most of the page's rendering."""

from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def share_cells(points):
    """<td> cells of a line of shares: the share with "recognised/units" as its title, or "—" without units."""
    return mark_safe("".join(
        f'<td class="text-end"><span title="{escape(str(p["of"]))}">{escape(str(p["text"]))}</span></td>'
        if p["units"] else '<td class="text-end">—</td>' for p in points))


@register.filter
def trend_row(line):
    """A unit's line of the trend table: its name (and the day it ended, for a unit the reform ended), then
    its shares (``share_cells``)."""
    end = line["unit"].valid_to
    ended = f' <small class="text-body-secondary">(đến {end:%d/%m/%Y})</small>' if end else ""
    return mark_safe(f'<tr><th scope="row" class="fw-normal">{_text(line["label"])}{ended}</th>'
                     f'{share_cells(line["points"])}</tr>')


@register.simple_tag
def summary_row(r, is_total=False):
    """A line of the summary table (templates/reports/summary.html): the unit's counters, share, target, gap
    and overdue; the total's line in bold. 64 lines nationally: built here rather than by an include."""
    e = _text
    head = "Tổng cộng" if is_total else e(r.label)
    assessed = e(r.assessed) + (f'<div class="small text-body-secondary">{e(r.unregistered)} chưa đăng ký</div>'
                                if r.unregistered else "")
    share = r.share
    target = r.target
    target_cell = (f'<span title="{e(target.source)} (đến năm {e(target.year)})">'
                   f'{floatformat(target.percent, "-2")}%</span>' if target
                   else '<span class="text-body-secondary small">chưa có chỉ tiêu</span>')
    gap = r.gap
    gap_cell = ("—" if gap is None else
                f'<span class="text-danger">{floatformat(gap, 2)} điểm %</span>'
                f'<div class="small text-body-secondary">{e(r.needed)} đơn vị</div>' if gap else
                '<span class="text-success">Đạt</span>')
    tr = '<tr class="fw-bold table-light">' if is_total else "<tr>"
    overdue = f'<span class="due-overdue">{e(r.overdue)}</span>' if r.overdue else "0"
    return mark_safe(
        f'{tr}\n'
        f'  <th scope="row" class="fw-{"bold" if is_total else "normal"}">{head}</th>\n'
        f'  <td class="text-end">{e(r.units)}</td><td class="text-end">{e(r.registered)}</td>'
        f'<td class="text-end">{assessed}</td>\n'
        f'  <td class="text-end">{e(r.submitted)}</td><td class="text-end">{e(r.recognised)}</td>\n'
        f'  <td class="text-end">{floatformat(share, 2) + "%" if share is not None else "—"}</td>\n'
        f'  <td class="text-end">{e(r.newly)}</td><td class="text-end">{e(r.lost)}</td>\n'
        f'  <td class="text-end">{target_cell}</td>\n'
        f'  <td class="text-end">{gap_cell}</td>\n'
        f'  <td class="text-end">{overdue}</td>\n'
        f'</tr>\n')


def _text(value):
    return escape(str(value))
