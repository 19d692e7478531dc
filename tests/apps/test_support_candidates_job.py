"""The daily 梯度培育 job (support.candidates): candidates recomputed from the ledgers, the
cultivation desk told once per reporting period."""

from __future__ import annotations

import pytest

from tests.apps.test_support_figures import _history
from zoneops.core import schedules
from zoneops.enterprises.tests.factories import EnterpriseFactory
from zoneops.support import jobs
from zoneops.support.models import Notice

pytestmark = pytest.mark.django_db


def test_the_desk_is_told_of_the_candidates_once_per_period(world):
    near = EnterpriseFactory(
        name="青海临界小微科技有限公司", park=world.park_a, is_above_scale=False
    )
    _history(near, last_full=1900, last_ytd=1400, ytd=1490)

    assert schedules.get_job("support.candidates") is not None
    assert jobs.cultivation_candidates() == {"candidates": 1, "notices": 1}
    notice = Notice.objects.get()
    assert notice.recipient == world.econ and "1家企业" in notice.message
    assert notice.url == "/support/cultivation/candidates/"
    # The same figures the next day: nothing new.
    assert jobs.cultivation_candidates() == {"candidates": 1, "notices": 0}
    # A park officer or an enterprise is not the desk.
    assert not Notice.objects.exclude(recipient=world.econ).exists()
