"""The upgrade rehearsal, in a process of its own on an empty database (tests/operations/test_upgrade.py).

    DATABASE_URL=<empty database> python tests/reliability/_upgrade.py

1. migrate the empty database to the previous release's migrations (operations/releases.py) and, for the
   Django and third-party apps, to their own;
2. put rows in every table of that schema, through the historical models of that state (a generic value
   for each field type, foreign keys to rows made before, many-to-many links);
3. migrate forward to the code's migrations: every row of every table that still exists is still there;
4. migrate back to the previous release (every backward migration runs, with data) and forward again.
Prints one JSON line: tables filled, rows, and the tables of the previous schema that lost rows (none).
"""

import datetime
import decimal
import json
import os
import sys
import uuid
from pathlib import Path


def _setup():
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django

    django.setup()


def previous_targets(loader):
    """The previous release's migrations for the project's apps (those it did not have: none), and the
    Django and third-party apps (installed packages) at their own migrations."""
    from operations.releases import previous, third_party

    targets = [(app, name) for app, name in previous().migrations.items()]
    targets += [node for node in loader.graph.leaf_nodes() if node[0] in third_party()]
    return targets


def unapplied_since(loader, targets):
    """The apps that came after the previous release: none of their migrations, going back to it."""
    named = {app for app, _name in targets}
    return [(app, None) for app in sorted({app for app, _name in loader.graph.leaf_nodes()} - named)]


def value_for(field, n):
    from django.db import models

    if field.choices:
        return field.choices[0][0] if not isinstance(field.choices[0][1], (list, tuple)) else field.choices[0][1][0][0]
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.EmailField):
        return f"u{n}@example.vn"
    if isinstance(field, models.GenericIPAddressField):
        return "127.0.0.1"
    if isinstance(field, (models.FileField,)):
        return f"kiem-thu/{n}.pdf"
    if isinstance(field, (models.CharField, models.TextField)):
        text = f"/{n:02d}/" if field.name == "path" else f"{n:02d}"  # a unit's path has its shape
        return text[: field.max_length] if field.max_length else text
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return decimal.Decimal("1")
    if isinstance(field, models.FloatField):
        return 1.0
    if isinstance(field, models.IntegerField):
        return 1 if field.name != "priority" else 0
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(2024, 11, 1, 8, 0, tzinfo=datetime.timezone.utc)
    if isinstance(field, models.DateField):
        return datetime.date(2024, 11, 1) if "to" not in field.name and "end" not in field.name \
            else datetime.date(2024, 11, 30)
    if isinstance(field, models.TimeField):
        return datetime.time(8, 0)
    if isinstance(field, models.DurationField):
        return datetime.timedelta(hours=1)
    if isinstance(field, models.JSONField):
        return {} if not field.name.endswith("_ids") else []
    if isinstance(field, models.BinaryField):
        return b"x"
    return None


# What a constraint of the schema asks beyond a generic value (the constraint's name in the comment).
OVERRIDES = {
    "assessments.DocumentHeading": {"decision": None},  # heading_of_one_act: a dossier's or a decision's
}


def fill(apps):
    """One row in every table of the state ``apps``, a second where a unique field allows; returns the rows."""
    from django.db import IntegrityError, transaction

    made, pending, problems = {}, [m for m in apps.get_models(include_auto_created=False)
                                   if m._meta.managed and not m._meta.proxy], {}
    for _round in range(len(pending) + 1):
        for model in list(pending):
            kwargs, waiting = {}, False
            for field in model._meta.concrete_fields:
                if field.primary_key and field.get_internal_type() in ("AutoField", "BigAutoField"):
                    continue
                if field.is_relation:
                    target = made.get(field.related_model._meta.label)
                    if field.related_model is model:
                        target = None
                    if target is None and not field.null:
                        waiting = True
                        break
                    kwargs[field.name] = target
                    continue
                if field.has_default() and not field.primary_key and field.name not in ("path",) \
                        and (field.null or field.get_default() is not None):
                    continue
                kwargs[field.name] = value_for(field, len(made) + 10)
            if waiting:
                continue
            kwargs.update(OVERRIDES.get(model._meta.label, {}))
            try:
                with transaction.atomic():
                    obj = model.objects.create(**kwargs)
            except (IntegrityError, ValueError, TypeError) as e:
                problems[model._meta.label] = f"{type(e).__name__}: {e}"
                continue
            made[model._meta.label] = obj
            pending.remove(model)
            problems.pop(model._meta.label, None)
    for label, obj in made.items():  # many-to-many links, once every row is there
        for m2m in obj._meta.many_to_many:
            target = made.get(m2m.related_model._meta.label)
            if target is not None and m2m.remote_field.through._meta.auto_created:
                getattr(obj, m2m.name).add(target)
    return made, problems


def counts():
    from django.db import connection

    with connection.cursor() as cursor:
        out = {}
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            out[table] = cursor.fetchone()[0]
    return out


def rehearse():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    assert not executor.loader.applied_migrations, "the rehearsal needs an empty database"
    old = previous_targets(executor.loader)
    executor.migrate(old)
    state = MigrationExecutor(connection).loader.project_state(old, at_end=True)
    made, problems = fill(state.apps)
    assert not problems, problems
    before = {t: n for t, n in counts().items() if t != "django_migrations"}
    empty = sorted(t for t, n in before.items() if n == 0)

    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    forward = executor.migration_plan(leaves)
    executor.migrate(leaves)
    after = counts()
    lost = {t: (n, after.get(t)) for t, n in before.items() if after.get(t, 0) < n}

    executor = MigrationExecutor(connection)
    back_to = old + unapplied_since(executor.loader, old)
    backward = executor.migration_plan(back_to)
    assert all(backwards for _migration, backwards in backward)
    executor.migrate(back_to)  # every migration since the previous release, backwards, over the data
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    again = MigrationExecutor(connection)
    names = {"backward_names": sorted(f"{m.app_label}.{m.name}" for m, _b in backward),
             "forward_names": sorted(f"{m.app_label}.{m.name}" for m, _b in forward)}
    return {**names, "tables": len(before), "empty": empty, "rows": sum(before.values()), "lost": lost,
            "forward": len(forward), "backward": len(backward),
            "unapplied_at_end": len(again.migration_plan(again.loader.graph.leaf_nodes()))}


if __name__ == "__main__":
    _setup()
    print(json.dumps(rehearse(), ensure_ascii=False, default=str))
