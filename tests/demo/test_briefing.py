"""管委会一张图 on the whole demo: the leader's zone and a park officer's park, and tiles that
say what their own module's pages say."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.demo.conftest import Demo
from zoneops.briefing import queries

URL = reverse("briefing:overview")


def _tile(response: object, key: str) -> queries.Tile:
    overview = response.context["overview"]  # type: ignore[attr-defined]
    return next(tile for tile in overview.tiles if tile.key == key)


def _value(tile: queries.Tile, label: str) -> queries.Figure:
    return next(figure for figure in tile.figures if figure.label == label)


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["leader", "park-dc"])
def test_safety_tile_says_what_the_safety_page_says(demo: Demo, login: str) -> None:
    client = demo.client(login)
    mine = client.get(URL)  # this month, as of today: the safety page's own day
    page = client.get(reverse("safety:home"))
    assert mine.status_code == page.status_code == 200
    figures = page.context["figures"]
    tile = _tile(mine, "safety")
    assert _value(tile, "未销号隐患").value == f"{figures.open_hazards} 条"
    assert _value(tile, "未销号隐患").note == f"其中重大 {figures.open_major} 条"
    assert _value(tile, "逾期未整改").value == f"{figures.overdue} 条"
    # Grid coverage and drill coverage (enterprises meeting their drill duty) as the page
    # counts them: the drill rate is the page's covered over required.
    assert figures.drill_required > figures.drill_covered > 0
    drill = f"{100 * figures.drill_covered / figures.drill_required:.1f}%"
    assert _value(tile, "网格 / 演练覆盖率").value.endswith(f" / {drill}")
    assert _value(tile, "网格 / 演练覆盖率").note == f"本期检查 {figures.inspections_in_period} 次"


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["leader", "park-dc"])
def test_appeal_rates_are_the_statistics_pages(demo: Demo, login: str) -> None:
    client = demo.client(login)
    params = {"period": f"{demo.today.year}-{demo.today.month - 1:02d}", "span": "ytd"}
    mine = client.get(URL, params)
    window = mine.context["window"]
    stats = client.get(
        reverse("appeals:stats"),
        {"from": window.start.isoformat(), "to": window.end.isoformat()},
    )
    assert stats.status_code == 200
    total = stats.context["total"]
    assert total.received > 0
    tile = _tile(mine, "appeals")
    assert _value(tile, "诉求受理").value == f"{total.received} 件"
    assert _value(tile, "响应率").value == f"{total.response_rate}%"
    assert _value(tile, "解决率").value == f"{total.resolution_rate}%"
    assert _value(tile, "满意率").value == f"{total.satisfaction_rate}%"


@pytest.mark.django_db
def test_the_leader_sees_the_zone_and_the_park_officer_their_park(demo: Demo) -> None:
    leader = demo.client("leader").get(URL, {"span": "quarter"})
    park = demo.client("park-dc").get(URL, {"span": "quarter"})
    assert leader.status_code == park.status_code == 200
    assert leader.context["overview"].scope == "全区"
    park_name = park.context["overview"].scope
    assert park_name != "全区" and park.context["overview"].park is not None
    # The economy tile is the dashboard's for the place: the park's output is a part of the zone's.
    zone_output = _value(_tile(leader, "economy"), "工业总产值")
    park_output = _value(_tile(park, "economy"), "工业总产值")
    assert zone_output.value != park_output.value
    assert "全省" in "".join(line.value for line in _tile(leader, "economy").lines)
    assert "全省" not in "".join(line.value for line in _tile(park, "economy").lines)
    for login in ("ent1", "bank", "grid1", "taskforce", "econ"):
        assert demo.client(login).get(URL).status_code == 404, login


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["leader", "park-dc"])
def test_economy_tile_is_the_dashboards_headline(demo: Demo, login: str) -> None:
    from zoneops.briefing.queries import growth
    from zoneops.monitoring.targets.queries import format_quantity

    client = demo.client(login)
    month = f"{demo.today.year}-{demo.today.month - 1:02d}"
    mine = _tile(client.get(URL, {"period": month}), "economy")
    dashboard = client.get(reverse("monitoring:dashboard"), {"period": month})
    for kpi in dashboard.context["kpis"]:
        if kpi["indicator"].code not in ("output_value", "revenue", "electricity"):
            continue
        figure = _value(mine, kpi["indicator"].name)
        assert figure.value == format_quantity(kpi["group"].ytd, kpi["indicator"])
        assert figure.note == f"同口径 {growth(kpi['group'].growth)}"
