"""Writes of the investment bureau's records: work logs (trips, visits, meetings) and events
(release conferences, promotions, signing ceremonies), each linked to the projects it concerned.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zoneops.core.history import assign, record, record_save, snapshot, snapshot_stored
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import require
from zoneops.investment.models import Event, EventProject, Project, Stage, WorkLog
from zoneops.investment.permissions import can_edit_projects, can_manage_targets
from zoneops.investment.services.pipeline import project_move


def _check_visible_projects(actor: User, projects: Iterable[Project]) -> list[Project]:
    """Linking a project the actor may not see is refused like any other out-of-scope access."""
    projects = list(projects)
    if not projects:
        return projects
    visible = set(
        Project.objects.visible_to(actor)
        .filter(pk__in=[p.pk for p in projects])
        .values_list("pk", flat=True)
    )
    if len(visible) != len({p.pk for p in projects}):
        raise ValidationError({"projects": _("只能关联本人可见的项目")})
    return projects


WORKLOG_FIELDS = ("kind", "on", "until", "place", "other_participants", "counterpart", "outcome")


@transaction.atomic
def worklog_save(
    *,
    actor: User,
    data: dict[str, Any],
    participants: Iterable[User] = (),
    projects: Iterable[Project] = (),
    worklog: WorkLog | None = None,
    check: bool = True,
) -> WorkLog:
    """Add or change a work-log entry (trip, visit, meeting) and the projects it concerned."""
    if check:
        require(can_edit_projects(actor))
        projects = _check_visible_projects(actor, projects)
        if worklog is not None and not (
            worklog.created_by_id == actor.pk or can_manage_targets(actor)
        ):
            raise PermissionDenied
    is_new = worklog is None
    worklog = worklog or WorkLog(created_by=actor if getattr(actor, "pk", None) else None)
    before = None if is_new else snapshot_stored(worklog)
    assign(worklog, data, WORKLOG_FIELDS)
    worklog.full_clean()
    worklog.save()
    worklog.participants.set(list(participants))
    worklog.projects.set(list(projects))
    record_save(actor=actor, obj=worklog, before=before)
    return worklog


EVENT_FIELDS = ("kind", "title", "on", "place", "participants", "note")


@transaction.atomic
def event_save(
    *, actor: User, data: dict[str, Any], event: Event | None = None, check: bool = True
) -> Event:
    """Add or change an event (release conference, promotion, signing ceremony)."""
    if check:
        require(can_edit_projects(actor))
    is_new = event is None
    event = event or Event(created_by=actor if getattr(actor, "pk", None) else None)
    before = None if is_new else snapshot_stored(event)
    assign(event, data, EVENT_FIELDS)
    event.full_clean()
    event.save()
    record_save(actor=actor, obj=event, before=before)
    return event


@transaction.atomic
def event_project_save(
    *,
    actor: User,
    event: Event,
    project: Project,
    role: str,
    amount: Decimal | None = None,
    check: bool = True,
) -> EventProject:
    """Add a project to an event as released or signed there (or change its line).

    A project signed at a signing ceremony and not yet signed moves to 签约 on the event's date.
    """
    if check:
        require(can_edit_projects(actor))
        _check_visible_projects(actor, [project])
    line = EventProject.objects.filter(event=event, project=project).first()
    is_new = line is None
    line = line or EventProject(event=event, project=project)
    before = None if is_new else snapshot_stored(line)
    line.role, line.amount = role, amount
    line.full_clean()
    line.save()
    record_save(actor=actor, obj=line, before=before)
    if role == "signed" and project.signed_on is None and project.stage != Stage.DROPPED:
        project_move(
            actor=actor,
            project=project,
            to_stage=Stage.SIGNED,
            on=event.on,
            amount=amount,
            note=_("于“%(event)s”签约") % {"event": event.title},
            check=check,
        )
    return line


@transaction.atomic
def event_project_remove(*, actor: User, line: EventProject) -> None:
    require(can_edit_projects(actor))
    record(
        actor=actor, obj=line, action=ChangeRecord.Action.DELETE, before=snapshot(line), after=None
    )
    line.delete()
