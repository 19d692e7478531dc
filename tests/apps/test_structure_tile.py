"""The overview's 产业结构 tile says what the structure page computes: the first
classification's nodes with their share of output, same-set growth and 拉动."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zoneops.briefing import queries as briefing
from zoneops.enterprises import services as registry
from zoneops.enterprises.tests.factories import EnterpriseFactory, industry
from zoneops.monitoring.tests.factories import approved_report

pytestmark = pytest.mark.django_db


def test_the_tile_shows_the_structure(world: Any, client: Client) -> None:
    item = registry.classification_save(
        actor=world.econ, data={"name": "主导方向", "edition": "1", "kind": "direction"}
    )
    registry.node_save(
        actor=world.econ,
        classification=item,
        code="1",
        name="新能源",
        targets=[registry.Target(industry=industry("3841"))],
    )
    energy = EnterpriseFactory(park=world.park_a, industry=industry("3841"), is_above_scale=True)
    other = EnterpriseFactory(park=world.park_a, industry=industry("3911"), is_above_scale=True)
    approved_report(energy, 2024, 3, output_value=(100, 300, 250))
    approved_report(other, 2024, 3, output_value=(300, 900, 1000))
    window = briefing.Window.of(2024, 3, "ytd", today=dt.date(2024, 4, 15))
    tile = briefing.structure_tile(world.leader, window, "全区", None)
    (figure,) = tile.figures
    # By hand: 300 of 1200 is 25.0%; (300 − 250) ÷ 250 = +20.0%; 50 ÷ 1250 × 100 = 4.00 points.
    share = (Decimal(300) / Decimal(1200) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert figure.label == "新能源" and figure.value == f"占 {share}%"
    assert figure.note == "同口径 +20.0%，拉动 +4.00 个百分点"
    assert "按产值测算" in tile.title
    client.force_login(world.leader)
    page = client.get(reverse("briefing:overview"), {"period": "2024-03", "span": "ytd"})
    assert "tile-structure" in page.content.decode()
