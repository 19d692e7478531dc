"""Inserting many rows of one model: what the batched services use for large writes.

Django's ``bulk_create`` prepares every value of every object through its field (and builds
its SQL per batch through the query compiler), which at tens of thousands of rows costs more
than the database's own work. :func:`insert` writes the same rows preparing through the
field only the columns that need it (dates and times, JSON); plain numbers, text and keys go
to the driver as they are: multi-row ``INSERT ... VALUES`` on SQLite, ``COPY`` or an
``UNNEST`` of one array a column on PostgreSQL (see :func:`_insert`). Objects get their
primary keys back when asked, as with ``bulk_create``.

No signals are sent and ``save()`` is not called: callers are services that record history
themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import psycopg
from django.db import connections, models, router
from django.db.models.base import ModelState

M = TypeVar("M", bound=models.Model)

# Field types whose Python values the drivers take as they are (Decimal included: Django
# itself passes it through on SQLite, where it registers str as the adapter, and on
# PostgreSQL).
AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DecimalField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)


UNNEST_ROWS = 10_000  # rows a statement on PostgreSQL


class _Blueprint:
    """A model's field defaults, worked out once, for :func:`new`."""

    def __init__(self, model: type[models.Model]) -> None:
        self.fixed: dict[str, Any] = {}
        self.made: list[tuple[str, Callable[[], Any]]] = []  # callable defaults (dict, now)
        # Forward relations by field name: (attname, the related model's attname it holds).
        self.relations: dict[str, tuple[str, str]] = {}
        for f in model._meta.concrete_fields:
            if f.has_default() and callable(f.default):
                self.made.append((f.attname, f.default))
            else:
                self.fixed[f.attname] = f.get_default()
            if isinstance(f, models.ForeignKey):  # OneToOneField included
                self.relations[f.name] = (f.attname, f.target_field.attname)


_BLUEPRINTS: dict[type[models.Model], _Blueprint] = {}


def new(model: type[M], /, **values: Any) -> M:
    """An unsaved object as ``model(**values)`` makes it, for the thousands a batched service
    builds: the same attributes and defaults without ``Model.__init__``'s per-field argument
    handling (several times slower) and without the ``pre_init``/``post_init`` signals, which
    no model here uses. ``values`` are field names or attnames; a related object given by
    field name is cached on the object, as assigning it would."""
    blueprint = _BLUEPRINTS.get(model)
    if blueprint is None:
        blueprint = _BLUEPRINTS[model] = _Blueprint(model)
    obj = model.__new__(model)
    obj._state = ModelState()
    attrs = obj.__dict__
    attrs.update(blueprint.fixed)
    for attname, default in blueprint.made:
        attrs[attname] = default()
    for name, value in values.items():
        relation = blueprint.relations.get(name)
        if relation is None:
            attrs[name] = value
        else:
            attrs[relation[0]] = None if value is None else getattr(value, relation[1])
            obj._state.fields_cache[name] = value
    return obj


def insert(objs: Sequence[models.Model], *, returning: bool = False) -> None:
    """Insert unsaved objects of one model; with ``returning`` their primary keys are set.

    Field defaults are applied by the model's ``__init__`` as usual; ``auto_now``/
    ``auto_now_add`` fields get one time for the whole call (set on every object).
    """
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    # An automatic primary key is left to the database.
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and getattr(objs[0], f.attname) is None)
    ]
    prepare = [_preparer(f, objs, connection) for f in fields]
    keys = _insert(model, fields, [[p(obj) for p in prepare] for obj in objs], returning)
    pk = model._meta.pk
    assert pk is not None
    for obj, key in zip(objs, keys or [None] * len(objs), strict=True):
        if returning:
            setattr(obj, pk.attname, key)
        obj._state.adding = False
        obj._state.db = connection.alias


def _preparer(
    f: Any, objs: Sequence[models.Model], connection: Any
) -> Callable[[models.Model], Any]:
    """How one column's value is taken from an object, ready for the driver."""
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        now = f.pre_save(objs[0], True)
        for obj in objs:
            setattr(obj, f.attname, now)
        prepared = f.get_db_prep_save(now, connection)
        return lambda obj: prepared
    name = f.attname
    kind = f.get_internal_type()
    if kind in AS_IS:
        return lambda obj: getattr(obj, name)
    if kind == "JSONField":
        # What JSONField.get_db_prep_save does for plain values (no expressions here),
        # without its layers: thousands of history snapshots go through this.
        adapt, encoder = connection.ops.adapt_json_value, f.encoder
        return lambda obj: None if (v := getattr(obj, name)) is None else adapt(v, encoder)
    return lambda obj: f.get_db_prep_save(getattr(obj, name), connection)


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert plain rows (values in the order of ``names``, field names or attnames) without
    building objects: for columns the drivers take as they are (numbers, text, keys)."""
    meta = model._meta
    fields: list[Any] = [meta.get_field(name) for name in names]
    for f in fields:
        if f.get_internal_type() not in AS_IS:
            raise ValueError(f"{meta.label}.{f.name}: use insert() for {f.get_internal_type()}")
    _insert(model, fields, rows, returning=False)


def _insert(
    model: type[models.Model],
    fields: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    returning: bool,
) -> list[Any]:
    """Write the rows; the new keys in the rows' order when ``returning``.

    PostgreSQL: ``COPY`` when no keys are wanted; otherwise one array parameter a column
    (``INSERT ... SELECT * FROM UNNEST(...) RETURNING``, as Django's own bulk insert does
    there, the arrays bound in binary). Both through a driver cursor of its own: Django's
    cursors bind on the client, and splitting and quoting statements of hundreds of thousands
    of placeholders cost the driver more than the insert. Same connection, so the same
    transaction. Other backends: multi-row ``VALUES`` of at most their batch size."""
    if not rows:
        return []
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    # Names from the model's meta, quoted; every value is a parameter.
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(meta.db_table)
    assert meta.pk is not None
    tail = f" RETURNING {quote(meta.pk.column)}" if returning else ""
    keys: list[Any] = []
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            if not returning:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return keys
            # Types without their parameters (varchar[], numeric[]): nothing is truncated.
            arrays = ", ".join(f"(%b)::{f.db_type(connection).split('(')[0]}[]" for f in fields)
            sql = f"INSERT INTO {table} ({columns}) SELECT * FROM UNNEST({arrays}){tail}"  # noqa: S608
            for start in range(0, len(rows), UNNEST_ROWS):
                batch = rows[start : start + UNNEST_ROWS]
                cursor.execute(sql, [list(column) for column in zip(*batch, strict=True)])
                keys += [key for (key,) in cursor.fetchall()]
        return keys
    head = f"INSERT INTO {table} ({columns}) "
    with connection.cursor() as cursor:
        placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
        size = max(1, connection.ops.bulk_batch_size(list(fields), list(rows)))
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            cursor.execute(
                head + "VALUES " + ", ".join([placeholders] * len(batch)) + tail,
                [value for row in batch for value in row],
            )
            if returning:
                keys += [key for (key,) in cursor.fetchall()]
    return keys
