"""``manage.py bench``: national-scale synthetic data, then each report timed against its floor and a
naive baseline, with the numbers of the three paths checked equal first (see README, Performance)."""

import contextlib
import datetime
import os
import platform
import tempfile
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment
from django.utils import timezone

from api.models import ApiKey
from api.services import api_key_issue
from bench import data, harness
from bench.product import Pages, scoring_url, summary_url

# Time as in production: no query log (DEBUG off); {% static %} without collectstatic's manifest.
TIMING_SETTINGS = {"DEBUG": False, "API_KEY_THROTTLE_RATE": "1000000/hour", "STORAGES": {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}}


# full: the national scale of issue 7; small: a province's worth (300 communes, as many as a large province,
# spread over 3 provinces so the national pages still have rows to group), built and run in under a minute
SCALES = {"full": {"communes": 10_600, "provinces": 63, "rounds": 10},
          "small": {"communes": 300, "provinces": 3, "rounds": 3}}


@contextlib.contextmanager
def _reading_pages():
    """The test client's template instrumentation (response.context), on only while pages are checked:
    it copies every template's context, a cost production does not pay. Under pytest it stays on."""
    from django.test.utils import _TestState

    if hasattr(_TestState, "saved_data"):
        yield
        return
    setup_test_environment()
    try:
        yield
    finally:
        teardown_test_environment()


class Command(BaseCommand):
    help = ("Đo hiệu năng ở quy mô toàn quốc: tạo dữ liệu giả lập (63 tỉnh, 10.600 xã, 10 đợt), "
            "so sánh thời gian của sản phẩm với truy vấn SQL tối thiểu và vòng lặp ORM ngây thơ, "
            "sau khi kiểm tra ba cách cho cùng số liệu.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="full",
                            help="full: cả nước (10.600 xã, 63 tỉnh, 10 đợt); small: cỡ một tỉnh (300 xã, 3 tỉnh, "
                                 "3 đợt), dưới một phút. --communes, --provinces, --rounds ghi đè.")
        parser.add_argument("--communes", type=int)
        parser.add_argument("--provinces", type=int)
        parser.add_argument("--rounds", type=int)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--naive-repeat", type=int, default=1,
                            help="Số lần chạy vòng lặp ORM ngây thơ (mặc định 1: chậm hơn hàng chục lần).")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--keep", action="store_true",
                            help="Giữ dữ liệu đo sau khi chạy (lần chạy sau dùng lại nếu cùng quy mô).")

    def log(self, message):
        self.stderr.write(message)

    def handle(self, *args, scale, communes, provinces, rounds, repeat, naive_repeat, seed, keep, **options):
        default = SCALES[scale]
        communes, provinces, rounds = (default["communes"] if communes is None else communes,
                                       default["provinces"] if provinces is None else provinces,
                                       default["rounds"] if rounds is None else rounds)
        if communes < provinces or provinces < 1 or rounds < 2 or repeat < 1:
            raise CommandError("need --communes >= --provinces >= 1, --rounds >= 2, --repeat >= 1")
        plan = data.Plan(communes=communes, provinces=provinces, rounds=rounds, seed=seed)
        started = time.monotonic()
        world = data.find(plan)
        if world is None:
            if data.Round.objects.filter(opened_by__username=data.RUNNER).exists():
                self.log("bench data of another shape found: deleting it")
                data.drop(data.World(plan=plan, standard=None, province_ids=[], users={
                    data.RUNNER: data.User.objects.get(username=data.RUNNER)}))
            try:
                world = data.build(plan, log=self.log)
            except RuntimeError as e:
                raise CommandError(str(e))
        else:
            self.log("reusing the bench data kept by an earlier run")
            data.settle()
        built = time.monotonic() - started
        counts = world.counts()
        self.log(f"data ready in {built:.1f}s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        try:
            with tempfile.TemporaryDirectory(prefix="bench-") as workdir, override_settings(**TIMING_SETTINGS):
                today = timezone.localdate()
                pages = Pages({name: world.users[name] for name in data.USERS})
                _key, secret = api_key_issue(by=None, name="bench", unit=None)  # a national client system
                ops = harness.operations(world, pages, workdir, today, api_secret=secret)
                harness.run(ops, repeat, naive_repeat, log=self.log, reading=_reading_pages)
                peak = harness.excel_peak_memory(world, workdir, today)
        except harness.Mismatch as e:
            raise CommandError(f"the paths disagree, no time is reported: {e}")
        finally:
            ApiKey.objects.filter(name="bench", issued_by=None).delete()
            if not keep and not world.reused:
                data.drop(world)
        self._report(ops, counts, repeat, naive_repeat, peak, started)
        if keep:
            self._load_test_hints(world, pages)

    def _report(self, ops, counts, repeat, naive_repeat, peak, started):
        out = self.stdout.write
        out(f"bench on {connection.vendor} {connection.settings_dict['NAME']}, {datetime.date.today():%Y-%m-%d}, "
            f"{platform.machine()}, python {platform.python_version()}; "
            + ", ".join(f"{v} {k}" for k, v in counts.items())
            + f"; medians of {repeat} runs (naive: {min(naive_repeat, repeat)}); load average "
            + " ".join(f"{x:.1f}" for x in os.getloadavg()))
        out(harness.table(ops))
        out(f"excel export peak memory: {peak:.1f} MiB (tracemalloc);"
            f" process peak RSS {harness.process_peak_rss():.0f} MiB;"
            f" total {time.monotonic() - started:.0f}s")
        out(harness.bench_line(ops))

    def _load_test_hints(self, world, pages):
        """What a load generator needs to hit the two pages as a signed-in browser would: the session
        (kept in the database) and the CSRF cookie a browser holds after its first page."""
        for user, url in (("bench_commune", scoring_url(world)), ("bench_province", summary_url(world.year))):
            cookies = pages.clients[user].cookies
            header = "; ".join(f"{name}={cookies[name].value}"
                               for name in ("sessionid", "csrftoken") if name in cookies)
            self.stderr.write(f"load-test {user} {url} Cookie: {header}")
