"""Server-side SVG charts (pygal): the same markup goes inline into the page and into the PDF.

WeasyPrint runs no JavaScript, so nothing here relies on pygal's tooltips script; every value a
reader needs is printed on the chart or in the table beside it.
"""

import base64
import re
from decimal import Decimal

import pygal
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

BLUE, RED, GREEN, GREY = "#0b4f8a", "#c8102e", "#2f855a", "#6b7785"
PALETTE = ("#d97706", GREEN, "#7c3aed", "#0891b2", "#be185d", "#65a30d", "#92400e", "#475569", "#1d4ed8", BLUE)


def _style(serif, colors):
    """Serif and larger type for paper (the SVG is scaled to the text width), sans-serif on screen."""
    family = "'Liberation Serif', 'Times New Roman', serif" if serif else (
        "system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif")
    size = 17 if serif else 13
    return Style(font_family=family, background="#ffffff", plot_background="#ffffff",
                 foreground="#1f2933", foreground_strong="#102a43", foreground_subtle="#c5ced8",
                 opacity="1", opacity_hover="1", colors=colors, guide_stroke_color="#d5dbe2",
                 major_guide_stroke_color="#b8c2cc", guide_stroke_dasharray="2,3",
                 label_font_size=size, major_label_font_size=size, legend_font_size=size,
                 title_font_size=size + 2, value_font_size=size - 1, tooltip_font_size=size - 1)


def _percent(value):
    if value is None:
        return ""
    return f"{Decimal(value):.1f}".replace(".", ",") + "%"


def _config(serif, colors, columns, **extra):
    return dict(style=_style(serif, colors), js=[], disable_xml_declaration=True, explicit_size=False,
                legend_at_bottom=True, legend_at_bottom_columns=columns, truncate_label=-1,
                truncate_legend=-1, margin=10, margin_bottom=24, margin_right=48, spacing=14,
                # values printed just past the end of a horizontal bar, not centred on it
                css=["file://style.css", "file://graph.css", "inline:.text-overlay .value{text-anchor:start}"], **extra)


def _render(chart, chart_id, label):
    """The SVG markup, labelled for screen readers (the first <title> is the chart's own)."""
    svg = chart.render(is_unicode=True)
    title_id = f"{chart_id}-title"
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{title_id}" ', 1)
    svg = re.sub(r"<title>.*?</title>", f'<title id="{title_id}">{escape(label)}</title>', svg, count=1)
    return mark_safe(svg)


def share_vs_target(rows, *, title, serif=False, chart_id="chart-share"):
    """Horizontal bars: each unit's recognised share, with its target beside it."""
    rows = list(rows)[::-1]  # pygal draws the first label at the bottom
    height = 130 + 52 * max(len(rows), 1)
    chart = pygal.HorizontalBar(**_config(serif, (BLUE, RED), 2, width=760, height=height, range=(0, 100),
                                          print_values=True, print_zeroes=True, value_formatter=_percent,
                                          print_values_position="top", show_legend=False,
                                          y_labels=[0, 20, 40, 60, 80, 100]))
    chart.title = title
    chart.x_labels = [r.label for r in rows]
    chart.add("Tỷ lệ đạt chuẩn", [float(r.share) if r.share is not None else None for r in rows])
    chart.add("Chỉ tiêu", [float(r.target_percent) if r.target_percent is not None else None for r in rows])
    return _render(chart, chart_id, title or _("Tỷ lệ đơn vị đạt chuẩn so với chỉ tiêu"))


def trend_lines(trend, *, title, serif=False, chart_id="chart-trend", max_lines=10):
    """Lines: the recognised share per year for the scope, each group, and the target."""
    years = trend["years"]
    lines = trend["lines"] if len(trend["lines"]) > 1 else []
    lines = sorted(lines, key=lambda line: -max((p["units"] for p in line["points"]), default=0))[:max_lines]
    chart = pygal.Line(**_config(serif, ("#102a43", RED) + PALETTE, min(4, 2 + len(lines)), width=760,
                                 height=400 + 26 * ((len(lines) + 5) // 4), range=(0, 100),
                                 y_labels=[0, 20, 40, 60, 80, 100], value_formatter=_percent, dots_size=3,
                                 allow_interruptions=True, print_values=False))
    chart.title = title
    chart.x_labels = [str(y) for y in years]
    chart.add("Toàn địa bàn", [_f(p["share"]) for p in trend["total"]], stroke_style={"width": 3})
    chart.add("Chỉ tiêu", [_f(t["percent"]) for t in trend["targets"]],
              stroke_style={"width": 2, "dasharray": "6,4"}, show_dots=False)
    for line in lines:
        chart.add(line["label"], [_f(p["share"]) for p in line["points"]])
    return _render(chart, chart_id, title or _("Tỷ lệ đơn vị đạt chuẩn qua các năm"))


def criterion_blockers(rows, *, title, serif=False, chart_id="chart-blockers"):
    """Horizontal bars for the criteria some unit scored 0 on: units at 0, and units kept out by the
    zero veto alone. None when no criterion was at 0."""
    rows = sorted((r for r in rows if r["zeros"]), key=lambda r: (r["blocks"], r["zeros"], -r["number"]))
    if not rows:
        return ""
    top = max(r["zeros"] for r in rows)
    step = max(1, -(-top // 5))
    chart = pygal.HorizontalBar(**_config(serif, (GREY, RED), 1, width=760, height=150 + 52 * len(rows),
                                          print_values=True, print_zeroes=False, print_values_position="top",
                                          show_legend=False,
                                          value_formatter=lambda v: f"{int(v)}", range=(0, step * 5),
                                          y_labels=list(range(0, step * 5 + 1, step))))
    chart.title = title
    chart.x_labels = [_short(f"TC{r['number']}. {r['name']}") for r in rows]
    chart.add("Số đơn vị 0 điểm", [r["zeros"] for r in rows])
    chart.add("Bị loại chỉ vì tiêu chí này", [r["blocks"] for r in rows])
    return _render(chart, chart_id, title or _("Số đơn vị 0 điểm theo tiêu chí"))


def _short(label, size=48):
    return label if len(label) <= size else label[: size - 1].rstrip() + "…"


def as_image(svg, label):
    """The SVG as an <img> data URI, for web pages: the site's Content Security Policy refuses inline
    <style> elements, and an image keeps pygal's styles to itself. PDFs take the SVG inline."""
    if not svg:
        return ""
    data = base64.b64encode(str(svg).encode()).decode()
    return format_html('<img class="chart-img" src="data:image/svg+xml;base64,{}" alt="{}">', data, label)


def _f(value):
    return float(value) if value is not None else None
