"""The industrial structure (按产值测算): each top node's share of output and revenue, its
same-set growth and 拉动, checked against sums over the stored reports computed here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zoneops.enterprises import services as registry
from zoneops.enterprises.models import Decision, Enterprise, Industry
from zoneops.enterprises.tests.factories import EnterpriseFactory, industry
from zoneops.monitoring import public
from zoneops.monitoring.models import ReportStatus, ReportValue, ValueAddedShare
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.structure import queries
from zoneops.monitoring.structure.services import value_added_share_save
from zoneops.monitoring.tests.factories import approved_report

pytestmark = pytest.mark.django_db


def _above(park: Any, code: str) -> Enterprise:
    return EnterpriseFactory(park=park, industry=industry(code), is_above_scale=True)


@pytest.fixture
def zone(world: Any) -> dict[str, Any]:
    for code in ("3841", "2710", "3985", "3911"):
        industry(code)
    item = registry.classification_save(
        actor=world.econ, data={"name": "测试分类", "edition": "1", "level": "national"}
    )
    energy, _ = registry.node_save(
        actor=world.econ, classification=item, code="1", name="新能源", order=1
    )
    registry.node_save(
        actor=world.econ,
        classification=item,
        code="1.1",
        name="电池",
        parent=energy,
        order=2,
        targets=[
            registry.Target(industry=Industry.objects.get(code="3841")),
            registry.Target(industry=Industry.objects.get(code="3985"), partial=True),
        ],
    )
    bio, _ = registry.node_save(
        actor=world.econ,
        classification=item,
        code="2",
        name="生物",
        order=3,
        targets=[registry.Target(industry=Industry.objects.get(code="2710"))],
    )
    a, b = world.park_a, world.park_b
    e = {
        "bat_a": _above(a, "3841"),
        "bat_b": _above(b, "3841"),
        "part_yes": _above(a, "3985"),
        "part_no": _above(a, "3985"),
        "bio": _above(b, "2710"),
        "other": _above(a, "3911"),
        "new": _above(a, "2710"),  # a new entrant: no figure a year earlier
    }
    registry.membership_decide(
        actor=world.econ,
        enterprise=e["part_yes"],
        node=item.nodes.get(code="1.1"),
        decision=Decision.CONFIRMED,
        product="隔膜",
    )
    # (ytd output, last year's ytd output, ytd revenue, last year's revenue)
    numbers = {
        "bat_a": (1200, 1000, 1300, 1100),
        "bat_b": (450, 500, 470, 520),
        "part_yes": (330, 300, 350, 310),
        "part_no": (999, 111, 900, 100),
        "bio": (780, 700, 800, 720),
        "other": (2000, 2100, 2050, 2000),
        "new": (260, None, 270, None),
    }
    for key, (out, out_last, rev, rev_last) in numbers.items():
        approved_report(
            e[key], 2024, 3, output_value=(out / 3, out, out_last), revenue=(rev / 3, rev, rev_last)
        )
    return {"item": item, "e": e, "energy": energy, "bio": bio}


def _expected(members: set[int], code: str, park: int | None = None) -> dict[str, Decimal | None]:
    """The structure's figures by hand, over the stored approved values."""
    rows = ReportValue.objects.filter(
        indicator__code=code,
        report__status=ReportStatus.APPROVED,
        report__period__year=2024,
        report__period__month=3,
    )
    if park is not None:
        rows = rows.filter(report__enterprise__park_id=park)
    stored = {v.report.enterprise_id: (v.ytd_value, v.last_ytd_value) for v in rows}
    place_ytd = sum(y for y, _l in stored.values())
    place_last = sum(last for _y, last in stored.values() if last is not None)
    mine = {k: v for k, v in stored.items() if k in members}
    ytd = sum((y for y, _l in mine.values()), Decimal(0))
    same_now = sum((y for y, last in mine.values() if last is not None), Decimal(0))
    same_last = sum((last for _y, last in mine.values() if last is not None), Decimal(0))
    return {
        "share": ytd / place_ytd * 100,
        "growth": (same_now / same_last - 1) * 100 if same_last else None,
        "pull": (same_now - same_last) / place_last * 100,
    }


def _close(a: Decimal | None, b: Decimal | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and abs(a - b) < Decimal("1e-9")
    )


def test_shares_growth_and_pull_match_the_stored_reports(world: Any, zone: dict[str, Any]) -> None:
    e = zone["e"]
    period = period_get_or_create(2024, 3)
    found = queries.structure(user=world.econ, period=period, classification=zone["item"])
    rows = {row.node.name: row for row in found.rows}
    assert list(rows) == ["新能源", "生物"]  # top-level nodes only
    energy = {e["bat_a"].pk, e["bat_b"].pk, e["part_yes"].pk}  # part_no waits for review
    bio = {e["bio"].pk, e["new"].pk}
    for name, members in (("新能源", energy), ("生物", bio)):
        for code in ("output_value", "revenue"):
            want = _expected(members, code)
            got = rows[name].figures[code]
            assert _close(got.share, want["share"]), (name, code)
            assert _close(got.group.growth, want["growth"]), (name, code)
            assert _close(got.group.contribution_points, want["pull"]), (name, code)
    assert rows["新能源"].enterprises == 3 and rows["生物"].enterprises == 2


def test_a_park_is_its_own_whole(world: Any, zone: dict[str, Any]) -> None:
    e = zone["e"]
    period = period_get_or_create(2024, 3)
    found = queries.structure(user=world.park_a_officer, period=period, classification=zone["item"])
    rows = {row.node.name: row for row in found.rows}
    want = _expected({e["bat_a"].pk, e["part_yes"].pk}, "output_value", park=world.park_a.pk)
    got = rows["新能源"].figures["output_value"]
    assert _close(got.share, want["share"]) and _close(got.group.contribution_points, want["pull"])
    assert rows["生物"].figures["output_value"].group.growth is None  # only the new entrant


def test_the_bureaus_share_is_beside_never_mixed(
    world: Any, zone: dict[str, Any], client: Client
) -> None:
    period = period_get_or_create(2024, 3)
    value_added_share_save(
        actor=world.econ, period=period, node=zone["energy"], share=Decimal("21.5")
    )
    tables = public.structure_overview(user=world.leader, year=2024, month=3)
    (table,) = tables
    energy = next(line for line in table.lines if line.name == "新能源")
    assert energy.official_share == Decimal("21.5")
    assert energy.output_share != Decimal("21.5")
    with pytest.raises(Exception):  # noqa: B017 - out of range refused
        value_added_share_save(
            actor=world.econ, period=period, node=zone["bio"], share=Decimal("120")
        )
    with pytest.raises(Exception):  # noqa: B017 - not the park office's
        value_added_share_save(
            actor=world.park_a_officer, period=period, node=zone["bio"], share=Decimal("2")
        )
    assert ValueAddedShare.objects.count() == 1
    client.force_login(world.leader)
    page = client.get(reverse("monitoring:structure"), {"period": "2024-03"}).content.decode()
    assert "按产值测算" in page and "新能源" in page and "21.5" in page
    client.force_login(world.econ)
    response = client.post(
        reverse("monitoring:structure_share") + "?period=2024-03",
        {"node": zone["bio"].pk, "share": "3.2", "source": "市统计局"},
    )
    assert response.status_code == 302
    assert ValueAddedShare.objects.get(node=zone["bio"]).share == Decimal("3.2")
    client.force_login(world.ent_x_user)
    assert client.get(reverse("monitoring:structure")).status_code == 404
