"""The briefing's safety figures, against a count made here from the records one by one."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from zoneops.safety import queries, services
from zoneops.safety.models import Hazard, HazardStatus, Inspection, Outcome, SafetyProfile, Source
from zoneops.safety.services import ResultInput
from zoneops.safety.tests.conftest import MAJOR_PLAN

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 31)


def _world(safety) -> None:
    rng = random.Random(7)
    firms = [safety.world.enterprise_x, safety.world.enterprise_y]
    for n in range(24):
        firm = rng.choice(firms)
        found = TODAY - dt.timedelta(days=rng.randrange(0, 60))
        data = dict(MAJOR_PLAN) if n % 6 == 0 else {}
        hazard = safety.hazard(firm, found_on=found, deadline_days=rng.choice((3, 10)), **data)
        step = rng.random()
        day = min(TODAY, found + dt.timedelta(days=rng.randrange(1, 20)))
        if step > 0.3:
            services.hazard_act(actor=None, hazard=hazard, action="start", today=day, check=False)
        if step > 0.5:
            services.hazard_act(
                actor=None, hazard=hazard, action="rectified", note="ok", today=day, check=False
            )
        if step > 0.7:
            services.hazard_act(actor=None, hazard=hazard, action="pass", today=day, check=False)
    services.inspection_record(
        actor=safety.officer,
        enterprise=safety.world.enterprise_x,
        data={"source": Source.SUPERVISION, "inspected_on": TODAY - dt.timedelta(days=3),
              "inspectors": "马国庆"},
        results=[ResultInput(item=safety.items[0], outcome=Outcome.PASS)],
    )  # fmt: skip


def test_briefing_figures_match_a_count_of_the_records(safety) -> None:
    _world(safety)
    start = dt.date(2026, 3, 1)
    got = queries.briefing_figures(user=safety.world.leader, today=TODAY, start=start)
    rows = list(Hazard.objects.all())
    open_ = [h for h in rows if h.status != HazardStatus.CLOSED]
    owed = (HazardStatus.REPORTED, HazardStatus.ORDERED, HazardStatus.RECTIFYING)
    late = [h for h in rows if h.status in owed and h.deadline < TODAY]
    found = [h for h in rows if start <= h.found_on <= TODAY]
    closed = [h for h in rows if h.closed_on and start <= h.closed_on <= TODAY]
    assert got.open_hazards == len(open_) and got.open_hazards > 0
    assert got.open_major == sum(h.level == "major" for h in open_)
    assert got.overdue == len(late) and got.overdue > 0
    assert got.overdue_major == sum(h.level == "major" for h in late)
    assert (got.found_in_period, got.major_in_period) == (
        len(found),
        sum(h.level == "major" for h in found),
    )
    assert got.closed_in_period == len(closed) > 0
    assert got.closed_on_time == sum(h.closed_on <= h.deadline for h in closed)
    assert got.inspections_in_period == Inspection.objects.count() == 1
    # Coverage: enterprise X checked within its grid's 30 days, Y never: 1 of 2.
    assert SafetyProfile.objects.count() == 2 and got.coverage_rate == 50.0


def test_a_park_officer_gets_their_parks_figures(safety) -> None:
    _world(safety)
    mine = queries.briefing_figures(user=safety.world.park_a_officer, today=TODAY)
    x_open = Hazard.objects.filter(enterprise=safety.world.enterprise_x).open().count()
    assert mine.open_hazards == x_open
    assert mine.coverage_rate == 100.0


def test_an_enterprise_that_reports_nothing_but_fails_inspections_is_flagged(safety) -> None:
    x, y = safety.world.enterprise_x, safety.world.enterprise_y
    for day in (3, 10):
        safety.hazard(x, found_on=TODAY - dt.timedelta(days=day))
        safety.hazard(y, found_on=TODAY - dt.timedelta(days=day))
    # Y reports a hazard of its own: it is honest about its checks; X never does.
    services.hazard_report(
        actor=safety.world.ent_y_user,
        enterprise=y,
        source=Source.SELF,
        found_on=TODAY - dt.timedelta(days=5),
        data={"description": "灭火器过期", "deadline_days": 3},
    )
    services.inspection_record(
        actor=safety.world.ent_x_user,
        enterprise=x,
        data={"source": Source.SELF, "inspected_on": TODAY - dt.timedelta(days=20),
              "inspectors": "安全员"},
        results=[ResultInput(item=safety.items[0], outcome=Outcome.PASS)],
    )  # fmt: skip
    flags = queries.self_check_flags(user=safety.world.leader, today=TODAY)
    assert [(f.enterprise, f.self_checks, f.found_by_others) for f in flags] == [(x, 1, 2)]
    # One finding is not yet a pattern; and a park officer sees only their park's.
    assert queries.self_check_flags(user=safety.world.leader, today=TODAY, threshold=3) == []
    assert queries.self_check_flags(user=safety.world.park_b_officer, today=TODAY) == []
