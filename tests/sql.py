"""Reading captured SQL in tests."""


def outer_table(sql):
    """The table a statement reads from: the first FROM outside parentheses, so a subquery in the select
    list (the header's unread count in the user's query) does not name it."""
    depth = 0
    for i, ch in enumerate(sql):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and sql.startswith(" FROM ", i):
            return sql[i + 6:].split()[0].strip('"')
    raise ValueError(f"no FROM in {sql[:80]!r}")
