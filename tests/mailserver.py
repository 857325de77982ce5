"""A real SMTP server for the tests of e-mail: aiosmtpd on a free local port, collecting what it gets.

``smtp`` (a fixture: import it into the test module) starts the server and points Django's SMTP
backend at it; ``smtp.messages`` are the messages received (email.message.EmailMessage), ``stop()``
and ``start()`` take it down and bring it back on the same port (an SMTP failure, then recovery).
"""

import email
import email.policy
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller

from bench.stack import free_port


class Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def subject(message):
    """The decoded subject (Django folds a long encoded subject onto its own line: the parser keeps a space)."""
    return str(message["Subject"]).strip()


def parts(message):
    """(plain text, HTML) of a message, decoded."""
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


@pytest.fixture
def smtp(settings):
    collector, port = Collector(), free_port()
    server = SimpleNamespace(messages=collector.messages, port=port, controller=None)

    def start():
        server.controller = Controller(collector, hostname="127.0.0.1", port=port)
        server.controller.start()

    def stop():
        if server.controller is not None:
            server.controller.stop()
            server.controller = None

    server.start, server.stop = start, stop
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL, settings.EMAIL_TIMEOUT = False, False, 5
    settings.DEFAULT_FROM_EMAIL = "Xã phù hợp với trẻ em <khong-tra-loi@treem.test>"
    settings.SITE_URL = "https://treem.test"
    start()
    yield server
    stop()
