"""Table cells of the report pages built in one pass: a national trend has 64 lines of 10 years, and the
template engine's per-node cost (and format_html's per call) for 640 cells was most of the page's rendering."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def share_cells(points):
    """<td> cells of a line of shares: the share with "recognised/units" as its title, or "—" without units."""
    return mark_safe("".join(
        f'<td class="text-end"><span title="{escape(str(p["of"]))}">{escape(str(p["text"]))}</span></td>'
        if p["units"] else '<td class="text-end">—</td>' for p in points))
