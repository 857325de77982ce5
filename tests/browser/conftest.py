import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(plain_static_storage):
    """Every browser test runs against live_server, which serves unhashed static files."""
