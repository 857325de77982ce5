import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from communes.importers import import_links, import_units
from communes.sources import CURRENT_PERIOD, LINKS_SOURCE, PRE_REFORM_PERIOD, current_rows, link_rows, pre_reform_rows


class TextProgress:
    """A one-line progress bar redrawn in place on stderr."""

    def __init__(self, stream, label, width=30):
        self.stream, self.label, self.width = stream, label, width

    def __call__(self, done, total):
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total}", style_func=str, ending=end)
        self.stream.flush()


class Command(BaseCommand):
    help = _("Nhập danh mục đơn vị hành chính: hiện hành (34 tỉnh, 3.321 xã) hoặc trước cải cách "
             "2025 (--pre-reform: 63 tỉnh, các huyện và xã), hoặc liên kết đơn vị cũ với đơn vị mới "
             "(--links, sau khi đã nhập cả hai). Chạy lại nhiều lần không tạo trùng.")

    def add_arguments(self, parser):
        parser.add_argument("--pre-reform", action="store_true",
                            help=_("Nhập đơn vị hành chính ba cấp trước ngày 01/7/2025."))
        parser.add_argument("--links", action="store_true",
                            help=_("Liên kết mỗi tỉnh, xã trước 01/7/2025 với đơn vị kế thừa "
                                   f"(nguồn: {LINKS_SOURCE})."))

    def handle(self, *args, pre_reform=False, links=False, verbosity=1, **options):
        if links:
            return self.handle_links(verbosity)
        rows, (valid_from, valid_to) = ((pre_reform_rows(), PRE_REFORM_PERIOD) if pre_reform
                                        else (current_rows(), CURRENT_PERIOD))
        progress = TextProgress(self.stderr, "import_units") if verbosity > 0 else None
        started = time.monotonic()
        r = import_units(rows, valid_from=valid_from, valid_to=valid_to, progress=progress)
        self.stdout.write(
            f"import_units: {r.provinces} provinces, {r.districts} districts, {r.communes} communes "
            f"(created {r.created}, updated {r.updated}) in {time.monotonic() - started:.1f}s"
        )

    def handle_links(self, verbosity):
        started = time.monotonic()
        r = import_links(link_rows())
        unmatched = len(r.unmatched_predecessors) + len(r.unmatched_successors)
        self.stdout.write(
            f"import_units --links: {r.links} links (created {r.created}, updated {r.updated}, "
            f"deleted {r.deleted}), {unmatched} codes not matched, {len(r.without_successor)} former communes "
            f"without a successor in {time.monotonic() - started:.1f}s"
        )
        for label, codes in (("predecessors", r.unmatched_predecessors),
                             ("successors", r.unmatched_successors)):
            if codes:
                shown = ", ".join(codes if verbosity > 1 else codes[:20])
                more = f" … (+{len(codes) - 20}, -v 2 lists all)" if verbosity < 2 and len(codes) > 20 else ""
                self.stderr.write(f"not matched ({label}, {len(codes)}): {shown}{more}")
        if r.without_successor:  # all of them, one a line: an administrator links them by hand
            self.stderr.write(f"former communes without a successor ({len(r.without_successor)}):"
                              + "".join(f"\n  {line}" for line in r.without_successor))
