"""The hazard loop: a 重大 hazard needs its plan, deadlines count working days on the
statutory calendar, re-check failure reopens with a new deadline, overdue hazards escalate,
reminders go out once; the inspection form makes hazards of its failed items."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zoneops.safety import services
from zoneops.safety.models import (
    Hazard,
    HazardStatus,
    Inspection,
    Reminder,
    StepKind,
    Supervision,
)
from zoneops.safety.tests.conftest import MAJOR_PLAN

pytestmark = pytest.mark.django_db


def test_a_major_hazard_without_its_plan_is_refused(safety) -> None:
    with pytest.raises(ValidationError) as refused:
        safety.hazard(safety.world.enterprise_x, level="major", funds=None)
    assert {"plan_goal", "plan_measures", "supervision", "funds"} <= set(refused.value.message_dict)
    assert not Hazard.objects.exists()
    major = safety.hazard(safety.world.enterprise_x, **MAJOR_PLAN)
    assert major.level == "major" and major.supervision == Supervision.PARK


def test_a_major_hazard_without_its_plan_is_refused_by_the_api(safety, login) -> None:
    body = {
        "enterprise_id": safety.world.enterprise_x.pk,
        "source": "enforcement",
        "description": "除尘系统互联互通",
        "level": "major",
    }
    client = login(safety.officer)
    response = client.post("/api/safety/hazards", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and "plan_goal" in response.json()["errors"]
    assert not Hazard.objects.exists()
    plan = {**MAJOR_PLAN, "funds": "300000"}
    response = client.post(
        "/api/safety/hazards", json.dumps({**body, **plan}), content_type="application/json"
    )
    assert response.status_code == 201, response.json()


def test_a_deadline_counts_working_days_across_spring_festival(safety) -> None:
    # 2026: 春节 15–23 February off; Saturday 14 and Saturday 28 February are make-up working
    # days. Found on Friday the 13th, 6 working days: 14, 24, 25, 26, 27, 28.
    hazard = safety.hazard(
        safety.world.enterprise_x, found_on=dt.date(2026, 2, 13), deadline_days=6
    )
    assert hazard.deadline == dt.date(2026, 2, 28)
    five = safety.hazard(safety.world.enterprise_x, found_on=dt.date(2026, 2, 13), deadline_days=5)
    assert five.deadline == dt.date(2026, 2, 27)


def _to_awaiting(safety, hazard: Hazard, day: dt.date) -> Hazard:
    services.hazard_act(actor=safety.world.ent_x_user, hazard=hazard, action="start", today=day)
    return services.hazard_act(
        actor=safety.world.ent_x_user,
        hazard=hazard,
        action="rectified",
        note="已清理通道并设置禁放标志",
        today=day,
    )


def test_recheck_failure_reopens_with_a_new_deadline(safety) -> None:
    hazard = safety.hazard(safety.world.enterprise_x, found_on=dt.date(2026, 3, 2))
    assert hazard.deadline == dt.date(2026, 3, 9)
    _to_awaiting(safety, hazard, dt.date(2026, 3, 5))
    with pytest.raises(ValidationError):
        services.hazard_act(
            actor=safety.officer,
            hazard=hazard,
            action="fail",
            note="仍有堵塞",
            today=dt.date(2026, 3, 6),
        )
    hazard = services.hazard_act(
        actor=safety.officer,
        hazard=hazard,
        action="fail",
        note="通道仍有杂物",
        deadline_days=3,
        today=dt.date(2026, 3, 6),
    )
    assert hazard.status == HazardStatus.RECTIFYING and hazard.rechecks == 1
    assert hazard.deadline == dt.date(2026, 3, 11)  # Mon 9, Tue 10, Wed 11
    assert hazard.rectified_on is None
    kinds = list(hazard.steps.values_list("kind", flat=True))
    assert kinds == [StepKind.ORDER, StepKind.START, StepKind.RECTIFIED, StepKind.FAIL]
    services.hazard_act(
        actor=safety.world.ent_x_user, hazard=hazard, action="rectified", note="已全部清理"
    )
    hazard = services.hazard_act(actor=safety.officer, hazard=hazard, action="pass")
    assert hazard.status == HazardStatus.CLOSED and hazard.rechecks == 2


def test_the_enterprise_answers_its_hazard_but_does_not_close_it(safety) -> None:
    hazard = safety.hazard(safety.world.enterprise_x)
    _to_awaiting(safety, hazard, dt.date(2026, 3, 5))
    with pytest.raises(PermissionDenied):
        services.hazard_act(actor=safety.world.ent_x_user, hazard=hazard, action="pass")
    with pytest.raises(PermissionDenied):
        services.hazard_act(actor=safety.member_a, hazard=hazard, action="pass")


def test_an_overdue_hazard_escalates_level_by_level(safety) -> None:
    hazard = safety.hazard(safety.world.enterprise_x, found_on=dt.date(2026, 3, 2))
    assert hazard.deadline == dt.date(2026, 3, 9) and hazard.supervision == ""
    run = services.deadlines_run(today=dt.date(2026, 3, 9))
    assert run["escalated"] == 0  # due today, not late
    run = services.deadlines_run(today=dt.date(2026, 3, 10))
    hazard.refresh_from_db()
    assert run["escalated"] == 1 and hazard.supervision == Supervision.PARK
    assert services.deadlines_run(today=dt.date(2026, 3, 12))["escalated"] == 0
    # Five working days after the first escalation: one level up.
    services.deadlines_run(today=dt.date(2026, 3, 17))
    hazard.refresh_from_db()
    assert hazard.supervision == Supervision.ZONE and hazard.escalated_on == dt.date(2026, 3, 17)
    assert hazard.steps.filter(kind=StepKind.ESCALATE).count() == 2


def test_a_hazard_awaiting_its_recheck_does_not_escalate(safety) -> None:
    hazard = safety.hazard(safety.world.enterprise_x, found_on=dt.date(2026, 3, 2))
    _to_awaiting(safety, hazard, dt.date(2026, 3, 5))
    assert services.deadlines_run(today=dt.date(2026, 4, 1))["escalated"] == 0


def test_reminders_before_the_deadline_go_out_once(safety) -> None:
    hazard = safety.hazard(safety.world.enterprise_x, found_on=dt.date(2026, 3, 2))
    assert services.deadlines_run(today=dt.date(2026, 3, 2))["reminded"] == 0  # 5 days ahead
    run = services.deadlines_run(today=dt.date(2026, 3, 4))
    assert run["reminded"] == 2
    recipients = set(Reminder.objects.filter(hazard=hazard).values_list("recipient", flat=True))
    assert recipients == {safety.world.ent_x_user.pk, safety.member_a.pk}
    assert services.deadlines_run(today=dt.date(2026, 3, 5))["reminded"] == 0


def _inspection_post(safety, outcomes: dict[int, str], **extra: str) -> dict[str, str]:
    data = {
        "source": "supervision",
        "inspected_on": "2026-03-02",
        "inspectors": "马国庆",
        "place": "仓库",
    }
    for item in safety.items:
        key = item.pk
        data[f"r{key}"] = outcomes.get(item.number, "pass")
        data[f"level{key}"] = "major" if item.major_rule else "general"
        data[f"kind{key}"] = "thing"
        data[f"mode{key}"] = "deadline"
        data[f"days{key}"] = "10"
    data.update(extra)
    return data


def test_an_inspection_on_the_page_makes_hazards_of_its_failed_items(safety, login) -> None:
    x = safety.world.enterprise_x
    url = reverse("safety:inspection_add", args=[x.pk])
    officer = login(safety.world.park_a_officer)
    item = safety.items[0]
    data = _inspection_post(safety, {1: "fail"}, **{f"n{item.pk}": "安全出口堆放货物"})
    response = officer.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    hazard = Hazard.objects.get()
    assert (hazard.status, hazard.item, hazard.description) == (
        HazardStatus.ORDERED,
        item,
        "安全出口堆放货物",
    )
    assert hazard.deadline == dt.date(2026, 3, 16)
    # The grid member reports; the order waits for the supervisor.
    login(safety.member_a).post(url, _inspection_post(safety, {2: "fail"}))
    assert Hazard.objects.latest("pk").status == HazardStatus.REPORTED


def test_a_failed_major_item_without_its_plan_leaves_nothing(safety, login) -> None:
    url = reverse("safety:inspection_add", args=[safety.world.enterprise_x.pk])
    response = login(safety.officer).post(url, _inspection_post(safety, {1: "fail", 3: "fail"}))
    assert response.status_code == 200
    assert "第3项" in response.content.decode()
    assert not Inspection.objects.exists() and not Hazard.objects.exists()
