"""An enterprise sees only its own applications and matches, in pages and the API."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from zoneops.support.models import Application
from zoneops.support.tests.factories import application, difficulty, program

pytestmark = pytest.mark.django_db


def test_ent1_gets_404_on_ent2s_application_and_match_in_pages_and_api(world, login):
    prog = program()
    theirs = application(world.enterprise_y, prog)
    mine = application(world.enterprise_x, prog)
    client = login(world.ent_x_user)
    y = world.enterprise_y.pk
    for url in [
        reverse("support:application", args=[theirs.pk]),
        reverse("support:match", args=[prog.pk, y]),
        reverse("support:enterprise", args=[y]),
        f"/api/support/applications/{theirs.pk}",
        f"/api/support/programs/{prog.pk}/matches/{y}",
        f"/api/support/enterprises/{y}/matches",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("support:application", args=[mine.pk])).status_code == 200
    assert client.get(f"/api/support/applications/{mine.pk}").status_code == 200
    listed = client.get("/api/support/applications").json()
    assert [a["id"] for a in listed["items"]] == [mine.pk]
    matches = client.get(f"/api/support/programs/{prog.pk}/matches?eligible=false").json()
    assert [m["enterprise_id"] for m in matches["items"]] == [world.enterprise_x.pk]


def test_an_enterprise_cannot_apply_for_another(world, login):
    prog = program()
    client = login(world.ent_x_user)
    response = client.post(
        "/api/support/applications",
        json.dumps({"program_id": prog.pk, "enterprise_id": world.enterprise_y.pk}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Application.objects.exists()
    response = client.post(
        "/api/support/applications",
        json.dumps({"program_id": prog.pk, "enterprise_id": world.enterprise_x.pk}),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "preparing"


def test_park_officer_lists_only_their_parks_difficulties(world, login):
    difficulty(world.enterprise_x, title="甲的问题")
    difficulty(world.enterprise_y, title="乙的问题")
    page = login(world.park_a_officer).get(reverse("support:difficulties")).content.decode()
    assert "甲的问题" in page and "乙的问题" not in page
    api = login(world.park_b_officer).get("/api/support/difficulties").json()
    assert [d["title"] for d in api["items"]] == ["乙的问题"]
