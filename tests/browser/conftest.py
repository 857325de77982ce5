import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(plain_static_storage):
    """Every browser test runs against live_server, which serves unhashed static files."""


@pytest.fixture(autouse=True)
def _short_timeouts(context):
    """Pages come from live_server on this machine: fail in 10 s, not Playwright's 30 s."""
    context.set_default_timeout(10_000)
