"""The support module's scheduled jobs (declared in apps.py, run by core/schedules.py; the
management command runs the same function)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zoneops.core.models import Role, User
from zoneops.core.permissions import ECONOMY, SERVICE
from zoneops.support.queries import cultivation_candidates as candidates_for
from zoneops.support.reminders import send_window_reminders
from zoneops.support.services import notice_send


def window_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: remind of the funding windows about to close (keyed: never twice)."""
    run = send_window_reminders(today=today or timezone.localdate())
    return {"programs": run.programs, "notices": run.notices}


def cultivation_candidates(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily, once the month's figures are in: recompute 梯度培育's candidates and tell the
    cultivation desk (企业服务中心, 经济发展局) how many there are, once per reporting period
    (keyed: a second run with the same figures writes nothing). Each person is told of the
    candidates their own scope shows."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    desk = User.objects.filter(
        is_active=True, role=Role.DEPARTMENT_OFFICER, department__code__in=(SERVICE, ECONOMY)
    ).select_related("department")
    counts = {"candidates": 0, "notices": 0}
    url = reverse("support:candidates")
    for user in desk:
        found = candidates_for(user=user)
        counts["candidates"] = max(counts["candidates"], len(found))
        if not found:
            continue
        period = max(candidate.period for candidate in found)
        message = _("梯度培育：按%(period)s的数据，%(n)s家企业接近培育门槛，请研判是否入库") % {
            "period": period,
            "n": len(found),
        }
        if notice_send(recipient=user, key=f"candidates:{period}", message=message, url=url):
            counts["notices"] += 1
    return counts
