"""Server-side SVG charts, written directly: the same markup goes inline into the page and the PDF.

Why not pygal: it takes 45–50 ms to draw 63 provinces (more than the national summary's own
query) and styles its SVG with a <style> element, which the site's Content Security Policy refuses.
These charts use presentation attributes only, render in about a millisecond, and print every
value a reader needs, since neither a PDF nor a printed page has tooltips.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import formatting

BLUE, RED, GREY, NAVY = "#0b4f8a", "#c8102e", "#6b7785", "#102a43"
PALETTE = ("#d97706", "#2f855a", "#7c3aed", "#0891b2", "#be185d", "#65a30d", "#92400e", "#475569", "#1d4ed8", BLUE)
INK, MUTED, GRID = "#1f2933", "#52606d", "#d5dbe2"
WIDTH = 760


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    values: list  # numbers or None
    width: float = 2
    dash: str = ""
    dots: bool = True
    labels: bool = False  # print each value beside its point


def _font(serif):
    return ("'Liberation Serif', 'Times New Roman', serif" if serif else
            "system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif")


def _text_width(text, size):
    return len(text) * size * 0.55


def _t(x, y, text, size, *, anchor="start", color=INK, weight="normal", baseline="middle"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{color}" text-anchor="{anchor}" '
            f'dominant-baseline="{baseline}" font-weight="{weight}">{escape(text)}</text>')


def _svg(parts, height, *, title, label, serif, chart_id):
    title_id = f"{chart_id}-title"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="report-svg" id="{chart_id}" viewBox="0 0 {WIDTH} '
            f'{height:.0f}" role="img" aria-labelledby="{title_id}" font-family="{_font(serif)}">'
            f'<title id="{title_id}">{escape(title or label)}</title>'
            f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>')
    return mark_safe(head + "".join(parts) + "</svg>")


def _legend(series, y, size, x0=10):
    """Swatches and names in rows that wrap at the chart's width; returns (parts, height)."""
    parts, x, row = [], x0, 0
    for s in series:
        item = 18 + _text_width(s.name, size) + 22
        if x + item > WIDTH - 10 and x > x0:
            x, row = x0, row + 1
        yy = y + row * (size + 10)
        if s.dash:
            parts.append(f'<line x1="{x}" y1="{yy:.1f}" x2="{x + 14}" y2="{yy:.1f}" stroke="{s.color}" '
                         f'stroke-width="2.5" stroke-dasharray="4,3"/>')
        else:
            parts.append(f'<rect x="{x}" y="{yy - 6:.1f}" width="12" height="12" fill="{s.color}"/>')
        parts.append(_t(x + 18, yy, s.name, size))
        x += item
    return parts, (row + 1) * (size + 10)


def hbars(categories, series, *, maximum, ticks, fmt, title=None, label="", serif=False, chart_id="chart"):
    """Horizontal bars, one group per category, one bar per series, the value printed past its end."""
    size = 16 if serif else 13
    bar = size + 4
    group = bar * len(series) + 12
    top = 36 if title else 10
    label_w = min(320, max((_text_width(c, size) for c in categories), default=60) + 12)
    x0, x1 = label_w + 8, WIDTH - 70
    plot_h = group * len(categories)
    scale = (x1 - x0) / maximum if maximum else 0
    parts = [_t(WIDTH / 2, 18, title, size + 2, anchor="middle", color=NAVY, weight="bold")] if title else []
    for tick in ticks:  # grid and axis labels
        x = x0 + tick * scale
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="{GRID}" '
                     f'stroke-dasharray="3,3"/>')
        parts.append(_t(x, top + plot_h + size, fmt(tick), size - 1, anchor="middle", color=MUTED))
    for i, category in enumerate(categories):
        y = top + i * group + 6
        parts.append(_t(x0 - 10, y + bar * len(series) / 2, category, size, anchor="end"))
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            w = max(float(value) * scale, 0)
            yy = y + j * bar
            parts.append(f'<rect x="{x0}" y="{yy:.1f}" width="{w:.1f}" height="{bar - 3}" fill="{s.color}"/>')
            parts.append(_t(x0 + w + 5, yy + (bar - 3) / 2, fmt(value), size - 1, color=INK))
    parts.append(f'<line x1="{x0}" y1="{top}" x2="{x0}" y2="{top + plot_h}" stroke="{MUTED}"/>')
    legend, legend_h = _legend(series, top + plot_h + size * 2 + 12, size, x0=x0)
    parts += legend
    return _svg(parts, top + plot_h + size * 2 + 12 + legend_h, title=title, label=label, serif=serif,
                chart_id=chart_id)


def lines(x_labels, series, *, title=None, label="", serif=False, chart_id="chart"):
    """Lines over 0–100%: a point per x label; None breaks a line (a unit that did not exist yet)."""
    size = 16 if serif else 13
    top, left, right = (40 if title else 14), 58, WIDTH - 24
    plot_h = 300
    bottom = top + plot_h
    parts = [_t(WIDTH / 2, 18, title, size + 2, anchor="middle", color=NAVY, weight="bold")] if title else []
    for tick in range(0, 101, 20):
        y = bottom - tick * plot_h / 100
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}" '
                     f'stroke-dasharray="3,3"/>')
        parts.append(_t(left - 8, y, f"{tick}%", size - 1, anchor="end", color=MUTED))
    n = len(x_labels)
    pad = 30
    step = (right - left - 2 * pad) / (n - 1) if n > 1 else 0

    def x_at(i):
        return left + pad + i * step if n > 1 else (left + right) / 2

    for i, x_label in enumerate(x_labels):
        parts.append(_t(x_at(i), bottom + size + 2, str(x_label), size - 1, anchor="middle", color=MUTED))
    for s in series:
        runs, run = [], []
        for i, value in enumerate(s.values):
            if value is None:
                runs, run = runs + ([run] if run else []), []
            else:
                run.append((x_at(i), bottom - float(value) * plot_h / 100, value))
        runs += [run] if run else []
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in run)
                dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
                parts.append(f'<polyline points="{points}" fill="none" stroke="{s.color}" '
                             f'stroke-width="{s.width}"{dash}/>')
            for x, y, value in run:
                if s.dots or len(run) == 1:
                    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s.width + 1.5}" fill="{s.color}"/>')
                if s.labels:
                    parts.append(_t(x, y - 12, formatting.percent(value, 1), size - 1, anchor="middle", color=s.color,
                                    weight="bold"))
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{MUTED}"/>')
    legend, legend_h = _legend(series, bottom + size * 2 + 14, size, x0=left)
    parts += legend
    return _svg(parts, bottom + size * 2 + 14 + legend_h, title=title, label=label, serif=serif,
                chart_id=chart_id)


# --- the report's three charts -------------------------------------------------------------------

def share_vs_target(rows, *, title, serif=False, chart_id="chart-share"):
    """Each unit's recognised share (blue) beside its target (red)."""
    rows = list(rows)
    return hbars([r.label for r in rows],
                 [Series(_("Tỷ lệ đạt chuẩn"), BLUE, [r.share for r in rows]),
                  Series(_("Chỉ tiêu"), RED, [r.target_percent for r in rows])],
                 maximum=100, ticks=range(0, 101, 20), fmt=lambda v: formatting.percent(v, 1), title=title,
                 serif=serif, chart_id=chart_id,
                 label=_("Tỷ lệ đơn vị đạt chuẩn so với chỉ tiêu"))


def trend_lines(trend, *, title, serif=False, chart_id="chart-trend", max_lines=10):
    """The scope's share per year (thick, values printed), the target (dashed) and up to ``max_lines``
    groups, the largest first."""
    groups = trend["lines"] if len(trend["lines"]) > 1 else []
    groups = sorted(groups, key=lambda line: -max((p["units"] for p in line["points"]), default=0))[:max_lines]
    series = [Series(_("Toàn địa bàn"), NAVY, [p["share"] for p in trend["total"]], width=3, labels=True),
              Series(_("Chỉ tiêu"), RED, [t["percent"] for t in trend["targets"]], dash="6,4", dots=False)]
    series += [Series(line["label"], PALETTE[i % len(PALETTE)], [p["share"] for p in line["points"]], width=1.5)
               for i, line in enumerate(groups)]
    return lines(trend["years"], series, title=title, serif=serif, chart_id=chart_id,
                 label=_("Tỷ lệ đơn vị đạt chuẩn qua các năm"))


def criterion_blockers(rows, *, title, serif=False, chart_id="chart-blockers"):
    """For the criteria some unit scored 0 on: units at 0 (grey) and units kept out of recognition by
    the zero veto alone (red), the worst first. Empty when no criterion was at 0."""
    rows = sorted((r for r in rows if r["zeros"]), key=lambda r: (-r["blocks"], -r["zeros"], r["number"]))
    if not rows:
        return ""
    top = max(r["zeros"] for r in rows)
    step = max(1, -(-top // 5))
    return hbars([_short(f"TC{r['number']}. {r['name']}") for r in rows],
                 [Series(_("Số đơn vị 0 điểm"), GREY, [r["zeros"] for r in rows]),
                  Series(_("Không được công nhận chỉ vì tiêu chí này"), RED, [r["blocks"] for r in rows])],
                 maximum=step * 5, ticks=range(0, step * 5 + 1, step), fmt=lambda v: f"{int(v)}", title=title,
                 serif=serif, chart_id=chart_id, label=_("Số đơn vị 0 điểm theo tiêu chí"))


def _short(label, size=52):
    return label if len(label) <= size else label[: size - 1].rstrip() + "…"
