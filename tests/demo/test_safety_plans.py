"""The demo's 复工复产 plan, fed by its Spring Festival production survey: each target is an
enterprise that answered it stops, its check due before its restart, some checked already."""

from __future__ import annotations

import pytest

from tests.demo.conftest import Demo
from zoneops.monitoring.models import SurveyResponse
from zoneops.safety import plan_queries
from zoneops.safety.models import InspectionPlan, InspectionPlanKind

pytestmark = pytest.mark.django_db


def test_the_restart_plan_follows_the_survey(demo_zone: Demo) -> None:
    plan = InspectionPlan.objects.get(kind=InspectionPlanKind.RESTART)
    stopped = SurveyResponse.objects.filter(
        survey_id=plan.survey_id, plan__in=("seasonal_stop", "holiday_stop")
    ).exclude(stop_to=None)
    targets = list(plan.targets.all())
    assert {t.enterprise_id for t in targets} == set(
        stopped.values_list("enterprise_id", flat=True)
    )
    assert all(t.due_on is not None and t.restart_on and t.due_on < t.restart_on for t in targets)
    progress = plan_queries.plan_progress(
        user=demo_zone.user("safety"), plan=plan, today=demo_zone.today
    )
    assert progress.total == len(targets) and progress.done < progress.total
    page = demo_zone.client("grid1").get(f"/safety/inspection-plans/{plan.pk}/")
    assert page.status_code == 200 and "恢复生产" in page.content.decode()
