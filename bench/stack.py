"""The app as production runs it, started and stopped as one: gunicorn servers and ``db_worker``
processes on one database, and signed-in HTTP sessions against them.

Used by the deadline-day load test (``manage.py bench_load``) and the tests that need several real
processes (tests/reliability: two servers and two workers, concurrent saves). Every process binds
127.0.0.1 and runs in a process group of its own, stopped (and waited for) by ``Stack.stop``.
"""

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
WORKER_ARGS = ["manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Secure cookies (DEBUG off sets them) sent to 127.0.0.1 over plain HTTP, as browsers do for loopback."""

    def return_ok_secure(self, cookie, request):
        return urllib.parse.urlsplit(request.full_url).hostname == "127.0.0.1" or super().return_ok_secure(
            cookie, request)


class Session:
    """One person's browser: a cookie jar (with a browser's loopback rule), the CSRF token, redirects followed.

    ``get`` and ``post`` answer (status, final url, html); ``post`` sends the form's fields, and files
    as multipart when ``files`` ({field: (name, bytes, content type)}) is given."""

    def __init__(self, base, username, password, timeout=60):
        self.base, self.username, self.timeout = base, username, timeout
        self.jar = http.cookiejar.CookieJar(LoopbackCookies())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.get("/dang-nhap/")
        status, url, _html = self.post("/dang-nhap/", {"username": username, "password": password})
        assert status == 200 and "dang-nhap" not in url, f"{username} could not sign in"

    def _csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=self.timeout) as r:
                return r.status, r.geturl(), r.read().decode(errors="replace")
        except urllib.error.HTTPError as e:
            return e.code, e.geturl(), e.read().decode(errors="replace")

    def get(self, path):
        return self._open(urllib.request.Request(self.base + path))

    def submit(self, path, changes, form_id=None):
        """Open the page, change some of its form's fields and send it, as a person would."""
        status, _url, html = self.get(path)
        assert status == 200, f"GET {path}: {status}"
        return self.post(path, {**form_fields(html, form_id), **changes})

    def post(self, path, data, files=None):
        fields = {**data, "csrfmiddlewaretoken": self._csrf()}
        headers = {"Referer": self.base + path}  # as a browser sends it (CSRF's origin check on HTTPS)
        if files:
            body, headers["Content-Type"] = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST", headers=headers))


def form_fields(html, form_id=None):
    """{name: value} of a page's first ``<form method="post">`` (or the one whose id is ``form_id``) as a
    browser would send it, read by lxml.html (``form_values``: text and hidden inputs, checked boxes,
    selected options, text areas; no buttons, files or disabled fields; the last value of a repeated name)."""
    for form in lxml.html.fromstring(html).forms:
        if form.method == "POST" and (form_id is None or form.get("id") == form_id):
            for el in form.inputs:  # lxml skips an input without a value; a browser sends it empty
                if el.tag == "input" and not el.checkable and el.get("value") is None:
                    el.set("value", "")
            areas = {el.name for el in form.inputs if el.tag == "textarea"}
            # libxml2 keeps the newline that opens a text area; a browser drops it (HTML, "textarea")
            return {name: value.removeprefix("\n") if name in areas else value
                    for name, value in form.form_values()}
    raise LookupError(f"no POST form{f' #{form_id}' if form_id else ''} on the page")


def multipart(fields, files):
    """A multipart/form-data body and its content type, as a browser's form with file inputs sends it."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Stack:
    """gunicorn servers and task workers sharing ``env`` (DATABASE_URL, MEDIA_ROOT, cache, queue);
    their output goes to files in ``log_dir``. Use as a context manager, or call ``stop``."""

    def __init__(self, env, log_dir):
        self.env, self.log_dir = env, Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.procs = []  # (process, log file)

    def _start(self, args, name):
        log = open(self.log_dir / f"{name}.log", "w")
        proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=self.env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append((proc, log))
        return proc

    def server(self, workers=2, timeout=60, ready_in=60, args=()):
        """A gunicorn master with ``workers`` sync workers; its base URL once it answers the login page."""
        port = free_port()
        proc = self._start(["-m", "gunicorn", "config.wsgi:application", "--workers", str(workers),
                            "--bind", f"127.0.0.1:{port}", "--timeout", str(timeout), "--graceful-timeout", "5", *args],
                           f"gunicorn-{port}")
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + ready_in
        while True:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + self.log(f"gunicorn-{port}"))
            try:
                with urllib.request.urlopen(base + "/dang-nhap/", timeout=5) as r:
                    if r.status == 200:
                        return base
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer in {ready_in} s")
            time.sleep(0.3)

    def worker(self, args=None, name=None):
        """A task worker (``manage.py db_worker``, or the script ``args`` names)."""
        name = name or f"worker-{len(self.procs)}"
        return self._start(args or WORKER_ARGS, name)

    def log(self, name):
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def logs(self):
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                         for p in sorted(self.log_dir.glob("*.log")))

    @staticmethod
    def end(proc, sig=signal.SIGTERM, wait=30):
        """Stop one process (SIGTERM: a worker finishes its job, gunicorn its requests); its exit code."""
        if proc.poll() is None:
            proc.send_signal(sig)
            try:
                proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # only the group this stack started
                proc.wait(timeout=10)
        return proc.returncode

    def stop(self):
        for proc, log in reversed(self.procs):
            self.end(proc)
            log.close()
        self.procs = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
