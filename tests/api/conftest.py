import pytest

from tests.apiworld import api_world


@pytest.fixture
def api(standard, units, users, settings, tmp_path):
    """tests/apiworld.py: data in two provinces and a key for each and a national one."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return api_world(standard, units, users)
