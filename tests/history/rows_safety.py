"""History-table rows: work safety."""

from __future__ import annotations

from typing import Any

from tests.history.table import (
    CREATE,
    UPDATE,
    D,
    Service,
    Wrote,
    _officer,
    case,
    mark,
    wrote,
)
from zoneops.core.models import Area, Role, User
from zoneops.core.tests.factories import UserFactory

# --- safety ----------------------------------------------------------------------------


def _bureau() -> User:
    return _officer("safety", "安全生产监督管理局", "t-safety")


def _grid(w: Any) -> Any:
    from zoneops.safety import services

    area = Area.objects.create(park=w.park_a, name=f"{w.park_a.name}一片区")
    member = UserFactory(username="t-grid-a", role=Role.GRID_MEMBER)
    grid = services.grid_save(
        actor=None,
        data={"area": area, "code": "WG-A", "name": "WG-A网格", "frequency_days": 30},
        members=[member],
        check=False,
    )
    services.profile_save(actor=None, enterprise=w.enterprise_x, data={"grid": grid}, check=False)
    return grid


def _item() -> Any:
    from zoneops.safety import services

    return services.checklist_item_save(
        actor=None,
        name="工贸企业通用检查表",
        theme="general",
        version=1,
        number=1,
        data={"category": "现场管理", "content": "安全出口畅通", "basis": "", "major_rule": ""},
        check=False,
    )


def _hazard(w: Any, found_on: Any = None) -> Any:
    from zoneops.safety import services

    _grid(w)
    return services.hazard_report(
        actor=None,
        enterprise=w.enterprise_x,
        source="supervision",
        found_on=found_on or D(2026, 3, 2),
        data={"description": "安全出口被货物堵塞", "deadline_days": 5},
        check=False,
    )


@case("safety", "grid_save")
def _grid_save(w: Any, fn: Service) -> Wrote:
    bureau = _bureau()
    area = Area.objects.create(park=w.park_a, name=f"{w.park_a.name}二片区")
    grid = fn(
        actor=bureau,
        data={"area": area, "code": "WG-A2", "name": "WG-A2网格", "frequency_days": 30},
    )
    return wrote(grid, CREATE, bureau)


@case("safety", "profile_save")
def _profile_save(w: Any, fn: Service) -> Wrote:
    from zoneops.safety.models import SafetyProfile

    _grid(w)
    bureau = _bureau()
    fn(actor=bureau, enterprise=w.enterprise_x, data={"risk_level": "yellow"})
    profile = SafetyProfile.objects.get(enterprise=w.enterprise_x)
    return wrote(profile, UPDATE, bureau)


@case("safety", "checklist_item_save")
def _checklist_item_save(w: Any, fn: Service) -> Wrote:
    bureau = _bureau()
    item = fn(
        actor=bureau,
        name="工贸企业通用检查表",
        theme="general",
        version=1,
        number=1,
        data={"category": "现场管理", "content": "安全出口畅通", "basis": "", "major_rule": ""},
    )
    return wrote(item, CREATE, bureau)


@case("safety", "hazard_report")
def _hazard_report(w: Any, fn: Service) -> Wrote:
    _grid(w)
    bureau = _bureau()
    hazard = fn(
        actor=bureau,
        enterprise=w.enterprise_x,
        source="supervision",
        found_on=D(2026, 3, 2),
        data={"description": "安全出口被货物堵塞", "deadline_days": 5},
    )
    return wrote(hazard, CREATE, bureau)


@case("safety", "inspection_record")
def _inspection_record(w: Any, fn: Service) -> Wrote:
    from zoneops.safety.services import ResultInput

    _grid(w)
    item = _item()
    bureau = _bureau()
    inspection = fn(
        actor=bureau,
        enterprise=w.enterprise_x,
        data={
            "source": "supervision",
            "checklist": item.checklist,
            "inspected_on": D(2026, 3, 2),
            "inspectors": "马国庆",
            "place": "仓库",
        },
        results=[ResultInput(item=item, outcome="pass")],
    )
    return wrote(inspection, CREATE, bureau)


@case("safety", "hazard_act")
def _hazard_act(w: Any, fn: Service) -> Wrote:
    hazard = _hazard(w)
    fn(actor=w.ent_x_user, hazard=hazard, action="start", today=D(2026, 3, 3))
    return wrote(hazard, UPDATE, w.ent_x_user)


@case("safety", "deadlines_run")
def _deadlines_run(w: Any, fn: Service) -> Wrote:
    hazard = _hazard(w, D(2026, 3, 2))
    since = mark()
    fn(today=D(2026, 3, 10))
    return wrote(hazard, UPDATE, None, since)


RISK = {
    "code": "FX-01",
    "place": "熔铸车间",
    "factors": "熔融金属遇水爆炸",
    "accident_type": "explosion",
    "method": "lec",
    "lec_l": "3",
    "lec_e": "6",
    "lec_c": "15",
    "controls": "严禁积水",
    "control_level": "workshop",
    "responsible": "张工",
}


@case("safety", "risk_point_save")
def _risk_point_save(w: Any, fn: Service) -> Wrote:
    _grid(w)
    point = fn(actor=w.ent_x_user, enterprise=w.enterprise_x, data=RISK)
    return wrote(point, CREATE, w.ent_x_user)


@case("safety", "emergency_plan_save")
def _emergency_plan_save(w: Any, fn: Service) -> Wrote:
    plan = fn(
        actor=w.ent_x_user,
        enterprise=w.enterprise_x,
        data={
            "name": "综合应急预案",
            "kind": "comprehensive",
            "filed_on": D(2025, 5, 1),
            "valid_until": D(2028, 5, 1),
        },
    )
    return wrote(plan, CREATE, w.ent_x_user)


def _drill(w: Any) -> Any:
    from zoneops.safety import services

    return services.drill_save(
        actor=None,
        enterprise=w.enterprise_x,
        data={"kind": "onsite", "form": "live", "held_on": D(2026, 3, 2), "participants": 9},
        check=False,
    )


@case("safety", "drill_save")
def _drill_save(w: Any, fn: Service) -> Wrote:
    drill = fn(
        actor=w.ent_x_user,
        enterprise=w.enterprise_x,
        data={"kind": "special", "form": "tabletop", "held_on": D(2026, 3, 2), "participants": 9},
    )
    return wrote(drill, CREATE, w.ent_x_user)


@case("safety", "drill_hazard")
def _drill_hazard(w: Any, fn: Service) -> Wrote:
    _grid(w)
    bureau = _bureau()
    hazard = fn(actor=bureau, drill=_drill(w), data={"description": "应急广播听不清"})
    return wrote(hazard, CREATE, bureau)


@case("safety", "accident_save")
def _accident_save(w: Any, fn: Service) -> Wrote:
    bureau = _bureau()
    accident = fn(
        actor=bureau,
        enterprise=w.enterprise_x,
        data={"occurred_on": D(2026, 2, 3), "place": "仓库", "kind": "fire", "injured": 1},
    )
    return wrote(accident, CREATE, bureau)


PLAN = {"name": "三月督导检查", "kind": "supervision", "start_on": D(2026, 3, 1),
        "end_on": D(2026, 3, 31)}  # fmt: skip


@case("safety", "plan_save")
def _plan_save(w: Any, fn: Service) -> Wrote:
    grid = _grid(w)
    bureau = _bureau()
    plan = fn(actor=bureau, data=PLAN, grids=[grid])
    return wrote(plan, CREATE, bureau)


@case("safety", "plan_change")
def _plan_change(w: Any, fn: Service) -> Wrote:
    from zoneops.safety import services

    _grid(w)
    bureau = _bureau()
    plan = services.plan_save(actor=None, data=PLAN, check=False)
    since = mark()
    fn(actor=bureau, plan=plan, data={"end_on": D(2026, 3, 20)})
    return wrote(plan, UPDATE, bureau, since)


@case("safety", "plan_rounds_run")
def _plan_rounds_run(w: Any, fn: Service) -> Wrote:
    from zoneops.safety import services
    from zoneops.safety.models import InspectionPlan

    _grid(w)
    first = services.plan_save(actor=None, data={**PLAN, "cycle": "monthly"}, check=False)
    since = mark()
    fn(today=D(2026, 4, 2))
    return wrote(InspectionPlan.objects.get(previous=first), CREATE, None, since)


@case("safety", "restart_plan_create")
def _restart_plan_create(w: Any, fn: Service) -> Wrote:
    from zoneops.monitoring.surveys import services as surveys

    _grid(w)
    survey = surveys.survey_create(
        actor=w.admin,
        title="春节生产计划调查",
        holiday_start=D(2026, 2, 15),
        holiday_end=D(2026, 2, 23),
        deadline=D(2026, 2, 6),
        above_scale_only=False,
    )
    surveys.response_save(
        actor=w.admin,
        survey=survey,
        enterprise=w.enterprise_x,
        data={"plan": "seasonal_stop", "stop_from": D(2026, 1, 10), "stop_to": D(2026, 2, 24)},
    )
    bureau = _bureau()
    plan = fn(actor=bureau, checklist=None, survey_id=survey.pk)
    return wrote(plan, CREATE, bureau)


@case("safety", "shutdown_save")
def _shutdown_save(w: Any, fn: Service) -> Wrote:
    bureau = _bureau()
    found = fn(
        actor=bureau,
        enterprise=w.enterprise_x,
        data={"kind": "overhaul", "start_on": D(2026, 7, 1), "end_on": D(2026, 7, 12)},
    )
    return wrote(found, CREATE, bureau)
