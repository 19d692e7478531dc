"""Window reminders: N days before a program's window closes, tell the officers serving each
eligible enterprise that has not yet submitted (its 包联干部), the enterprise's own users,
and the members of the program's responsible department (one summary each).

Run daily by ``manage.py support_reminders``. Notices are keyed, so a second run on the same
day (or the next day, for the same window) writes nothing new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from zoneops.core.models import Role, User
from zoneops.enterprises.models import Enterprise
from zoneops.support import matching, queries
from zoneops.support.models import Application, ApplicationStatus, FundingProgram
from zoneops.support.services import notice_send


@dataclass
class ReminderRun:
    programs: int = 0
    notices: int = 0


def closing_programs(today: dt.date) -> list[FundingProgram]:
    """Open programs whose window closes within their own reminder period."""
    programs = FundingProgram.objects.filter(opens_on__lte=today, closes_on__gte=today)
    return [
        p
        for p in programs.prefetch_related("rules").select_related("department")
        if (p.closes_on - today).days <= p.reminder_days
    ]


def send_window_reminders(*, today: dt.date) -> ReminderRun:
    run = ReminderRun()
    programs = closing_programs(today)
    if not programs:
        return run
    profiles = queries.profiles(Enterprise.objects.all(), today=today)
    names = queries.unit_names()
    eligible = matching.rematch({p.pk: queries.program_rules(p, names) for p in programs}, profiles)
    enterprises = Enterprise.objects.in_bulk(set().union(*eligible.values()))
    users_of: dict[int, list[User]] = {}
    for user in User.objects.filter(
        role=Role.ENTERPRISE, is_active=True, enterprise_id__in=enterprises
    ):
        users_of.setdefault(user.enterprise_id or 0, []).append(user)
    for program in programs:
        run.programs += 1
        done = set(
            Application.objects.filter(program=program)
            .exclude(status=ApplicationStatus.PREPARING)
            .values_list("enterprise_id", flat=True)
        )
        waiting = sorted(eligible[program.pk] - done)
        days = (program.closes_on - today).days
        url = reverse("support:program", args=[program.pk])
        for eid in waiting:
            enterprise = enterprises[eid]
            message = _("“%(program)s”将于%(days)s天后截止申报，%(enterprise)s符合条件尚未申报") % {
                "program": program.name,
                "days": days,
                "enterprise": enterprise.name,
            }
            recipients = list(users_of.get(eid, []))
            if enterprise.service_officer_id:
                recipients.append(enterprise.service_officer)  # type: ignore[arg-type]
            for user in recipients:
                key = f"window:{program.pk}:{program.closes_on}:{eid}"
                if notice_send(recipient=user, key=key, message=message, url=url):
                    run.notices += 1
        if program.department_id and waiting:
            summary = _("“%(program)s”将于%(days)s天后截止申报，%(n)s家符合条件的企业尚未申报") % {
                "program": program.name,
                "days": days,
                "n": len(waiting),
            }
            for user in User.objects.filter(department_id=program.department_id, is_active=True):
                key = f"window:{program.pk}:{program.closes_on}:department"
                if notice_send(recipient=user, key=key, message=summary, url=url):
                    run.notices += 1
    return run
