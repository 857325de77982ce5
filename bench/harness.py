"""Time each operation on its three paths, check that they agree, and report.

An operation has a product path and, where one makes sense, a floor and a naive path. Each path
``run``s (timed) and its result is ``read`` into plain numbers (untimed). First every path runs once to be
checked: the product's queries are counted and the numbers of the three paths must be equal, or the
benchmark stops before reporting any time. Then every path is timed ``repeat`` times, interleaved,
and medians are reported.
"""

import contextlib
import gc
import resource
import statistics
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import cells, floor, naive, product
from core.names import bare_name


class Mismatch(AssertionError):
    """The paths of an operation returned different numbers."""


@dataclass
class Path:
    run: callable
    read: callable = staticmethod(lambda result: result)


@dataclass
class Operation:
    key: str
    label: str
    product: Path
    floor: Path | None = None
    naive: Path | None = None
    times: dict = field(default_factory=lambda: {"product": [], "floor": [], "naive": []})
    queries: int | None = None

    def median(self, path):
        return statistics.median(self.times[path]) if self.times[path] else None

    def ratio(self):
        f = self.median("floor")
        return self.median("product") / f if f else None

    def speedup(self):
        n = self.median("naive")
        return n / self.median("product") if n else None


def _first_difference(left, right):
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right), key=repr):
            if left.get(key) != right.get(key):
                return f"at {key!r}: {left.get(key)!r} != {right.get(key)!r}"
        return None
    if isinstance(left, list) and isinstance(right, list) and left and isinstance(left[0], list):
        diff = cells.first_difference(left, right)
        return None if diff is None else "sheet %s, row %s: %r != %r" % diff
    return None if left == right else f"{left!r} != {right!r}"


def operations(world, pages, workdir, today, api_secret=None):
    """The eight operations of issue 7 and the page frame (issue 23), on the world's latest year; with a
    national API key (``api_secret``), the API's national list of the year's dossiers and national summary
    (issue 26), each against the selector its page calls (in the floor's column: the ratio is the API's time
    over the page's selector's)."""
    year, users = world.year, world.users
    national, province, district = users["bench_national"], users["bench_province"].unit, users["bench_district"].unit
    workdir = FilePath(workdir)
    files = {name: workdir / f"{name}.xlsx" for name in ("product", "floor", "naive")}
    decisions_round = product.decisions_round(world)
    scoring_url = product.scoring_url(world)

    def page(user, url, read=None):
        return Path(run=lambda: pages.get(user, url), read=read or (lambda response: None))

    def pdf_check(_result):
        text = product.pdf_text(workdir / "product.pdf")
        return {"motto": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text, "province": bare_name(province.name) in text}

    ops = [
        Operation("summary", "Tổng hợp toàn quốc theo tỉnh",
                  page("bench_national", product.summary_url(year), product.summary_numbers),
                  Path(lambda: floor.summary(year, today)), Path(lambda: naive.summary(year, today))),
        Operation("province", "Tổng hợp một tỉnh theo huyện",
                  page("bench_province", product.summary_url(year), product.summary_numbers),
                  Path(lambda: floor.summary(year, today, province.path)),
                  Path(lambda: naive.summary(year, today, province.path, province.pk))),
        Operation("criteria", "Phân tích tiêu chí (toàn quốc)",
                  page("bench_national", product.criteria_url(year), product.criteria_numbers),
                  Path(lambda: floor.criteria(year)), Path(lambda: naive.criteria(year))),
        Operation("trend", "Xu hướng qua các năm (toàn quốc)",
                  page("bench_national", product.trend_url(year), product.trend_numbers),
                  Path(lambda: floor.trend(year)), Path(lambda: naive.trend(year))),
        Operation("excel", "Excel toàn quốc (điểm chi tiết)",
                  Path(lambda: product.write_workbook(national, year, files["product"], today),
                       lambda _r: cells.read(files["product"])),
                  Path(lambda: floor.workbook(year, today, files["floor"]), lambda _r: cells.read(files["floor"])),
                  Path(lambda: naive.workbook(year, today, files["naive"]), lambda _r: cells.read(files["naive"]))),
        Operation("pdf", "PDF báo cáo một tỉnh",
                  Path(lambda: product.write_pdf(users["bench_province"], province, year, workdir / "product.pdf",
                                                 today), pdf_check)),
        Operation("entry", "Trang chấm điểm của một xã", page("bench_commune", scoring_url)),
        Operation("decisions", "Danh sách quyết định của một huyện",
                  page("bench_district", product.decisions_url(world), product.decisions_numbers),
                  Path(lambda: floor.decisions(decisions_round.pk, district.path)),
                  Path(lambda: naive.decisions(decisions_round.pk, district.path))),
        # what any page costs before its own work (session, user, middleware, layout): the district officer's
        # guide, which reads nothing else; the yardstick of the two pages whose floors are a few ms
        Operation("frame", "Khung trang (hướng dẫn, đã đăng nhập)", page("bench_district", product.frame_url())),
    ]
    if api_secret is not None:
        reader, staff = product.ApiReader(api_secret), users["bench_national"]
        ops += [
            Operation("api_list", "API: hồ sơ cả nước một năm (mọi trang)",
                      Path(lambda: product.api_dossiers(reader, year), product.api_dossier_numbers),
                      Path(lambda: product.page_dossiers(staff, year), product.page_dossier_numbers)),
            Operation("api_summary", "API: tổng hợp toàn quốc",
                      Path(lambda: product.api_summary(reader, year), product.api_summary_numbers),
                      Path(lambda: product.summary_selector(staff, year), product.selector_summary_numbers)),
        ]
    return ops


def _timed(path):
    # Start every run on a collected heap: a full collection triggered by the garbage an earlier
    # operation left (WeasyPrint's, the naive loops') is not the cost of the one that happens to run.
    gc.collect()
    started = time.perf_counter()
    result = path.run()
    return time.perf_counter() - started, result


def run(ops, repeat, naive_repeat=None, log=lambda message: None, reading=contextlib.nullcontext):
    """Check, then time. First every path runs once, untimed but for the naive one (the product once
    more before, to warm it): the product's queries are counted and the numbers of the three paths
    must agree. ``reading`` is the context in which pages can be read back (the test client's
    template instrumentation); it is off while timing, as it is in production. Then the product and
    the floor run ``repeat`` times each, interleaved, and the naive path ``naive_repeat`` times in all
    (it is tens to hundreds of times slower; its first, checked run counts)."""
    naive_repeat = repeat if naive_repeat is None else min(naive_repeat, repeat)
    for op in ops:
        results = {}
        with reading():
            for name in ("product", "floor", "naive"):
                path = getattr(op, name)
                if path is None:
                    continue
                if name == "product":
                    path.run()  # warm: the scoring page reads the standard's reference data once per process
                    with CaptureQueriesContext(connection) as ctx:
                        result = path.run()
                    op.queries = len(ctx.captured_queries)
                else:  # timed without the query log, which would slow the naive loop down
                    seconds, result = _timed(path)
                    if name == "naive":
                        op.times["naive"].append(seconds)
                results[name] = path.read(result)
        _check(op, results)
        naive = f": naive {_ms(op.times['naive'][0])} ms" if op.naive else ""
        log(f"  {op.key} checked{naive} (the {len(results)} paths agree)")
    for k in range(repeat):
        for op in ops:
            for name in ("product", "floor", "naive"):
                path = getattr(op, name)
                if path is None or (name == "naive" and len(op.times["naive"]) >= naive_repeat):
                    continue
                op.times[name].append(_timed(path)[0])
            times = ", ".join(f"{name} {_ms(op.times[name][-1])} ms" for name in ("product", "floor")
                              if op.times[name])
            log(f"  {op.key} {k + 1}/{repeat}: {times}")
    return ops


def _check(op, results):
    if op.key == "pdf":
        if not all(results["product"].values()):
            raise Mismatch(f"{op.key}: the PDF does not read as the province's report: {results['product']}")
        return
    reference = results.get("floor")
    for name, numbers in results.items():
        if reference is None or name == "floor":
            continue
        diff = _first_difference(numbers, reference)
        if diff:
            raise Mismatch(f"{op.key}: the {name} path and the floor disagree {diff}")
    if reference is not None and not reference:
        raise Mismatch(f"{op.key}: no numbers at all: the benchmark data is missing")


def excel_peak_memory(world, workdir, today):
    """Peak Python memory (MiB) while the product writes the national workbook (tracemalloc)."""
    tracemalloc.start()
    try:
        product.write_workbook(world.users["bench_national"], world.year, FilePath(workdir) / "memory.xlsx", today)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def process_peak_rss():
    """Peak resident memory of this process so far (MiB; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ms(seconds):
    return "—" if seconds is None else f"{seconds * 1000:.1f}"


def _x(value, digits=2):
    return "—" if value is None else f"{value:.{digits}f}"


def table(ops):
    head = f"{'operation':<36} {'product ms':>11} {'floor ms':>10} {'naive ms':>11} {'prod/floor':>10} " \
           f"{'naive/prod':>10} {'queries':>7}"
    lines = [head, "-" * len(head)]
    for op in ops:
        lines.append(f"{op.label:<36} {_ms(op.median('product')):>11} {_ms(op.median('floor')):>10} "
                     f"{_ms(op.median('naive')):>11} {_x(op.ratio()):>10} {_x(op.speedup(), 1):>10} "
                     f"{op.queries if op.queries is not None else '—':>7}")
    return "\n".join(lines)


# The naive speed-up is quoted over the reports that aggregate many units. A district's decision list
# has a dozen rows: its per-row loop costs less than rendering the page, so it is shown, not quoted.
SPEEDUP_OPS = ("summary", "province", "criteria", "trend", "excel")


def bench_line(ops):
    by = {op.key: op for op in ops}
    speedups = [by[key].speedup() for key in SPEEDUP_OPS if by[key].speedup() is not None]
    return (f"bench: summary_ratio={by['summary'].ratio():.2f} criteria_ratio={by['criteria'].ratio():.2f} "
            f"trend_ratio={by['trend'].ratio():.2f} excel_ratio={by['excel'].ratio():.2f} "
            f"naive_speedup={min(speedups):.1f} entry_queries={by['entry'].queries}"
            + "".join(f" {key}_ratio={by[key].ratio():.2f}" for key in ("api_list", "api_summary") if key in by))
