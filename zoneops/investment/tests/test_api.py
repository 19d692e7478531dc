"""The API: the same services and scope as the pages, money in 元."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from zoneops.investment.models import Project
from zoneops.investment.tests.factories import YI

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_list_is_scoped_and_filtered(world, inv, login):
    assert [
        p["name"] for p in login(inv.officer_b).get("/api/investment/projects").json()["items"]
    ] == [inv.project_b.name]
    items = login(world.leader).get(f"/api/investment/projects?chain={inv.chain_a.pk}").json()
    assert items["count"] == 1 and items["items"][0]["chain_leader"] == "张链长"
    assert Decimal(items["items"][0]["total_investment"]) == 60 * YI


def test_create_move_and_read_back_a_project(world, inv, login):
    client = login(inv.officer_a)
    created = post(
        client,
        "/api/investment/projects",
        {
            "name": "盐湖提锂装备制造项目",
            "investor": "西安某装备有限公司",
            "industry_code": "35",
            "park_id": world.park_a.pk,
            "chain_id": inv.chain_a.pk,
            "total_investment": "1200000000",
            "method": "precision",
            "lead_on": "2023-10-16",
        },
    )
    assert created.status_code == 201, created.json()
    pid = created.json()["id"]
    assert created.json()["follow_up_id"] == inv.officer_a.pk
    moved = post(
        client, f"/api/investment/projects/{pid}/stage", {"to_stage": "signed", "on": "2024-01-16"}
    )
    assert moved.status_code == 200 and moved.json()["signed_on"] == "2024-01-16"
    assert Decimal(moved.json()["signed_amount"]) == 12 * YI
    refused = post(client, f"/api/investment/projects/{pid}/stage", {"to_stage": "dropped"})
    assert refused.status_code == 422 and "note" in refused.json()["errors"]
    arrival = post(
        client,
        f"/api/investment/projects/{pid}/arrivals",
        {"month": "2024-02-01", "origin": "outside_province", "amount": "50000000"},
    )
    assert arrival.status_code == 201
    stages = client.get(f"/api/investment/projects/{pid}/stages").json()
    assert [s["to_stage"] for s in stages] == ["lead", "signed"]
    history = client.get(f"/api/investment/projects/{pid}/history").json()
    assert history["count"] >= 2
    patched = client.patch(
        f"/api/investment/projects/{pid}",
        json.dumps({"planned_start": "2024-03-31"}),
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["planned_start"] == "2024-03-31"
    assert patched.json()["name"] == "盐湖提锂装备制造项目"
    assert Decimal(patched.json()["arrived"]) == Decimal(50_000_000)


def test_api_refuses_what_the_pages_refuse(world, inv, login):
    park = login(world.park_a_officer)
    response = post(
        park, f"/api/investment/projects/{inv.project_a.pk}/stage", {"to_stage": "negotiating"}
    )
    assert response.status_code == 403
    assert (
        post(
            park, f"/api/investment/projects/{inv.project_b.pk}/stage", {"to_stage": "negotiating"}
        ).status_code
        == 404
    )
    assert Project.objects.get(pk=inv.project_a.pk).stage == "lead"
    target = post(
        login(inv.officer_a),
        "/api/investment/targets",
        {"year": 2024, "quarter": 1, "scope": "zone", "project_count": 10, "amount": "50000000000"},
    )
    assert target.status_code == 403


def test_targets_and_dashboard_figures(world, inv, login):
    leader = login(world.leader)
    created = post(
        leader,
        "/api/investment/targets",
        {"year": 2024, "quarter": 1, "scope": "zone", "project_count": 10, "amount": "50000000000"},
    )
    assert created.status_code == 201, created.json()
    post(
        leader,
        f"/api/investment/projects/{inv.project_b.pk}/stage",
        {"to_stage": "signed", "on": "2024-03-15"},
    )
    board = leader.get("/api/investment/dashboard?period=2024-Q1").json()
    assert board["period"] == "2024-Q1"
    assert board["targets"][0]["signed_count"] == 1
    assert board["targets"][0]["words"][0] == "还需签约 9 个项目"
    assert board["rates"]["signed"] == 1
    assert [f["reached"] for f in board["funnel"]] == [2, 1, 1, 0, 0]
    chain = leader.get(f"/api/investment/chains/{inv.chain_b.pk}").json()
    assert chain["signed_count"] == 1 and chain["stages"]["signed"] == 1


def test_work_log_and_events_through_the_api(inv, login):
    client = login(inv.officer_a)
    entry = post(
        client,
        "/api/investment/worklogs",
        {
            "kind": "visit",
            "on": "2024-01-19",
            "place": "管委会",
            "counterpart": "福莱特",
            "participant_ids": [inv.officer_a.pk],
            "project_ids": [inv.project_a.pk],
        },
    )
    assert entry.status_code == 201 and entry.json()["project_ids"] == [inv.project_a.pk]
    hidden = post(
        client,
        "/api/investment/worklogs",
        {
            "kind": "visit",
            "on": "2024-01-19",
            "place": "管委会",
            "counterpart": "某",
            "project_ids": [inv.project_b.pk],
        },
    )
    assert hidden.status_code == 422
    event = post(
        client,
        "/api/investment/events",
        {"kind": "signing", "title": "集中签约仪式", "on": "2024-02-28", "place": "管委会"},
    )
    assert event.status_code == 201
    line = post(
        client,
        f"/api/investment/events/{event.json()['id']}/projects",
        {"project_id": inv.project_a.pk, "role": "signed", "amount": "6000000000"},
    )
    assert line.status_code == 200 and line.json()["lines"][0]["role"] == "signed"
    assert Project.objects.get(pk=inv.project_a.pk).signed_on.isoformat() == "2024-02-28"
    outside = post(
        client,
        f"/api/investment/events/{event.json()['id']}/projects",
        {"project_id": inv.project_b.pk, "role": "signed"},
    )
    assert outside.status_code == 404
