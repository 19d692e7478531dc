"""A difficulty turned into an appeal goes through the one appeals intake (issue 5, item 5)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zoneops.core.models import ChangeRecord
from zoneops.support import services
from zoneops.support.models import DifficultyStatus
from zoneops.support.tests.factories import difficulty

pytestmark = pytest.mark.django_db


def appeals_filed() -> int:
    """Appeals taken in, counted from their history: support reads no appeals table."""
    return ChangeRecord.objects.filter(model="appeals.appeal", action="create").count()


def test_an_open_difficulty_becomes_a_numbered_routed_appeal_linked_to_it(world):
    problem = difficulty(world.enterprise_x, description="厂房扩建缺少用地指标")
    appeal = services.difficulty_to_appeal(
        actor=world.park_a_officer, difficulty=problem, topic="land", urgency="urgent"
    )
    problem.refresh_from_db()
    assert problem.appeal == appeal and problem.status == DifficultyStatus.IN_PROGRESS
    assert appeal.enterprise == world.enterprise_x and appeal.channel == "difficulty"
    assert appeal.title == problem.title and "厂房扩建缺少用地指标" in appeal.content
    assert appeal.number.startswith("SQ") and appeal.due_date is not None
    note = ChangeRecord.objects.filter(model="support.difficulty", object_id=str(problem.pk))
    assert note.filter(note__contains=appeal.number).exists()
    with pytest.raises(ValidationError, match="已转为诉求"):
        services.difficulty_to_appeal(
            actor=world.park_a_officer, difficulty=problem, topic="land", urgency="normal"
        )
    assert appeals_filed() == 1


def test_only_the_enterprises_officers_may_and_a_resolved_one_need_not(world):
    problem = difficulty(world.enterprise_x)
    with pytest.raises(PermissionDenied):
        services.difficulty_to_appeal(
            actor=world.park_b_officer, difficulty=problem, topic="land", urgency="normal"
        )
    solved = difficulty(
        world.enterprise_x, status="resolved", resolution="已协调解决", department=None
    )
    with pytest.raises(ValidationError, match="无需转为诉求"):
        services.difficulty_to_appeal(
            actor=world.park_a_officer, difficulty=solved, topic="land", urgency="normal"
        )
    assert appeals_filed() == 0


def test_the_page_and_the_api_turn_it_over_and_an_outsider_gets_404(world, login):
    problem = difficulty(world.enterprise_x)
    page = login(world.park_a_officer).post(
        reverse("support:difficulty_appeal", args=[problem.pk]),
        {"topic": "land", "urgency": "normal"},
        follow=True,
    )
    problem.refresh_from_db()
    appeal = problem.appeal
    assert appeal is not None and appeals_filed() == 1
    assert f"已转为诉求 {appeal.number}" in page.content.decode()
    # The enterprise follows the appeal from its own difficulty.
    mine = login(world.ent_x_user).get(reverse("support:difficulty", args=[problem.pk]))
    assert reverse("appeals:detail", args=[appeal.pk]) in mine.content.decode()
    other = difficulty(world.enterprise_y)
    url = f"/api/support/difficulties/{other.pk}/appeal"
    body = json.dumps({"topic": "utilities"})
    assert (
        login(world.ent_x_user).post(url, body, content_type="application/json").status_code == 404
    )
    assert (
        login(world.park_a_officer).post(url, body, content_type="application/json").status_code
        == 404
    )
    done = login(world.park_b_officer).post(url, body, content_type="application/json")
    assert done.status_code == 201, done.content
    other.refresh_from_db()
    assert other.appeal is not None and other.appeal.enterprise == world.enterprise_y
    assert done.json()["number"] == other.appeal.number and appeals_filed() == 2
