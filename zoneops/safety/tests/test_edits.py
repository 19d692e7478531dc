"""The edit pages of a risk point, an emergency plan and a drill: the change goes through the
service (history kept, the enterprise's colour follows), a value out of range is refused and
nothing changes, another park's officer gets 404 and a grid member, who may only read, 403."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from zoneops.core.history import timeline
from zoneops.safety import services
from zoneops.safety.models import Drill, EmergencyPlan, RiskPoint, SafetyProfile
from zoneops.safety.tests.test_risks import POINT

pytestmark = pytest.mark.django_db


def _records(safety: Any) -> tuple[RiskPoint, EmergencyPlan, Drill]:
    x = safety.world.enterprise_x
    point = services.risk_point_save(
        actor=None, enterprise=x, data={**POINT, "level": "yellow"}, check=False
    )
    plan = services.emergency_plan_save(
        actor=None,
        enterprise=x,
        data={"name": "综合应急预案", "kind": "comprehensive", "filed_on": dt.date(2025, 5, 1),
              "valid_until": dt.date(2028, 5, 1)},
        check=False,
    )  # fmt: skip
    drill = services.drill_save(
        actor=None,
        enterprise=x,
        data={"kind": "onsite", "form": "live", "held_on": dt.date(2026, 3, 1),
              "participants": 20, "plan": plan},
        check=False,
    )  # fmt: skip
    return point, plan, drill


def _post(obj: Any, **changes: Any) -> dict[str, Any]:
    data = {k: ("" if v is None else v) for k, v in model_to_dict(obj).items()}
    data.pop("id", None)
    data.pop("enterprise", None)
    return {**data, **changes}


def test_an_officer_edits_the_three_records_through_their_services(safety, login) -> None:
    point, plan, drill = _records(safety)
    officer = login(safety.world.park_a_officer)
    page = officer.get(reverse("safety:enterprise", args=[safety.world.enterprise_x.pk]))
    for name, obj in (("risk_edit", point), ("plan_edit", plan), ("drill_edit", drill)):
        assert reverse(f"safety:{name}", args=[obj.pk]) in page.content.decode()

    url = reverse("safety:risk_edit", args=[point.pk])
    assert officer.get(url).status_code == 200
    response = officer.post(url, _post(point, level="red", controls="炉前设挡水围堰"))
    assert response.status_code == 302, response.content.decode()
    point.refresh_from_db()
    assert (point.level, point.controls) == ("red", "炉前设挡水围堰")
    assert RiskPoint.objects.count() == 1
    # The enterprise's colour follows the register, and the change is in the history.
    assert SafetyProfile.objects.get(enterprise=point.enterprise).risk_level == "red"
    change = timeline(point).first()
    assert change is not None and change.actor == safety.world.park_a_officer
    assert change.before["level"] == "yellow" and change.after["level"] == "red"

    url = reverse("safety:plan_edit", args=[plan.pk])
    response = officer.post(url, _post(plan, valid_until="2029-05-01"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.valid_until == dt.date(2029, 5, 1) and timeline(plan).first().action == "update"

    url = reverse("safety:drill_edit", args=[drill.pk])
    response = officer.post(url, _post(drill, participants=-3))
    assert response.status_code == 200 and "participants" in response.context["form"].errors
    drill.refresh_from_db()
    assert drill.participants == 20
    response = officer.post(url, _post(drill, participants=35, evaluation="疏散用时4分钟"))
    assert response.status_code == 302
    drill.refresh_from_db()
    assert (drill.participants, drill.evaluation) == (35, "疏散用时4分钟")


def test_outside_the_park_404_and_a_reader_403(safety, login) -> None:
    point, plan, drill = _records(safety)
    urls = [
        reverse("safety:risk_edit", args=[point.pk]),
        reverse("safety:plan_edit", args=[plan.pk]),
        reverse("safety:drill_edit", args=[drill.pk]),
    ]
    for outsider in (safety.world.park_b_officer, safety.member_b, safety.world.ent_y_user):
        client = login(outsider)
        for url in urls:
            assert client.get(url).status_code == 404
    member = login(safety.member_a)  # sees the grid's records, may not change them
    for url in urls:
        assert member.get(url).status_code == 403
        assert member.post(url, {"name": "x"}).status_code == 403
    owner = login(safety.world.ent_x_user)  # the enterprise keeps its own register
    assert owner.get(urls[0]).status_code == 200
