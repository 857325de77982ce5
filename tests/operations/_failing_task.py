"""A task that fails with personal data in its error's text and in its arguments, as a careless one would:
what tests/operations/test_worker_process.py's Sentry server must receive without them."""

from django_tasks import task


@task()
def read_birth_certificate(*, child, file_name):
    raise ValueError(f"cannot read {file_name} of '{child}'")
