"""Whole-country imports, run once per test module and committed (each takes a second or more).

Tests still run inside their own transaction, so what they change is rolled back; the imported
units are deleted when the module ends.
"""

from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Max

from communes.models import Unit, UnitLink


def _run_import(*args):
    out, err = StringIO(), StringIO()
    call_command("import_units", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@contextmanager
def committed(django_db_blocker, *runs):
    with django_db_blocker.unblock():
        last_pk = Unit.objects.aggregate(m=Max("pk"))["m"] or 0
        try:
            yield [_run_import(*args) for args in runs]
        finally:
            # One statement, no ORM collector: parents and children go together, and rows of other
            # apps that point at units never exist outside a rolled-back test.
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {UnitLink._meta.db_table} WHERE predecessor_id > %s "
                               "OR successor_id > %s", [last_pk, last_pk])
                cursor.execute(f"DELETE FROM {Unit._meta.db_table} WHERE id > %s", [last_pk])


@pytest.fixture
def run_import(db):
    """run_import(*args) -> (stdout, stderr) of `manage.py import_units *args`."""
    return _run_import


@pytest.fixture(scope="module")
def current_import(django_db_setup, django_db_blocker):
    with committed(django_db_blocker, ()) as outputs:
        yield outputs[0]


@pytest.fixture(scope="module")
def pre_reform_import(django_db_setup, django_db_blocker):
    with committed(django_db_blocker, ("--pre-reform",)) as outputs:
        yield outputs[0]


@pytest.fixture(scope="module")
def both_imports(django_db_setup, django_db_blocker):
    with committed(django_db_blocker, ("--pre-reform",), ()) as outputs:
        yield outputs
