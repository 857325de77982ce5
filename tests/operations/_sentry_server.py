"""A Sentry-compatible endpoint on 127.0.0.1 for the tests: it receives what a real sentry-sdk sends (envelopes,
gzip- or brotli-compressed, to /api/<project>/envelope/) and keeps each one, read back item by item."""

import gzip
import http.server
import json
import threading

import brotli


def envelope_items(body: bytes):
    """(item header, payload) of each item of an envelope (its first line is the envelope's own header)."""
    _header, _, rest = body.partition(b"\n")
    while rest.strip():
        line, _, rest = rest.partition(b"\n")
        header = json.loads(line)
        if "length" in header:
            payload, rest = rest[:header["length"]], rest[header["length"]:].removeprefix(b"\n")
        else:
            payload, _, rest = rest.partition(b"\n")
        yield header, payload


class SentryServer:
    """``with SentryServer() as sentry:`` give a process ``SENTRY_DSN=sentry.dsn``; ``sentry.events()`` are
    the events it sent (dicts), ``sentry.bodies`` every envelope as text (to look for what must not be there)."""

    def __init__(self):
        self.bodies = []
        received = self.bodies

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "br":
                    body = brotli.decompress(body)
                elif encoding == "gzip":
                    body = gzip.decompress(body)
                received.append(body)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.dsn = f"http://publickey@127.0.0.1:{self.server.server_port}/1"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def texts(self):
        return [body.decode() for body in list(self.bodies)]

    def events(self):
        return [json.loads(payload) for body in list(self.bodies) for header, payload in envelope_items(body)
                if header.get("type") == "event"]
