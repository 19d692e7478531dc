"""A project that reaches 投产 hands its expected yearly output and its production date over to
its enterprise's record as a 新增长点 (through the registry's service), whichever comes last:
the move to 投产 or the link to the enterprise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from zoneops.enterprises.models import CapacitySource, GrowthPoint
from zoneops.investment import services
from zoneops.investment.tests.factories import signed

pytestmark = pytest.mark.django_db

YI = Decimal(100_000_000)


def _producing(world: Any, output: Decimal | None) -> Any:
    p = signed(on=dt.date(2024, 1, 10), park=world.park_a, expected_output=output)
    services.project_move(
        actor=None, project=p, to_stage="started", on=dt.date(2024, 3, 1), check=False
    )
    return p


def test_link_then_production_hands_the_capacity_over(world: Any):
    p = _producing(world, 12 * YI)
    services.project_link_enterprise(
        actor=None, project=p, enterprise=world.enterprise_x, check=False
    )
    assert not GrowthPoint.objects.exists()  # still building
    services.project_move(
        actor=None, project=p, to_stage="producing", on=dt.date(2024, 9, 20), check=False
    )
    point = GrowthPoint.objects.get(enterprise=world.enterprise_x)
    assert point.designed_output == 12 * YI
    assert point.producing_on == dt.date(2024, 9, 20)
    assert point.source == CapacitySource.PROJECT and point.source_name == p.name


def test_production_then_link_hands_it_over_too(world: Any):
    p = _producing(world, 3 * YI)
    services.project_move(
        actor=None, project=p, to_stage="producing", on=dt.date(2024, 6, 1), check=False
    )
    assert not GrowthPoint.objects.exists()  # no enterprise yet
    services.project_link_enterprise(
        actor=None, project=p, enterprise=world.enterprise_x, check=False
    )
    assert GrowthPoint.objects.get().designed_output == 3 * YI


def test_a_project_without_expected_output_hands_nothing(world: Any):
    p = _producing(world, None)
    services.project_link_enterprise(
        actor=None, project=p, enterprise=world.enterprise_x, check=False
    )
    services.project_move(
        actor=None, project=p, to_stage="producing", on=dt.date(2024, 6, 1), check=False
    )
    assert not GrowthPoint.objects.exists()


def test_linking_needs_the_registry_row_in_the_enterprise_park(world: Any):
    p = _producing(world, YI)
    with pytest.raises(PermissionDenied):
        services.project_link_enterprise(
            actor=world.park_b_officer, project=p, enterprise=world.enterprise_x
        )
