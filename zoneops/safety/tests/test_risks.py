"""The risk register, drills and plans, accidents: the LEC bands to their edges, the enterprise's
colour from its register, drill lateness by §33, the accident grade by the national thresholds,
the risk import (exact, idempotent, a bad row refused and named) and scope (404 outside)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zoneops.core.imports.engine import run
from zoneops.core.tests.test_import_engine import xlsx
from zoneops.safety import queries, services
from zoneops.safety.models import (
    AccidentGrade,
    Hazard,
    Reminder,
    RiskColour,
    RiskPoint,
    SafetyProfile,
    accident_grade,
    lec_colour,
)
from zoneops.safety.risk_import import RiskSpec

pytestmark = pytest.mark.django_db

POINT = {
    "code": "FX-01",
    "place": "熔铸车间",
    "factors": "高温熔融金属遇水爆炸",
    "accident_type": "explosion",
    "controls": "炉前地面保持干燥，严禁积水",
    "control_level": "workshop",
    "responsible": "张工",
}


def _point(enterprise, **data):
    return services.risk_point_save(
        actor=None, enterprise=enterprise, data={**POINT, **data}, check=False
    )


# --- LEC --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "colour"),
    [
        ("320", RiskColour.RED),
        ("319.9", RiskColour.ORANGE),
        ("160", RiskColour.ORANGE),
        ("159.9", RiskColour.YELLOW),
        ("70", RiskColour.YELLOW),
        ("69.9", RiskColour.BLUE),
        ("0.1", RiskColour.BLUE),
        ("100000", RiskColour.RED),
    ],
)
def test_lec_bands_are_exact_at_their_edges(score, colour) -> None:
    assert lec_colour(Decimal(score)) == colour


def test_a_lec_point_takes_its_colour_from_d(safety) -> None:
    # DOMAIN-2's example: L 3 × E 6 × C 15 = 270 → 较大 (橙).
    point = _point(safety.world.enterprise_x, method="lec", lec_l="3", lec_e="6", lec_c="15")
    assert point.score == Decimal(270) and point.level == RiskColour.ORANGE
    # L 1 × E 10 × C 7 = 70: the lower edge of 一般 is 一般.
    point = _point(
        safety.world.enterprise_x, code="FX-02", method="lec", lec_l="1", lec_e="10", lec_c="7"
    )
    assert point.level == RiskColour.YELLOW


def test_lec_refuses_a_value_outside_the_method_and_a_contradicting_colour(safety) -> None:
    firm = safety.world.enterprise_x
    with pytest.raises(ValidationError) as exc:
        _point(firm, method="lec", lec_l="4", lec_e="6", lec_c="15")
    assert "lec_l" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _point(firm, method="lec", lec_l="3", lec_e="6", lec_c="15", level="blue")
    assert "level" in exc.value.message_dict
    assert not RiskPoint.objects.exists()


# --- the enterprise's colour ------------------------------------------------------------


def test_the_profile_colour_is_the_registers_highest(safety) -> None:
    firm = safety.world.enterprise_x
    profile = SafetyProfile.objects.get(enterprise=firm)
    assert profile.risk_level == RiskColour.BLUE  # typed (the default) while it has no register
    _point(firm, code="A", level="yellow")
    profile.refresh_from_db()
    assert profile.risk_level == RiskColour.YELLOW
    red = _point(firm, code="B", level="red")
    _point(firm, code="C", level="orange")
    profile.refresh_from_db()
    assert profile.risk_level == RiskColour.RED
    # A colour typed on the profile does not override the register …
    services.profile_save(actor=None, enterprise=firm, data={"risk_level": "blue"}, check=False)
    profile.refresh_from_db()
    assert profile.risk_level == RiskColour.RED
    # … and lowering the red point lowers the enterprise.
    services.risk_point_save(
        actor=None, enterprise=firm, point=red, data={"level": "yellow"}, check=False
    )
    profile.refresh_from_db()
    assert profile.risk_level == RiskColour.ORANGE


def test_a_hazard_links_only_to_its_own_enterprises_risk_point(safety) -> None:
    point_x = _point(safety.world.enterprise_x, level="red")
    hazard = safety.hazard(safety.world.enterprise_x, risk_point=point_x)
    assert hazard.risk_point == point_x and list(point_x.hazards.all()) == [hazard]
    with pytest.raises(ValidationError) as exc:
        safety.hazard(safety.world.enterprise_y, risk_point=point_x)
    assert "risk_point" in exc.value.message_dict


# --- drills -----------------------------------------------------------------------------


def _drill(enterprise, kind, held_on, **data):
    return services.drill_save(
        actor=None,
        enterprise=enterprise,
        data={"kind": kind, "form": "live", "held_on": held_on, "participants": 20, **data},
        check=False,
    )


def _duty(safety, firm, today):
    return next(d for d in queries.drill_duties(user=safety.officer, today=today)
                if d.profile.enterprise == firm)  # fmt: skip


def test_drill_lateness_by_the_yearly_and_half_yearly_rule(safety) -> None:
    firm = safety.world.enterprise_x
    assert _duty(safety, firm, dt.date(2026, 1, 1)).late  # never drilled
    _drill(firm, "comprehensive", dt.date(2025, 3, 1))
    _drill(firm, "onsite", dt.date(2025, 9, 1))
    on_due = _duty(safety, firm, dt.date(2026, 3, 1))
    assert on_due.main_due == dt.date(2026, 3, 1) and not on_due.main_late
    assert on_due.onsite_due == dt.date(2026, 3, 1) and not on_due.onsite_late
    after = _duty(safety, firm, dt.date(2026, 3, 2))
    assert after.main_late and after.onsite_late
    # A 专项 drill counts as the yearly one; a 现场处置 one does not.
    _drill(firm, "onsite", dt.date(2026, 3, 2))
    _drill(firm, "special", dt.date(2026, 2, 20), form="tabletop")
    later = _duty(safety, firm, dt.date(2026, 9, 2))
    assert not later.late and later.main_due == dt.date(2027, 2, 20)


def test_a_high_risk_enterprise_drills_every_half_year(safety) -> None:
    firm = safety.world.enterprise_x
    services.profile_save(
        actor=None, enterprise=firm, data={"high_risk_works": "chemicals"}, check=False
    )
    _drill(firm, "comprehensive", dt.date(2025, 3, 1))
    _drill(firm, "onsite", dt.date(2025, 9, 1))
    duty = _duty(safety, firm, dt.date(2025, 9, 2))
    assert duty.high_risk and duty.main_due == dt.date(2025, 9, 1) and duty.main_late
    assert not duty.onsite_late


def test_the_daily_job_tells_late_drills_and_expiring_plans_once(safety) -> None:
    firm = safety.world.enterprise_x
    _drill(firm, "comprehensive", dt.date(2025, 10, 1))
    _drill(firm, "onsite", dt.date(2025, 10, 1))
    services.emergency_plan_save(
        actor=None,
        enterprise=firm,
        data={"name": "综合应急预案", "kind": "comprehensive", "filed_on": dt.date(2023, 5, 1),
              "valid_until": dt.date(2026, 5, 1)},
        check=False,
    )  # fmt: skip
    today = dt.date(2026, 4, 15)  # onsite due 2026-04-01; the plan ends in 16 days
    run = services.drills_run(today=today)
    # enterprise_y never drilled: both its duties are late, with x's onsite one.
    assert run["late"] == 3 and run["expiring"] == 1
    told = Reminder.objects.filter(enterprise=firm)
    recipients = {r.recipient for r in told}
    assert recipients == {safety.world.ent_x_user, safety.member_a}
    assert {r.key.split(":")[0] for r in told} == {"drill", "plan"}
    assert not told.filter(key__startswith="drill:main").exists()
    again = services.drills_run(today=today)
    assert again["reminded"] == 0


def test_a_drills_problem_becomes_a_hazard_through_the_hazard_loop(safety) -> None:
    firm = safety.world.enterprise_x
    drill = _drill(firm, "special", dt.date(2026, 3, 2), problems="应急广播听不清")
    hazard = services.drill_hazard(
        actor=safety.world.ent_x_user,
        drill=drill,
        data={"description": "应急广播音量不足", "deadline_days": 5},
    )
    assert hazard.drill == drill and hazard.source == "self"
    assert hazard.number.startswith("YH-2026-03-") and hazard.steps.count() == 1
    with pytest.raises(ValidationError):  # a 重大 one still needs its plan
        services.drill_hazard(
            actor=safety.officer, drill=drill, data={"description": "x", "level": "major"}
        )
    assert Hazard.objects.filter(drill=drill).count() == 1


# --- accidents --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deaths", "missing", "injured", "loss", "grade"),
    [
        (2, 0, 9, "9999999.99", AccidentGrade.GENERAL),
        (3, 0, 0, "0", AccidentGrade.LARGER),
        (1, 2, 0, "0", AccidentGrade.LARGER),  # the missing count with the dead
        (0, 0, 10, "0", AccidentGrade.LARGER),
        (0, 0, 0, "10000000", AccidentGrade.LARGER),
        (9, 0, 49, "49999999.99", AccidentGrade.LARGER),
        (10, 0, 0, "0", AccidentGrade.MAJOR),
        (0, 0, 50, "0", AccidentGrade.MAJOR),
        (0, 0, 0, "50000000", AccidentGrade.MAJOR),
        (29, 0, 99, "99999999.99", AccidentGrade.MAJOR),
        (30, 0, 0, "0", AccidentGrade.GRAVE),
        (0, 0, 100, "0", AccidentGrade.GRAVE),
        (0, 0, 1, "100000000", AccidentGrade.GRAVE),  # the highest column decides
    ],
)
def test_the_accident_grade_follows_the_national_thresholds(
    deaths, missing, injured, loss, grade
) -> None:
    found = accident_grade(deaths=deaths, missing=missing, injured=injured, loss=Decimal(loss))
    assert found == grade


def test_an_accident_is_graded_when_saved_and_counted_by_park(safety) -> None:
    x, y = safety.world.enterprise_x, safety.world.enterprise_y
    base = {"occurred_on": dt.date(2026, 2, 3), "place": "仓库", "kind": "fire"}
    first = services.accident_save(
        actor=None, enterprise=x, data={**base, "injured": 2, "loss": 120000}, check=False
    )
    assert first.grade == AccidentGrade.GENERAL
    # A casualty reported late changes the grade.
    first = services.accident_save(
        actor=None, enterprise=x, accident=first, data={"deaths": 3}, check=False
    )
    assert first.grade == AccidentGrade.LARGER
    services.accident_save(actor=None, enterprise=y, data={**base, "deaths": 1}, check=False)
    services.accident_save(
        actor=None, enterprise=y, data={**base, "occurred_on": dt.date(2025, 6, 1)}, check=False
    )
    counts = queries.accident_counts(
        user=safety.officer, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    shown = {(c.park, c.total, c.deaths, c.injured, c.by_grade["larger"]) for c in counts}
    assert shown == {(x.park.name, 1, 3, 2, 1), (y.park.name, 1, 1, 0, 0)}
    with pytest.raises(ValidationError):
        services.accident_save(actor=None, enterprise=x, data={**base, "deaths": -1}, check=False)


# --- the import -------------------------------------------------------------------------

HEADER = ["统一社会信用代码", "风险点编号", "场所/部位", "单元/设备设施", "主要风险因素",
          "事故类型", "评价方法", "L", "E", "C", "风险等级", "管控措施", "管控层级",
          "责任人"]  # fmt: skip


def _rows(x, y):
    return [
        ["风险分级管控清单"],
        HEADER,
        [x, "FX-01", "熔铸车间", "熔炼炉", "熔融金属遇水爆炸", "其他爆炸", "LEC法", 3, 6, 15, "",
         "严禁积水", "公司", "张工"],
        [x, "FX-02", "仓库", "", "堆垛倒塌", "物体打击", "", "", "", "", "蓝", "限高堆放", "班组",
         "李工"],
        [y, "FX-01", "配电室", "", "触电", "触电", "", "", "", "", "较大", "持证上岗", "岗位",
         "王工"],
    ]  # fmt: skip


def _run(rows, actor):
    return run(RiskSpec(), xlsx(rows), actor=actor, dry_run=False, filename="风险点.xlsx")


def test_the_register_imports_exactly_and_twice_changes_nothing(safety) -> None:
    x, y = safety.world.enterprise_x, safety.world.enterprise_y
    result = _run(_rows(x.credit_code, y.credit_code), safety.officer)
    assert result.ok and result.created == 3, result.problems
    got = set(RiskPoint.objects.values_list("enterprise_id", "code", "level", "control_level"))
    assert got == {(x.pk, "FX-01", "orange", "company"), (x.pk, "FX-02", "blue", "team"),
                   (y.pk, "FX-01", "orange", "post")}  # fmt: skip
    assert RiskPoint.objects.get(enterprise=x, code="FX-01").score == Decimal(270)
    assert SafetyProfile.objects.get(enterprise=x).risk_level == RiskColour.ORANGE
    again = _run(_rows(x.credit_code, y.credit_code), safety.officer)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_bad_row_refuses_the_whole_file_and_is_named(safety) -> None:
    x, y = safety.world.enterprise_x, safety.world.enterprise_y
    rows = _rows(x.credit_code, y.credit_code)
    rows[3][9] = 4  # C = 4 is no value of the method
    rows[4][10] = "紫"
    result = _run(rows, safety.officer)
    assert not result.ok and not RiskPoint.objects.exists()
    named = {(p.row, p.column.split(" ")[-1] if p.column else "") for p in result.problems}
    shown = " ".join(f"{p.row} {p.column} {p.message}" for p in result.problems)
    assert any(p.row == 4 and "C" in p.column for p in result.problems), shown
    assert any(p.row == 5 and "风险等级" in p.column for p in result.problems), named


def test_an_enterprise_imports_only_its_own_register(safety) -> None:
    x, y = safety.world.enterprise_x, safety.world.enterprise_y
    result = _run(_rows(x.credit_code, y.credit_code), safety.world.ent_x_user)
    assert not result.ok and not RiskPoint.objects.exists()
    assert [p.row for p in result.problems] == [5]


# --- scope ------------------------------------------------------------------------------


def _records_of_y(safety):
    y = safety.world.enterprise_y
    point = _point(y, level="red")
    drill = _drill(y, "onsite", dt.date(2026, 3, 2))
    accident = services.accident_save(
        actor=None,
        enterprise=y,
        data={"occurred_on": dt.date(2026, 2, 3), "place": "仓库", "kind": "fire"},
        check=False,
    )
    return [
        f"/api/safety/risk-points/{point.pk}",
        f"/api/safety/risk-points?enterprise_id={y.pk}",
        f"/api/safety/drills/{drill.pk}",
        f"/api/safety/accidents/{accident.pk}",
        reverse("safety:drill", args=[drill.pk]),
        reverse("safety:risk_add", args=[y.pk]),
        reverse("safety:plan_add", args=[y.pk]),
        reverse("safety:drill_add", args=[y.pk]),
    ]


def test_a_grid_member_and_an_enterprise_get_404_for_others_records(safety, login) -> None:
    urls = _records_of_y(safety)
    for user in (safety.member_a, safety.world.ent_x_user):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.get("/api/safety/risk-points").json()["items"] == []
        assert client.get("/api/safety/drills").json()["items"] == []
        assert client.get("/api/safety/accidents").json()["items"] == []


def test_a_grid_member_reads_their_grid_and_an_enterprise_writes_its_own(safety, login) -> None:
    x = safety.world.enterprise_x
    point = _point(x, level="yellow")
    member = login(safety.member_a)
    assert member.get(f"/api/safety/risk-points/{point.pk}").status_code == 200
    assert member.get(reverse("safety:risk_add", args=[x.pk])).status_code == 403
    ent = login(safety.world.ent_x_user)
    body = {"enterprise_id": x.pk, "kind": "onsite", "form": "tabletop",
            "held_on": "2026-03-02", "participants": 12}  # fmt: skip
    answer = ent.post("/api/safety/drills", body, content_type="application/json")
    assert answer.status_code == 201, answer.content
    body["enterprise_id"] = safety.world.enterprise_y.pk
    answer = ent.post("/api/safety/drills", body, content_type="application/json")
    assert answer.status_code == 404
    page = ent.get(reverse("safety:enterprise", args=[x.pk]))
    assert page.status_code == 200 and "FX-01" in page.content.decode()


def test_an_accidents_time_is_kept_in_its_history(safety) -> None:
    from zoneops.core.models import ChangeRecord

    accident = services.accident_save(
        actor=None,
        enterprise=safety.world.enterprise_x,
        data={"occurred_on": dt.date(2026, 2, 3), "occurred_time": dt.time(10, 20),
              "place": "仓库", "kind": "fire"},
        check=False,
    )  # fmt: skip
    record = ChangeRecord.objects.get(model="safety.accident", object_id=str(accident.pk))
    assert "10:20" in str(record.after)


def test_a_hazard_reported_through_the_api_names_a_risk_point_of_its_own_firm(
    safety, login
) -> None:
    x, y = safety.world.enterprise_x, safety.world.enterprise_y
    point_x, point_y = _point(x, level="red"), _point(y, level="blue")
    client = login(safety.officer)
    body = {"enterprise_id": x.pk, "source": "supervision", "description": "炉前积水",
            "risk_point_id": point_x.pk}  # fmt: skip
    answer = client.post("/api/safety/hazards", body, content_type="application/json")
    assert answer.status_code == 201 and answer.json()["risk_point_id"] == point_x.pk
    body["risk_point_id"] = point_y.pk
    answer = client.post("/api/safety/hazards", body, content_type="application/json")
    assert answer.status_code == 404
