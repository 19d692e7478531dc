"""Every service that writes history, in one table: each is called with a real actor and valid
data, and must leave its ChangeRecord (the action, the object, the actor).

A service that forgets ``record(...)`` fails its row here. A new service that records history
fails :func:`test_every_writing_service_is_in_the_table` until it has a row: the table is
checked against the code (every public function of a non-test module that calls ``record``,
``record_save`` or ``record_many``, directly or through a private helper of its module).

The rows call the services through their public modules (``<app>.services``, ``queries`` and
the declared modules such as ``monitoring.alerts``), so moving code inside an app keeps them.
Set-up is done by the system (``actor=None``, ``check=False``), so the only history row with the
case's actor is the one the service under test wrote.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.history import (  # noqa: F401  (each registers its rows)
    rows_appeals,
    rows_approvals,
    rows_briefing,
    rows_classifications,
    rows_core,
    rows_finance,
    rows_innovation,
    rows_investment,
    rows_monitoring,
    rows_projects,
    rows_safety,
    rows_support,
)
from tests.history.table import CASES, writing_services
from zoneops.core.models import ChangeRecord

pytestmark = pytest.mark.django_db

# --- the tests ------------------------------------------------------------------------


def test_every_writing_service_is_in_the_table() -> None:
    assert sorted(set(writing_services()) - set(CASES)) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_service_records_its_change(name: str, world: Any) -> None:
    service, body = CASES[name]
    expected = body(world, service)
    rows = ChangeRecord.objects.filter(model=expected.model, object_id=expected.object_id)
    found = rows.filter(action=expected.action, actor=expected.actor, pk__gt=expected.after)
    written = list(rows.values_list("action", "actor__username"))
    assert found.exists(), f"{name}: expected {expected}, the object's history is {written}"
