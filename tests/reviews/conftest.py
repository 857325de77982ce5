"""The period reviews read the reports' hand-computed world (tests/reports/conftest.py: Ninh Thuận's Ninh Sơn
and Bác Ái, 2023–2024, every status), so the drafted figures are checked against known numbers too."""

from tests.reports.conftest import assess, cast, make_round, world  # noqa: F401  (the reports' fixtures)
