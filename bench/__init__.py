"""The national-scale benchmark behind ``manage.py bench`` (issue 7).

- ``data``: builds synthetic assessments on real pre-reform units, fast (bulk inserts, COPY on PostgreSQL);
- ``floor``: one hand-written SQL statement per report, returning the same numbers;
- ``naive``: per-unit ORM loops computing the same numbers, the baseline a careless page would be;
- ``product``: the product's own code paths (pages through the test client, export functions);
- ``harness``: timing (medians), the equality checks, the table and the ``bench:`` line.
"""
