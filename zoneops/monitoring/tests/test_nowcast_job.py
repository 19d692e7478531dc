"""The daily nowcast (monitoring.nowcast, core/schedules.py): once the grid's electricity ledger
has a month the enterprises have not reported yet, the job estimates that month, and a second
run with the same figures writes nothing."""

from __future__ import annotations

import pytest

from zoneops.core import schedules
from zoneops.monitoring import jobs
from zoneops.monitoring.models import Estimate
from zoneops.monitoring.tests.test_nowcast import TARGET, zone  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_the_job_estimates_the_grid_s_latest_month_once(world, zone):  # noqa: F811
    period = jobs.latest_electricity_period()
    assert period is not None and (period.year, period.month) == TARGET
    job = schedules.get_job("monitoring.nowcast")
    assert job is not None
    first = job.call()
    assert (first["estimated"], first["created"]) == (2, 2)
    assert set(Estimate.objects.values_list("enterprise", flat=True)) == {
        zone["a"].pk,
        zone["b"].pk,
    }
    again = job.call()
    assert (again["created"], again["updated"], again["deleted"]) == (0, 0, 0)


def test_without_the_grid_s_ledger_the_job_does_nothing(db):
    assert jobs.nowcast_latest() == {
        "estimated": 0,
        "created": 0,
        "updated": 0,
        "deleted": 0,
        "skipped": 0,
    }
