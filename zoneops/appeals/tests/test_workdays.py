"""An appeal's time limit counts on core's working-day calendar (zoneops/core/workdays.py; its
own tests are zoneops/core/tests/test_workdays.py): a year it does not know warns."""

from __future__ import annotations

import pytest
from django.utils import timezone

from zoneops.appeals import services
from zoneops.appeals.tests.factories import make_appeal, window_department
from zoneops.core import workdays

pytestmark = pytest.mark.django_db


def test_appeal_in_an_unknown_year_carries_the_warning(world, monkeypatch):
    # An appeal is received on a day that has come (zoneops/core/bounds.py), so the unknown
    # year is this one: the installed package is taken to end the year before.
    today = timezone.localdate()
    monkeypatch.setattr(workdays, "package_years", lambda: (2004, today.year - 1))
    window_department()
    appeal = make_appeal(world.enterprise_x, received_on=today)
    assert f"{today.year}年" in appeal.calendar_warning
    assert services.limit_for(appeal.category, appeal.urgency) == (3, 1)
