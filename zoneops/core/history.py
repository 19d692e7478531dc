"""History: every create, change and delete of domain data, with values before and after.

Services call :func:`record` inside their own transaction, after taking a :func:`snapshot`
before the change. Nothing here runs from signals: what is recorded is what a service did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from zoneops.core import bulk
from zoneops.core.models import ChangeRecord, User

Snapshot = dict[str, Any]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, *, exclude: tuple[str, ...] = ()) -> Snapshot:
    """The values of an object's own fields (and many-to-many ids), as JSON-ready values.

    Foreign keys are kept as their display text, which is what a reader of the timeline needs;
    many-to-many relations as sorted lists of display texts.
    """
    return _snapshot(obj, exclude, {})


def snapshots(objs: Iterable[models.Model]) -> list[Snapshot]:
    """:func:`snapshot` of each of a batch (thousands of alerts of one import), naming each
    related object once: they share their period, rule and owner."""
    labels: dict[tuple[Any, Any], str] = {}
    return [_snapshot(obj, (), labels) for obj in objs]


SKIPPED = frozenset({"id", "created_at", "updated_at", "password"})


def _snapshot(
    obj: models.Model, exclude: tuple[str, ...], labels: dict[tuple[Any, Any], str]
) -> Snapshot:
    values: Snapshot = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.name in SKIPPED:
            continue
        if field.is_relation:
            key = (field.related_model, getattr(obj, field.attname))
            if key[1] is None:
                values[field.name] = None
            elif key in labels:
                values[field.name] = labels[key]
            else:
                values[field.name] = labels[key] = str(getattr(obj, field.name))
        else:
            values[field.name] = _plain(field.value_from_object(obj))
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if field.name in exclude:
                continue
            values[field.name] = sorted(str(item) for item in getattr(obj, field.name).all())
    return values


def change(
    *,
    actor: User | None,
    obj: models.Model,
    action: str,
    before: Snapshot | None,
    after: Snapshot | None,
    note: str = "",
) -> ChangeRecord | None:
    """The history row for one change, not yet saved; None for an update that changed nothing."""
    if action == ChangeRecord.Action.UPDATE and before == after:
        return None
    return bulk.new(
        ChangeRecord,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        note=note[:200],
    )


def record(
    *,
    actor: User | None,
    obj: models.Model,
    action: str,
    before: Snapshot | None,
    after: Snapshot | None,
    note: str = "",
) -> ChangeRecord | None:
    """Write one history row. An update that changed nothing writes nothing and returns None."""
    entry = change(actor=actor, obj=obj, action=action, before=before, after=after, note=note)
    if entry is not None:
        entry.save()
    return entry


def record_save(
    *, actor: User | None, obj: models.Model, before: Snapshot | None, note: str = ""
) -> ChangeRecord | None:
    """The history of a service's save: a create when there was nothing before (``before`` is
    None), else an update from ``before`` to the object as it is now."""
    return record(
        actor=actor,
        obj=obj,
        action=ChangeRecord.Action.CREATE if before is None else ChangeRecord.Action.UPDATE,
        before=before,
        after=snapshot(obj),
        note=note,
    )


def assign(obj: models.Model, data: Mapping[str, Any], fields: Iterable[str]) -> None:
    """Set those of ``fields`` that ``data`` has on ``obj`` (a service's form or API input)."""
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


def record_many(entries: list[ChangeRecord | None]) -> None:
    """Write the history rows of a batch of changes (built by :func:`change`) at once."""
    bulk.insert([e for e in entries if e is not None])


def timeline(obj: models.Model) -> models.QuerySet[ChangeRecord]:
    """The history of one object, newest first. Callers have already checked it is visible."""
    return ChangeRecord.objects.filter(
        model=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")


def snapshot_stored(obj: models.Model, *, exclude: tuple[str, ...] = ()) -> Snapshot:
    """The snapshot of an object as the database holds it now (locked for this transaction).

    Services take the "before" values this way, so a form that already wrote its cleaned data
    onto the instance cannot hide the change from history.
    """
    stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    return snapshot(stored, exclude=exclude)
