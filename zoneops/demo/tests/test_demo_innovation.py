"""The demo's innovation records, built on the demo registry for a pinned day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from zoneops.core.models import User
from zoneops.demo.builder import REGISTRY_STEPS, DemoContext
from zoneops.demo.context import DEMO_PASSWORD
from zoneops.demo.innovation import build_innovation
from zoneops.demo.tests.building import rolled_back
from zoneops.enterprises.models import Enterprise
from zoneops.innovation import queries
from zoneops.innovation.models import Recognition, Talent
from zoneops.support.models import Notice

TODAY = dt.date(2026, 5, 20)


@pytest.fixture(scope="module")
def demo_built(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with rolled_back(django_db_blocker):
        ctx = DemoContext(seed=2024, today=TODAY)
        for step in (*REGISTRY_STEPS, build_innovation):
            step(ctx)
        yield


@pytest.fixture
def demo(demo_built: None, db: None) -> None:
    return None


def test_demo_titles_follow_the_tags_and_some_expire_within_the_quarter(demo: None) -> None:
    admin = User.objects.get(username="admin")
    # Every enterprise tagged 高企 holds a 高企 record in force, and no other does.
    tagged = set(Enterprise.objects.filter(tags__code="high_tech").values_list("pk", flat=True))
    holding = queries.holding(Enterprise.objects.values_list("pk", flat=True), "high_tech", TODAY)
    assert tagged == holding and len(tagged) > 10
    quarter = TODAY + dt.timedelta(days=92)
    soon = Recognition.objects.in_force(TODAY).filter(valid_until__lte=quarter)
    assert 1 <= soon.filter(kind__in=("high_tech", "specialised", "little_giant")).count() <= 30
    assert Notice.objects.filter(key__startswith="innovation:").exists()
    stats = queries.statistics(user=admin, today=TODAY)
    assert stats.platforms == 15 and stats.platforms_per_100 is not None
    assert Talent.objects.count() == 8


def test_demo_enterprise_sees_its_recognitions(demo: None) -> None:
    client = Client()
    assert client.login(username="ent1", password=DEMO_PASSWORD)
    user = User.objects.get(username="ent1")
    page = client.get(f"/innovation/enterprise/{user.enterprise_id}/")
    assert page.status_code == 200
    assert client.get("/innovation/").status_code == 200
