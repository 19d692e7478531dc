"""The briefing's safety figures, against a count made here from the records one by one."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from zoneops.safety import queries, services
from zoneops.safety.models import (
    Accident,
    Drill,
    Hazard,
    HazardStatus,
    HazardStep,
    Inspection,
    Outcome,
    SafetyProfile,
    Source,
)
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
    _drills(safety)


def _drills(safety) -> None:
    """X (not high-risk) drilled 综合 300 days and 现场处置 150 days ago: within its duty.
    Y holds a 重大危险源, so its 综合 drill of 200 days ago is more than half a year old: late,
    though it would be in time for X."""
    x, y = safety.world.enterprise_x, safety.world.enterprise_y
    services.profile_save(actor=None, enterprise=y, data={"major_hazard_source": True}, check=False)
    for firm, kind, days in (
        (x, "comprehensive", 300),
        (x, "onsite", 150),
        (y, "comprehensive", 200),
        (y, "onsite", 20),
    ):
        services.drill_save(
            actor=None,
            enterprise=firm,
            data={"kind": kind, "form": "live", "held_on": TODAY - dt.timedelta(days=days),
                  "participants": 12},
            check=False,
        )  # fmt: skip
    services.accident_save(
        actor=None,
        enterprise=x,
        data={"occurred_on": TODAY - dt.timedelta(days=2), "place": "冲压车间", "kind": "machine",
              "injured": 1, "missing": 1},
        check=False,
    )  # fmt: skip


def _months_back(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if it has none)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for last in range(day.day, 27, -1):
        try:
            return dt.date(year, month + 1, last)
        except ValueError:
            continue
    return dt.date(year, month + 1, 28)


def _drill_ok(profile: SafetyProfile, day: dt.date) -> bool:
    """A count by hand of §33: one 综合 or 专项 drill within a year (half a year for a 重大危险源
    or 危化品, 高温熔融金属, 冶金煤气) and one 现场处置 drill within half a year, up to ``day``."""
    high = profile.major_hazard_source or bool(
        {"chemicals", "molten", "gas"} & set(profile.high_risk_works.split(","))
    )
    held = [d for d in Drill.objects.all() if d.enterprise_id == profile.enterprise_id]
    main = [d.held_on for d in held if d.kind in ("comprehensive", "special") and d.held_on <= day]
    onsite = [d.held_on for d in held if d.kind == "onsite" and d.held_on <= day]
    return (
        bool(main)
        and max(main) >= _months_back(day, 6 if high else 12)
        and bool(onsite)
        and max(onsite) >= _months_back(day, 6)
    )


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
    # Drill coverage: enterprises meeting their drill duty against those that have one.
    ok = [p for p in SafetyProfile.objects.all() if _drill_ok(p, TODAY)]
    assert (got.drill_covered, got.drill_required) == (len(ok), 2) == (1, 2)
    assert got.drill_rate == 50.0


def _by_park(safety, start: dt.date, end: dt.date) -> dict[str, dict[str, int]]:
    """The statistics by park counted here, record by record."""
    expect: dict[str, dict[str, int]] = {}
    for firm in (safety.world.enterprise_x, safety.world.enterprise_y):
        profile = SafetyProfile.objects.get(enterprise=firm)
        hazards = [h for h in Hazard.objects.all() if h.enterprise_id == firm.pk]
        found = [h for h in hazards if start <= h.found_on <= end]
        closed = [h for h in hazards if h.closed_on and start <= h.closed_on <= end]
        late = [
            h
            for h in hazards
            if h.found_on <= end
            and h.deadline < end
            and not (h.rectified_on and h.rectified_on <= end)
            and not (h.closed_on and h.closed_on <= end)
        ]
        steps = [
            s
            for s in HazardStep.objects.all()
            if s.hazard.enterprise_id == firm.pk and start <= s.on <= end
        ]
        checks = [
            i.inspected_on
            for i in Inspection.objects.all()
            if i.enterprise_id == firm.pk and i.source != "self"
        ]
        before = [d for d in checks if d < start]
        due = not before or max(before) + dt.timedelta(days=profile.grid.frequency_days) <= end
        in_period = [d for d in checks if start <= d <= end]
        until = [d for d in checks if d <= end]
        accidents = [
            a
            for a in Accident.objects.all()
            if a.enterprise_id == firm.pk and start <= a.occurred_on <= end
        ]
        expect[firm.park.name] = {
            "found": len(found),
            "major": sum(h.level == "major" for h in found),
            "closed": len(closed),
            "closed_on_time": sum(h.closed_on <= h.deadline for h in closed),
            "overdue": len(late),
            "overdue_major": sum(h.level == "major" for h in late),
            "rechecks": sum(s.kind in ("pass", "fail") for s in steps),
            "recheck_passed": sum(s.kind == "pass" for s in steps),
            "inspections": len(in_period),
            "due": int(due),
            "due_done": int(due and bool(in_period)),
            "firms": 1,
            "covered": int(
                bool(until) and max(until) > end - dt.timedelta(days=profile.grid.frequency_days)
            ),
            "drill_required": 1,
            "drill_covered": int(_drill_ok(profile, end)),
            "accidents": len(accidents),
            "deaths": sum(a.deaths + a.missing for a in accidents),
            "injured": sum(a.injured for a in accidents),
        }
    return expect


@pytest.mark.parametrize("days", [7, 30])
def test_statistics_by_park_match_a_count_of_the_records(safety, days) -> None:
    _world(safety)
    start = TODAY - dt.timedelta(days=days - 1)
    got = queries.statistics(user=safety.world.leader, start=start, end=TODAY, today=TODAY)
    expect = _by_park(safety, start, TODAY)
    assert {row.label: {n: getattr(row, n) for n in row.COUNTS} for row in got.rows} == expect
    assert sum(e["found"] for e in expect.values()) > 0 and got.total.drill_covered == 1
    assert got.total.found == sum(e["found"] for e in expect.values())
    assert sum(e["accidents"] for e in expect.values()) == 1
    assert [h.pk for h in got.overdue_major] == sorted(
        (h.pk for h in Hazard.objects.all() if h.level == "major" and h.is_overdue(TODAY)),
        key=lambda pk: (Hazard.objects.get(pk=pk).deadline, pk),
    )
    # A park officer sees their park's row only; by grid and by industry the totals agree.
    mine = queries.statistics(user=safety.world.park_a_officer, start=start, end=TODAY, today=TODAY)
    assert [r.label for r in mine.rows] == [safety.world.enterprise_x.park.name]
    for by in ("grid", "industry"):
        other = queries.statistics(
            user=safety.world.leader, start=start, end=TODAY, by=by, today=TODAY
        )
        assert {n: getattr(other.total, n) for n in other.total.COUNTS} == {
            n: getattr(got.total, n) for n in got.total.COUNTS
        }


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
