"""主要经济指标完成情况: the dashboard's breakdown for the KPI indicators, as a workbook."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from zoneops.monitoring.analysis import breakdown as breakdown_queries
from zoneops.monitoring.tests.test_queries import _march, _output
from zoneops.monitoring.tests.test_queries import ledger as ledger  # the fixture

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:summary_export")


def _rows(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )


def test_zone_summary_has_the_zone_its_parks_and_chains_with_the_dashboards_numbers(
    world, login, ledger
):
    rows = _rows(login(world.econ).get(URL, {"period": "2024-03"}))
    assert rows[0][0].endswith("主要经济指标完成情况（2024年3月）")
    assert rows[1][0].startswith("单位：万元")
    assert rows[2][:4] == ["类别", "名称", "企业数", "工业总产值"]
    assert rows[3][3:7] == ["1—本月累计", "同比%", "拉动（百分点）", "贡献率%"]
    body = {(r[0], r[1]): r for r in rows[4:]}
    assert list(body) == [
        ("全区", "全区"),
        ("园区", "东川工业园"),
        ("园区", "南川工业园"),
        ("产业链", "锂电产业链"),
    ]
    (zone,) = breakdown_queries.aggregates(user=world.econ, period=_march(), indicator=_output())
    parks = {
        g.label: g
        for g in breakdown_queries.aggregates(
            user=world.econ, period=_march(), indicator=_output(), by="park"
        )
    }
    z = body[("全区", "全区")]
    assert z[2] == 5 and z[3] == pytest.approx(float(zone.ytd / 10_000), abs=0.005)  # 万元
    assert z[4] == pytest.approx(float(zone.growth), abs=0.01)
    east = body[("园区", "东川工业园")]
    assert east[5] == pytest.approx(float(parks["东川工业园"].contribution_points), abs=0.01)
    assert east[6] == pytest.approx(float(parks["东川工业园"].contribution_share), abs=0.01)
    assert Decimal(str(east[3])) == Decimal("0.15")  # 1200 + 300 元


def test_a_park_officer_gets_their_park_whatever_they_ask(world, login, ledger):
    rows = _rows(
        login(world.park_a_officer).get(URL, {"period": "2024-03", "park": world.park_b.pk})
    )
    assert "东川工业园主要经济指标完成情况" in rows[0][0]
    body = [(r[0], r[1]) for r in rows[4:]]
    assert body == [("园区", "东川工业园"), ("产业链", "锂电产业链")]
    assert rows[4][2] == 2  # 甲 and 甲二 only


def test_the_summary_is_not_for_enterprises(world, login, ledger):
    assert login(world.ent_x_user).get(URL, {"period": "2024-03"}).status_code == 404
    assert login(world.econ).get(URL, {"period": "2031-01"}).status_code == 404
