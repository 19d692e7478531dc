"""管委会一张图: who sees it, in what scope, and the period parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zoneops.briefing import queries
from zoneops.core.house import panels

pytestmark = pytest.mark.django_db

URL = reverse("briefing:overview")


def _client(user: Any) -> Client:
    client = Client()
    client.cookies["django_language"] = "zh-hans"
    client.force_login(user)
    return client


def test_the_leader_sees_the_zone(world: Any) -> None:
    response = _client(world.leader).get(URL, {"period": "2026-03", "span": "quarter"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "全区 · 2026年第1季度" in page
    for key in ("economy", "projects", "appeals", "safety"):
        assert f'id="tile-{key}"' in page
    assert reverse("safety:home") in page and reverse("appeals:stats") in page


def test_a_park_officer_sees_their_park(world: Any) -> None:
    response = _client(world.park_a_officer).get(URL, {"period": "2026-03"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{world.park_a.name} · 2026年3月" in page
    assert world.park_b.name not in page
    overview = response.context["overview"]
    assert overview.park == world.park_a.pk
    assert all(
        tile.scope == world.park_a.name for tile in overview.tiles if tile.key != "investment"
    )


@pytest.mark.parametrize("persona", ["ent_x_user", "bank_user", "task_force", "econ"])
def test_others_get_404(world: Any, persona: str) -> None:
    assert _client(getattr(world, persona)).get(URL).status_code == 404


def test_the_page_takes_no_writes(world: Any) -> None:
    assert _client(world.leader).post(URL).status_code == 405


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize(
    "params", [{"period": "2026-13"}, {"period": "１２"}, {"span": "week"}, {"period": "99999-1"}]
)
def test_bad_parameters_are_400(world: Any, params: dict[str, str]) -> None:
    assert _client(world.leader).get(URL, params).status_code == 400


def test_the_window_of_each_span() -> None:
    today = dt.date(2026, 5, 10)
    month = queries.Window.of(2026, 5, "month", today=today)
    assert (month.start, month.end, month.as_of) == (
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 31),
        today,
    )
    quarter = queries.Window.of(2026, 5, "quarter", today=today)
    assert (quarter.start, quarter.end) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    ytd = queries.Window.of(2026, 2, "ytd", today=today)
    assert (ytd.start, ytd.end, ytd.as_of) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 28),
        dt.date(2026, 2, 28),
    )


def test_the_home_panel_is_the_leaders_and_the_park_officers(world: Any) -> None:
    (panel,) = [p for p in panels() if p.key == "briefing"]
    assert panel.for_user(world.leader) is not None
    assert panel.for_user(world.park_a_officer)["overview"].park == world.park_a.pk
    for persona in ("econ", "ent_x_user", "bank_user", "admin"):
        assert panel.for_user(getattr(world, persona)) is None
    home = _client(world.leader).get(reverse("home")).content.decode()
    assert 'id="home-briefing"' in home


def test_english(world: Any) -> None:
    client = _client(world.leader)
    client.cookies["django_language"] = "en"
    page = client.get(URL, {"period": "2026-03", "span": "ytd"}).content.decode()
    assert "Leadership overview" in page
    assert "管委会一张图" not in page
