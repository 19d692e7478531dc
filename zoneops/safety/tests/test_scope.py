"""Scope: a grid member sees the enterprises of their grid only, an enterprise only itself;
anything else is 404 (pages and API), and a write outside scope changes nothing."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from zoneops.core.models import ChangeRecord
from zoneops.safety.models import Hazard, HazardStatus

pytestmark = pytest.mark.django_db


def _urls(safety, hazard_y) -> list[str]:
    y = safety.world.enterprise_y
    return [
        reverse("safety:grid", args=[safety.grid_b.pk]),
        reverse("safety:enterprise", args=[y.pk]),
        reverse("safety:profile_edit", args=[y.pk]),
        reverse("safety:inspection_add", args=[y.pk]),
        reverse("safety:hazard", args=[hazard_y.pk]),
        f"/api/safety/hazards/{hazard_y.pk}",
        f"/api/safety/hazards?enterprise_id={y.pk}",
    ]


def test_grid_member_gets_404_outside_their_grid(safety, login) -> None:
    hazard_y = safety.hazard(safety.world.enterprise_y)
    client = login(safety.member_a)
    for url in _urls(safety, hazard_y):
        assert client.get(url).status_code == 404, url


def test_grid_member_sees_their_own_grid(safety, login) -> None:
    hazard_x = safety.hazard(safety.world.enterprise_x)
    safety.hazard(safety.world.enterprise_y)
    client = login(safety.member_a)
    assert client.get(reverse("safety:grid", args=[safety.grid_a.pk])).status_code == 200
    assert client.get(reverse("safety:hazard", args=[hazard_x.pk])).status_code == 200
    listed = client.get("/api/safety/hazards").json()
    assert [h["id"] for h in listed["items"]] == [hazard_x.pk]
    grids = client.get("/api/safety/grids").json()
    assert [g["code"] for g in grids["items"]] == ["WG-A"]


def test_enterprise_gets_404_for_another_enterprises_hazard(safety, login) -> None:
    hazard_y = safety.hazard(safety.world.enterprise_y)
    client = login(safety.world.ent_x_user)
    for url in _urls(safety, hazard_y):
        assert client.get(url).status_code == 404, url


def test_writes_outside_scope_are_404_and_change_nothing(safety, login) -> None:
    hazard_y = safety.hazard(safety.world.enterprise_y)
    records = ChangeRecord.objects.count()
    for user in (safety.member_a, safety.world.ent_x_user, safety.world.park_a_officer):
        client = login(user)
        page = client.post(reverse("safety:hazard_act", args=[hazard_y.pk]), {"action": "start"})
        api = client.post(
            f"/api/safety/hazards/{hazard_y.pk}/steps",
            json.dumps({"action": "start"}),
            content_type="application/json",
        )
        report = client.post(
            "/api/safety/hazards",
            json.dumps(
                {
                    "enterprise_id": safety.world.enterprise_y.pk,
                    "source": "supervision",
                    "description": "x",
                }
            ),
            content_type="application/json",
        )
        assert (page.status_code, api.status_code, report.status_code) == (404, 404, 404)
    hazard_y.refresh_from_db()
    assert hazard_y.status == HazardStatus.ORDERED
    assert ChangeRecord.objects.count() == records and Hazard.objects.count() == 1


def test_other_departments_do_not_get_the_module(safety, login) -> None:
    client = login(safety.world.econ)
    assert client.get(reverse("safety:home")).status_code == 404
    assert client.get("/api/safety/hazards").status_code == 404


def test_leader_reads_but_may_not_recheck(safety, login) -> None:
    hazard = safety.hazard(safety.world.enterprise_x)
    client = login(safety.world.leader)
    assert client.get(reverse("safety:hazard", args=[hazard.pk])).status_code == 200
    response = client.post(reverse("safety:hazard_act", args=[hazard.pk]), {"action": "start"})
    assert response.status_code == 403


def test_the_round_offers_inspection_only_to_those_who_inspect(safety, login) -> None:
    url = reverse("safety:grid", args=[safety.grid_a.pk])
    inspect = reverse("safety:inspection_add", args=[safety.world.enterprise_x.pk])
    assert inspect in login(safety.member_a).get(url).content.decode()
    assert inspect not in login(safety.world.leader).get(url).content.decode()
