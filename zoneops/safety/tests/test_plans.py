"""Inspection plans: the scope resolves the targets, progress counts the period's inspections,
a cyclic plan's next round comes from the daily job, the inspection form picks a plan, the
grid member sees only their grid's targets, and 开停车和大检修 records."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zoneops.core.models import ChangeRecord
from zoneops.enterprises.tests.factories import industry
from zoneops.safety import plan_queries, services
from zoneops.safety.models import InspectionPlan, KeyLevel, Shutdown, Source
from zoneops.safety.workdays import working_day_before

pytestmark = pytest.mark.django_db

MARCH = {"name": "三月督导检查", "kind": "supervision", "start_on": dt.date(2026, 3, 1),
         "end_on": dt.date(2026, 3, 31)}  # fmt: skip


def _plan(safety, grids=(), **data):
    return services.plan_save(actor=safety.officer, data={**MARCH, **data}, grids=list(grids))


def _inspect(safety, enterprise, day, source=Source.SUPERVISION, plan=None):
    return services.inspection_record(
        actor=None,
        enterprise=enterprise,
        data={"source": source, "inspected_on": day, "inspectors": "张三", "plan": plan},
        results=[],
        check=False,
    )


def _targets(plan):
    return sorted(plan.targets.values_list("enterprise__name", flat=True))


def test_the_scope_resolves_the_targets(safety) -> None:
    w = safety.world
    assert _targets(_plan(safety)) == sorted([w.enterprise_x.name, w.enterprise_y.name])
    assert _targets(_plan(safety, grids=[safety.grid_a])) == [w.enterprise_x.name]
    w.enterprise_y.industry = industry("2614")
    w.enterprise_y.save()
    # A 大类 code, and a 门类 letter through the parents.
    assert _targets(_plan(safety, industries="26")) == [w.enterprise_y.name]
    assert len(_targets(_plan(safety, industries="C"))) == 2
    services.profile_save(
        actor=None, enterprise=w.enterprise_x, data={"key_level": KeyLevel.CITY}, check=False
    )
    assert _targets(_plan(safety, key_only=True)) == [w.enterprise_x.name]


def test_a_scope_without_enterprises_or_with_a_bad_code_is_refused(safety) -> None:
    plans = InspectionPlan.objects.count()
    with pytest.raises(ValidationError, match="检查范围内没有企业"):
        _plan(safety, industries="01")
    with pytest.raises(ValidationError, match="未知的行业代码：9X"):
        _plan(safety, industries="9X")
    with pytest.raises(ValidationError) as refused:
        _plan(safety, end_on=dt.date(2026, 2, 1))
    assert "end_on" in refused.value.message_dict
    assert InspectionPlan.objects.count() == plans


def test_only_the_bureau_makes_plans(safety) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_save(actor=safety.world.park_a_officer, data=MARCH)
    with pytest.raises(PermissionDenied):
        services.plan_save(actor=safety.member_a, data=MARCH)
    plan = _plan(safety)
    record = ChangeRecord.objects.get(model="safety.inspectionplan", object_id=str(plan.pk))
    assert record.actor == safety.officer and "2 家" in record.note


def test_progress_counts_the_periods_inspections(safety) -> None:
    w = safety.world
    plan = _plan(safety)
    other = _plan(safety, name="三月专项", kind="special")
    _inspect(safety, w.enterprise_x, dt.date(2026, 2, 27))  # before the period
    _inspect(safety, w.enterprise_y, dt.date(2026, 3, 5), source=Source.SELF)  # a self-check
    _inspect(safety, w.enterprise_y, dt.date(2026, 3, 5), source=Source.SELF, plan=plan)
    _inspect(safety, w.enterprise_y, dt.date(2026, 3, 6), plan=other)  # another plan's
    today = dt.date(2026, 4, 2)
    progress = plan_queries.plan_progress(user=safety.officer, plan=plan, today=today)
    assert (progress.done, progress.total, progress.late) == (0, 2, 2)
    planless = _inspect(safety, w.enterprise_x, dt.date(2026, 3, 10))
    own = _inspect(safety, w.enterprise_y, dt.date(2026, 3, 20), plan=plan)
    progress = plan_queries.plan_progress(user=safety.officer, plan=plan, today=today)
    assert {r.target.enterprise_id: r.inspection for r in progress.rows} == {
        w.enterprise_x.pk: planless,
        w.enterprise_y.pk: own,
    }
    assert [(g.grid, g.done, g.total) for g in progress.grids] == [
        (safety.grid_a, 1, 1),
        (safety.grid_b, 1, 1),
    ]
    # The other plan counts only its own inspection (the planless one counts for it too).
    assert plan_queries.plan_progress(user=safety.officer, plan=other, today=today).done == 2


def test_an_inspection_may_only_name_a_plan_of_its_enterprise(safety) -> None:
    plan = _plan(safety, grids=[safety.grid_b])
    with pytest.raises(ValidationError, match="不在所选检查计划"):
        _inspect(safety, safety.world.enterprise_x, dt.date(2026, 3, 3), plan=plan)


def test_the_daily_job_makes_the_next_rounds(safety) -> None:
    first = _plan(safety, cycle="monthly", end_on=dt.date(2026, 3, 31))
    assert services.plan_rounds_run(today=dt.date(2026, 3, 31)) == {"created": 0, "skipped": 0}
    # Late by two months: the April and May rounds, each the same scope and a month long.
    assert services.plan_rounds_run(today=dt.date(2026, 5, 3))["created"] == 2
    april = first.next_round
    may = april.next_round
    assert (april.start_on, april.end_on, april.round) == (
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 30),
        2,
    )
    assert (may.start_on, may.end_on) == (dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    assert _targets(may) == _targets(first)
    assert services.plan_rounds_run(today=dt.date(2026, 5, 3))["created"] == 0
    once = _plan(safety, name="一次性", start_on=dt.date(2026, 1, 1), end_on=dt.date(2026, 1, 31))
    services.plan_rounds_run(today=dt.date(2026, 6, 1))
    assert not InspectionPlan.objects.filter(previous=once).exists()


def test_working_days_before_a_restart_skip_the_festival_and_count_the_make_up_day() -> None:
    # 2026: the Spring Festival holiday is 15–23 February, Saturday 14 February a working day.
    assert working_day_before(dt.date(2026, 2, 24), 3) == dt.date(2026, 2, 12)
    assert working_day_before(dt.date(2026, 2, 20), 0) == dt.date(2026, 2, 14)


def test_grid_member_sees_only_their_grids_targets(safety, login) -> None:
    both = _plan(safety)
    only_b = _plan(safety, grids=[safety.grid_b], name="南川专项")
    client = login(safety.member_a)
    detail = client.get(f"/api/safety/plans/{both.pk}").json()
    assert [t["enterprise_id"] for t in detail["targets"]] == [safety.world.enterprise_x.pk]
    assert detail["total"] == 1
    listed = client.get("/api/safety/plans").json()
    assert [p["id"] for p in listed["items"]] == [both.pk]
    page = client.get(reverse("safety:inspection_plan", args=[both.pk])).content.decode()
    assert safety.world.enterprise_x.name in page and safety.world.enterprise_y.name not in page
    for user in (safety.member_a, safety.world.park_a_officer, safety.world.ent_x_user):
        client = login(user)
        assert client.get(reverse("safety:inspection_plan", args=[only_b.pk])).status_code == 404
        assert client.get(f"/api/safety/plans/{only_b.pk}").status_code == 404


def test_the_plan_form_is_the_bureaus(safety, login) -> None:
    url = reverse("safety:inspection_plan_add")
    body = {**MARCH, "grids": [safety.grid_a.pk], "checklist": safety.items[0].checklist_id}
    assert login(safety.world.park_a_officer).post(url, body).status_code == 403
    assert not InspectionPlan.objects.exists()
    response = login(safety.officer).post(url, body)
    plan = InspectionPlan.objects.get()
    assert response.status_code == 302 and _targets(plan) == [safety.world.enterprise_x.name]
    bad = login(safety.officer).post(url, {**body, "end_on": "2026-02-01", "name": "错"})
    assert bad.status_code == 200 and "结束日期不能早于开始日期" in bad.content.decode()
    assert InspectionPlan.objects.count() == 1


def test_the_bureau_changes_a_plan_and_its_targets_stay(safety, login) -> None:
    """A plan's name, end and cycle change through its page, with the history; its kind,
    scope and start do not; stopping the cycle means no next round; others cannot."""
    plan = _plan(safety, cycle="monthly")
    targets = _targets(plan)
    url = reverse("safety:inspection_plan_edit", args=[plan.pk])
    body = {"name": "三月督导检查（调整）", "end_on": "2026-03-20", "cycle": "", "note": "提前收尾"}
    # The park office and the grid member may read the plan but not change it; an outsider
    # does not see it at all.
    assert login(safety.world.park_a_officer).post(url, body).status_code == 403
    assert login(safety.member_a).get(url).status_code == 403
    only_b = _plan(safety, grids=[safety.grid_b], name="南川专项")
    edit_b = reverse("safety:inspection_plan_edit", args=[only_b.pk])
    assert login(safety.member_a).get(edit_b).status_code == 404
    page = login(safety.officer).get(reverse("safety:inspection_plan", args=[plan.pk]))
    assert url in page.content.decode()
    assert url not in login(safety.member_a).get(page.wsgi_request.path).content.decode()

    bad = login(safety.officer).post(url, {**body, "end_on": "2026-02-01"})
    assert bad.status_code == 200 and "结束日期不能早于开始日期" in bad.content.decode()
    plan.refresh_from_db()
    assert plan.end_on == dt.date(2026, 3, 31) and plan.cycle == "monthly"

    assert login(safety.officer).post(url, body).status_code == 302
    plan.refresh_from_db()
    assert (plan.name, plan.end_on, plan.cycle) == (
        "三月督导检查（调整）",
        dt.date(2026, 3, 20),
        "",
    )
    assert _targets(plan) == targets
    record = ChangeRecord.objects.filter(
        model="safety.inspectionplan", object_id=str(plan.pk)
    ).latest("pk")
    assert record.actor == safety.officer
    assert (record.before["end_on"], record.after["end_on"]) == ("2026-03-31", "2026-03-20")
    assert services.plan_rounds_run(today=dt.date(2026, 5, 3))["created"] == 0

    with pytest.raises(ValidationError, match="类型、范围和开始日期"):
        services.plan_change(actor=safety.officer, plan=plan, data={"kind": "special"})
    with pytest.raises(PermissionDenied):
        services.plan_change(actor=safety.world.park_a_officer, plan=plan, data={"name": "x"})


def test_a_continued_round_keeps_its_cycle(safety) -> None:
    first = _plan(safety, cycle="monthly")
    services.plan_rounds_run(today=dt.date(2026, 4, 2))
    with pytest.raises(ValidationError, match="最新一轮"):
        services.plan_change(actor=safety.officer, plan=first, data={"cycle": ""})
    services.plan_change(actor=safety.officer, plan=first.next_round, data={"cycle": ""})


def test_the_inspection_form_picks_the_plan(safety, login) -> None:
    _plan(safety, name="去年的计划", start_on=dt.date(2020, 1, 1), end_on=dt.date(2020, 12, 31))
    today = timezone.localdate()
    running = services.plan_save(
        actor=None,
        data={**MARCH, "start_on": today - dt.timedelta(days=3),
              "end_on": today + dt.timedelta(days=3)},
        check=False,
    )  # fmt: skip
    client = login(safety.member_a)
    url = reverse("safety:inspection_add", args=[safety.world.enterprise_x.pk])
    page = client.get(f"{url}?plan={running.pk}").content.decode()
    assert f'<option value="{running.pk}" selected>' in page
    assert "去年的计划" not in page  # not running today
    body = {"plan": running.pk, "source": "supervision", "inspected_on": today,
            "inspectors": "马国庆", "place": "车间"}  # fmt: skip
    for item in safety.items:
        body |= {f"r{item.pk}": "pass", f"level{item.pk}": "general", f"kind{item.pk}": "thing",
                 f"mode{item.pk}": "deadline", f"days{item.pk}": "10"}  # fmt: skip
    assert client.post(f"{url}?checklist={safety.items[0].checklist_id}", body).status_code == 302
    assert safety.world.enterprise_x.safety_inspections.get().plan == running


def test_shutdowns_are_recorded_shown_and_bounded(safety, login) -> None:
    x = safety.world.enterprise_x
    data = {"kind": "overhaul", "start_on": dt.date(2026, 7, 1), "end_on": dt.date(2026, 7, 12)}
    shutdown = services.shutdown_save(actor=safety.world.ent_x_user, enterprise=x, data=data)
    assert ChangeRecord.objects.filter(model="safety.shutdown", object_id=str(shutdown.pk)).exists()
    with pytest.raises(ValidationError):
        services.shutdown_save(
            actor=safety.officer, enterprise=x, data={**data, "end_on": dt.date(2026, 6, 1)}
        )
    with pytest.raises(PermissionDenied):
        services.shutdown_save(actor=safety.member_a, enterprise=x, data=data)
    page = login(safety.world.ent_x_user).get(reverse("safety:enterprise", args=[x.pk]))
    assert "大检修" in page.content.decode() and "2026年7月12日" in page.content.decode()
    client = login(safety.world.park_a_officer)
    created = client.post(
        "/api/safety/shutdowns",
        json.dumps({"enterprise_id": x.pk, "kind": "stop", "start_on": "2026-08-01"}),
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["kind"] == "stop"
    wrong = client.post(
        "/api/safety/shutdowns",
        json.dumps({"enterprise_id": x.pk, "kind": "stop", "start_on": "2090-08-01"}),
        content_type="application/json",
    )
    assert wrong.status_code == 422
    outside = client.post(
        "/api/safety/shutdowns",
        json.dumps({"enterprise_id": safety.world.enterprise_y.pk, "kind": "stop",
                    "start_on": "2026-08-01"}),
        content_type="application/json",
    )  # fmt: skip
    assert outside.status_code == 404
    assert Shutdown.objects.count() == 2
    listed = login(safety.member_a).get("/api/safety/shutdowns").json()
    assert {s["kind"] for s in listed["items"]} == {"overhaul", "stop"}
    assert login(safety.member_b).get("/api/safety/shutdowns").json()["items"] == []
