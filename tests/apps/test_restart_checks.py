"""复工复产 checks from the production-plan survey (monitoring → safety, through
``monitoring.public.stopped_enterprises``): an enterprise that says it stops gets its restart
check, due three working days before its restart on the statutory calendar; one that runs
through the holiday does not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.monitoring import public
from zoneops.monitoring.surveys import services as survey_services
from zoneops.safety import plan_queries, services
from zoneops.safety.models import InspectionPlan, InspectionPlanKind, Source
from zoneops.safety.tests.conftest import Safety, make_safety

pytestmark = pytest.mark.django_db


@pytest.fixture
def safety(world) -> Safety:
    return make_safety(world)


# The 2026 Spring Festival holiday: 15–23 February; Saturday 14 February is a working day.
HOLIDAY = (dt.date(2026, 2, 15), dt.date(2026, 2, 23))


def _survey(world, answers):
    survey = survey_services.survey_create(
        actor=world.econ,
        title="2026年春节期间生产计划调查",
        holiday_start=HOLIDAY[0],
        holiday_end=HOLIDAY[1],
        deadline=dt.date(2026, 2, 6),
        above_scale_only=False,
    )
    for enterprise, answer in answers:
        survey_services.response_save(
            actor=world.econ, survey=survey, enterprise=enterprise, data=answer
        )
    return survey


SEASONAL = {"plan": "seasonal_stop", "stop_from": dt.date(2026, 1, 10),
            "stop_to": dt.date(2026, 2, 24), "maintenance": True}  # fmt: skip
RUNNING = {"plan": "full", "capacity_percent": 100}


def test_a_stopped_enterprise_gets_its_restart_check_and_a_running_one_does_not(
    safety, login
) -> None:
    w = safety.world
    holiday_stop = EnterpriseFactory(name="青海丙化工有限公司", park=w.park_a)
    services.profile_save(
        actor=None, enterprise=holiday_stop, data={"grid": safety.grid_a}, check=False
    )
    survey = _survey(
        w,
        [
            (w.enterprise_x, SEASONAL),
            (w.enterprise_y, RUNNING),
            (holiday_stop, {"plan": "holiday_stop", "stop_from": dt.date(2026, 2, 14),
                            "stop_to": dt.date(2026, 2, 24)}),
        ],
    )  # fmt: skip
    stopped = public.stopped_enterprises(survey_id=survey.pk)
    assert stopped is not None
    assert {s.enterprise_id for s in stopped.stopped} == {w.enterprise_x.pk, holiday_stop.pk}

    plan = services.restart_plan_create(actor=safety.officer, checklist=safety.items[0].checklist)
    assert plan.kind == InspectionPlanKind.RESTART and plan.survey_id == survey.pk
    targets = {t.enterprise_id: t for t in plan.targets.all()}
    assert set(targets) == {w.enterprise_x.pk, holiday_stop.pk}  # y runs through
    seasonal = targets[w.enterprise_x.pk]
    # Three working days before Tuesday 24 February: the make-up Saturday counts, the
    # festival does not.
    assert (seasonal.restart_on, seasonal.due_on, seasonal.maintenance) == (
        dt.date(2026, 2, 24),
        dt.date(2026, 2, 12),
        True,
    )
    # A holiday stop is shorter than that: its check is due the day before the restart.
    assert targets[holiday_stop.pk].due_on == dt.date(2026, 2, 23)
    assert (plan.start_on, plan.end_on) == (dt.date(2026, 1, 10), dt.date(2026, 2, 24))

    services.inspection_record(
        actor=None,
        enterprise=w.enterprise_x,
        data={"source": Source.SUPERVISION, "inspected_on": dt.date(2026, 2, 11),
              "inspectors": "张三", "plan": plan},
        results=[],
        check=False,
    )  # fmt: skip
    # A routine check before the holiday stop began is not its restart check.
    services.inspection_record(
        actor=None,
        enterprise=holiday_stop,
        data={"source": Source.SUPERVISION, "inspected_on": dt.date(2026, 2, 2),
              "inspectors": "李四"},
        results=[],
        check=False,
    )  # fmt: skip
    progress = plan_queries.plan_progress(user=safety.officer, plan=plan, today=dt.date(2026, 3, 1))
    assert {r.target.enterprise_id: (r.done, r.late) for r in progress.rows} == {
        w.enterprise_x.pk: (True, False),
        holiday_stop.pk: (False, True),
    }
    page = login(safety.officer).get(reverse("safety:inspection_plan", args=[plan.pk]))
    text = page.content.decode()
    assert "2026年2月24日" in text and "2026年2月12日" in text and w.enterprise_y.name not in text

    with pytest.raises(ValidationError, match="已按该调查制定过"):
        services.restart_plan_create(actor=safety.officer, checklist=None)
    assert InspectionPlan.objects.count() == 1


def test_the_restart_plan_form(safety, login) -> None:
    w = safety.world
    survey = _survey(w, [(w.enterprise_x, SEASONAL)])
    url = reverse("safety:restart_plan_add")
    body = {"survey": survey.pk, "checklist": safety.items[0].checklist_id, "lead": 3}
    assert login(w.park_a_officer).post(url, body).status_code == 403
    assert login(safety.officer).post(url, {**body, "lead": 99}).status_code == 200
    assert not InspectionPlan.objects.exists()
    assert login(safety.officer).post(url, body).status_code == 302
    assert InspectionPlan.objects.get().targets.get().enterprise == w.enterprise_x
