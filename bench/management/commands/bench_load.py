"""``manage.py bench_load``: the deadline-day load test (issue 16; bench/deadline_day.py, README,
Performance): a province's 2024 round built through the services, the app started as production runs it
(gunicorn, a task worker, DEBUG off) on this database, and driven by simulated people for a while."""

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from bench import deadline_day as dd
from bench.stack import ROOT, Stack


class Command(BaseCommand):
    help = ("Thử tải ngày hết hạn nộp hồ sơ: dựng dữ liệu một tỉnh (Lào Cai trước 01/7/2025) qua các dịch vụ "
            "của ứng dụng, chạy gunicorn và máy chạy việc nền như khi vận hành, rồi mô phỏng cán bộ xã chấm điểm "
            "và tải minh chứng, cán bộ huyện xem danh sách, cán bộ tỉnh xem và xuất báo cáo. Chạy trên cơ sở dữ "
            "liệu dành riêng.")

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=151, help="Số xã (mặc định 151: cả tỉnh Lào Cai).")
        parser.add_argument("--seconds", type=float, default=60, help="Thời gian tạo tải (giây).")
        parser.add_argument("--users", type=int, default=30, help="Số người dùng mô phỏng đồng thời.")
        parser.add_argument("--think", type=float, default=1.0,
                            help="Thời gian suy nghĩ trung bình giữa hai yêu cầu của một người (giây; 0: liên tục).")
        parser.add_argument("--workers", type=int, default=2, help="Số tiến trình gunicorn (sync).")
        parser.add_argument("--task-workers", type=int, default=1, help="Số máy chạy việc nền (db_worker).")
        parser.add_argument("--keep", action="store_true",
                            help="Giữ dữ liệu sau khi chạy (lần chạy sau cùng số xã dùng lại).")

    def log(self, message):
        self.stderr.write(message)

    def handle(self, *args, communes, seconds, users, think, workers, task_workers, keep, **options):
        if seconds <= 0 or workers < 1 or task_workers < 1 or think < 0:
            raise CommandError("need --seconds > 0, --workers >= 1, --task-workers >= 1, --think >= 0")
        try:
            dd.people_mix(users)
        except ValueError as e:
            raise CommandError(str(e))
        if dd.foreign_rounds().exists():
            raise CommandError("the database holds rounds the load test did not make: run it in a fresh "
                               "database (see README, Performance)")
        started = time.monotonic()
        seed = dd.find(communes)
        if seed is None:
            old = dd.find()
            if old is not None:
                self.log("load-test data of another size found: deleting it")
                dd.drop(old)
            try:
                seed = dd.seed(communes, log=self.log)
            except RuntimeError as e:
                raise CommandError(str(e))
            self.log(f"data ready in {time.monotonic() - started:.0f}s")
        else:
            self.log("reusing the load-test data kept by an earlier run (without the evidence it uploaded)")
            dd.reset(seed)
        media = tempfile.mkdtemp(prefix="bench-load-")
        try:
            result = self._run(seed, media, seconds=seconds, users=users, think=think, workers=workers,
                               task_workers=task_workers)
        finally:
            shutil.rmtree(media, ignore_errors=True)
            if not keep:
                dd.drop(seed)
        self._report(result, seed, workers, task_workers, think)

    def _run(self, seed, media, *, seconds, users, think, workers, task_workers):
        env = dd.stack_env(os.path.join(media, "media"))
        if not dd.static_ready():  # DEBUG off serves collectstatic's hashed files (WhiteNoise's manifest)
            self.log("collectstatic")
            subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT,
                           env=env, check=True)
        with Stack(env, os.path.join(media, "logs")) as stack:
            base = stack.server(workers=workers)
            for _ in range(task_workers):
                stack.worker()
            # Stack starts each process in a session of its own (id: its pid), gunicorn's workers in the master's
            processes = {"gunicorn": stack.procs[0][0].pid, **{
                f"task worker {k}" if task_workers > 1 else "task worker": proc.pid
                for k, (proc, _log) in enumerate(stack.procs[1:], 1)}}
            since = timezone.now()
            try:
                result = dd.drive(base, seed, seconds=seconds, users=users, think=think, processes=processes,
                                  log=self.log)
                result.worker_times = dd.worker_times(since)
                return result
            except ValueError as e:
                raise CommandError(str(e))
            except Exception:
                self.log(stack.logs())
                raise

    def _report(self, result, seed, workers, task_workers, think):
        out = self.stdout.write
        mix = ", ".join(f"{n} {role}s" for role, n in result.users.items())
        out(f"bench_load on {connection.vendor} {connection.settings_dict['NAME']}, {platform.machine()}, "
            f"{os.cpu_count()} CPUs, python {platform.python_version()}; {len(seed.dossiers)} communes "
            f"({len(seed.submitted)} submitted), {len(seed.district_officers)} districts; gunicorn {workers} "
            f"workers, {task_workers} task worker(s); {sum(result.users.values())} people ({mix}), think "
            f"{think}s; {result.seconds:g}s; load average at the end "
            + " ".join(f"{x:.2f}" for x in result.load_average))
        out(dd.table(result))
        out(result.line())
