"""The monitoring API: scope, the write path through the services, aggregates."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from zoneops.monitoring.models import MonthlyReport
from zoneops.monitoring.periods import period_get_or_create
from zoneops.monitoring.tests.factories import approved_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _january_is_open(db):
    """The economy office has opened 2024-01 (an enterprise may not open a period)."""
    period_get_or_create(2024, 1)


def test_enterprise_puts_and_submits_its_report(world, login):
    client = login(world.ent_x_user)
    body = {
        "enterprise_id": world.enterprise_x.pk,
        "period": "2024-01",
        "values": {
            "output_value": {
                "month_value": "1200000",
                "ytd_value": "1200000",
                "last_ytd_value": "1100000",
            }
        },
        "submit": True,
    }
    response = client.put(
        "/api/monitoring/reports", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "submitted"
    # Written as people write it (units.plain), the API's one way with a Decimal.
    assert data["values"][0]["ytd_value"] == "1200000"


def test_refused_report_names_the_rule(world, login):
    client = login(world.ent_x_user)
    body = {
        "enterprise_id": world.enterprise_x.pk,
        "period": "2024-01",
        "values": {
            "output_value": {"month_value": "-5", "ytd_value": "-5", "last_ytd_value": "10"}
        },
        "submit": True,
    }
    response = client.put(
        "/api/monitoring/reports", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert any("负数" in f["message"] for f in response.json()["findings"])
    assert not MonthlyReport.objects.exists()


def test_enterprise_gets_404_for_another_enterprises_report(world, login):
    other = approved_report(world.enterprise_y, 2024, 1, output_value=(1, 1, 1))
    client = login(world.ent_x_user)
    assert client.get(f"/api/monitoring/reports/{other.pk}").status_code == 404
    assert client.get("/api/monitoring/reports").json()["count"] == 0
    body = {"enterprise_id": world.enterprise_y.pk, "period": "2024-02", "values": {}}
    assert (
        client.put(
            "/api/monitoring/reports", json.dumps(body), content_type="application/json"
        ).status_code
        == 404
    )
    action = client.post(
        f"/api/monitoring/reports/{other.pk}/actions",
        json.dumps({"action": "submit"}),
        content_type="application/json",
    )
    assert action.status_code == 404


def test_officer_approves_through_the_api(world, login):
    ent = login(world.ent_x_user)
    body = {
        "enterprise_id": world.enterprise_x.pk,
        "period": "2024-01",
        "values": {
            "electricity": {"month_value": "5000", "ytd_value": "5000", "last_ytd_value": "4800"}
        },
        "submit": True,
    }
    report_id = ent.put(
        "/api/monitoring/reports", json.dumps(body), content_type="application/json"
    ).json()["id"]
    assert (
        ent.post(
            f"/api/monitoring/reports/{report_id}/actions",
            json.dumps({"action": "approve"}),
            content_type="application/json",
        ).status_code
        == 403
    )
    officer = login(world.park_a_officer)
    response = officer.post(
        f"/api/monitoring/reports/{report_id}/actions",
        json.dumps({"action": "approve"}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_aggregates_endpoint(world, login):
    approved_report(world.enterprise_x, 2024, 1, output_value=(300, 300, 200))
    approved_report(world.enterprise_y, 2024, 1, output_value=(100, 100, 200))
    data = (
        login(world.leader)
        .get(
            "/api/monitoring/aggregates",
            {"period": "2024-01", "indicator": "output_value", "by": "park"},
        )
        .json()
    )
    groups = {g["label"]: g for g in data["groups"]}
    assert Decimal(groups["东川工业园"]["growth"]) == Decimal(50)
    assert Decimal(groups["南川工业园"]["growth"]) == Decimal(-50)
    assert groups["东川工业园"]["enterprises"] == 1
    zone = (
        login(world.leader)
        .get("/api/monitoring/aggregates", {"period": "2024-01", "indicator": "output_value"})
        .json()
    )
    assert Decimal(zone["groups"][0]["ytd"]) == Decimal(400) and Decimal(
        zone["groups"][0]["growth"]
    ) == Decimal(0)
    park = (
        login(world.park_b_officer)
        .get("/api/monitoring/aggregates", {"period": "2024-01", "indicator": "output_value"})
        .json()
    )
    assert Decimal(park["groups"][0]["ytd"]) == Decimal(100)


def test_alerts_are_scoped_and_handled(world, login):
    approved_report(world.enterprise_y, 2024, 1, output_value=(70, 70, 100))
    assert login(world.park_a_officer).get("/api/monitoring/alerts").json()["count"] == 0
    client = login(world.park_b_officer)
    alerts = client.get("/api/monitoring/alerts").json()
    assert alerts["count"] == 1 and alerts["items"][0]["level"] == "red"
    alert_id = alerts["items"][0]["id"]
    assert (
        login(world.park_a_officer)
        .post(
            f"/api/monitoring/alerts/{alert_id}",
            json.dumps({"status": "closed"}),
            content_type="application/json",
        )
        .status_code
        == 404
    )
    done = client.post(
        f"/api/monitoring/alerts/{alert_id}",
        json.dumps({"status": "closed", "note": "已走访，订单下降"}),
        content_type="application/json",
    )
    assert done.json()["status"] == "closed"
