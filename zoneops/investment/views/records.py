"""The work log (trips, visits, meetings) and events (release conferences, promotions,
signing ceremonies), each linked to the projects it concerned."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core.exports import xlsx_response
from zoneops.core.history import timeline
from zoneops.core.params import query_int
from zoneops.core.permissions import require
from zoneops.investment import queries, services
from zoneops.investment.columns import EVENT_HEADERS, WORKLOG_HEADERS, event_rows, worklog_row
from zoneops.investment.forms import EventForm, EventProjectForm, WorkLogForm
from zoneops.investment.models import ActivityKind, EventKind, Project
from zoneops.investment.permissions import can_edit_projects, can_manage_targets
from zoneops.investment.views.common import (
    attach_errors,
    enter,
    error_text,
    period_param,
)


def _open_projects(user: Any) -> Any:
    return Project.objects.visible_to(user).order_by("name")


@login_required
def worklog_list(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    kind = request.GET.get("kind", "")
    period = period_param(request)
    entries = queries.worklog_list(
        user=user, kind=kind, period=period, project=query_int(request, "project")
    )
    return render(
        request,
        "investment/worklog_list.html",
        {
            "page": Paginator(entries, 30).get_page(request.GET.get("page")),
            "kinds": ActivityKind.choices,
            "kind": kind,
            "period": period,
            "can_edit": can_edit_projects(user),
            "can_manage": can_manage_targets(user),
        },
    )


@login_required
def worklog_export(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    entries = queries.worklog_list(
        user=user, kind=request.GET.get("kind", ""), period=period_param(request)
    )
    return xlsx_response(
        filename="招商工作日志.xlsx",
        sheet="招商工作日志",
        headers=WORKLOG_HEADERS,
        rows=(worklog_row(w) for w in entries),
    )


@login_required
def worklog_edit(request: HttpRequest, worklog_id: int | None = None) -> HttpResponse:
    user = enter(request)
    worklog = None
    if worklog_id is not None:
        worklog = get_object_or_404(queries.worklog_list(user=user), pk=worklog_id)
        require(worklog.created_by_id == user.pk or can_manage_targets(user))
    require(can_edit_projects(user))
    initial: dict[str, Any] = {}
    if worklog is not None:
        initial = {name: getattr(worklog, name) for name in services.WORKLOG_FIELDS} | {
            "participants": list(worklog.participants.all()),
            "projects": list(worklog.projects.all()),
        }
    elif (project_id := query_int(request, "project")) is not None:
        initial = {"projects": [project_id], "participants": [user]}
    form = WorkLogForm(request.POST or None, initial=initial, projects=_open_projects(user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        participants, projects = data.pop("participants"), data.pop("projects")
        try:
            services.worklog_save(
                actor=user,
                data=data,
                participants=participants,
                projects=projects,
                worklog=worklog,
            )
            messages.success(request, _("已保存工作日志"))
            return redirect("investment:worklogs")
        except ValidationError as exc:
            attach_errors(form, exc)
    return render(
        request,
        "investment/record_form.html",
        {
            "form": form,
            "title": _("修改工作日志") if worklog else _("填写工作日志"),
            "back": "investment:worklogs",
            "history": timeline(worklog)[:20] if worklog else None,
        },
    )


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    kind = request.GET.get("kind", "")
    period = period_param(request)
    events = queries.event_list(user=user, kind=kind, period=period)
    return render(
        request,
        "investment/event_list.html",
        {
            "page": Paginator(events, 20).get_page(request.GET.get("page")),
            "kinds": EventKind.choices,
            "kind": kind,
            "period": period,
            "can_edit": can_edit_projects(user),
        },
    )


@login_required
def event_export(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    events = queries.event_list(
        user=user, kind=request.GET.get("kind", ""), period=period_param(request)
    )
    return xlsx_response(
        filename="招商活动.xlsx",
        sheet="招商活动",
        headers=EVENT_HEADERS,
        rows=(row for event in events for row in event_rows(event)),
    )


@login_required
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    user = enter(request)
    event = get_object_or_404(queries.event_list(user=user), pk=event_id)
    can_edit = can_edit_projects(user)
    return render(
        request,
        "investment/event_detail.html",
        {
            "event": event,
            "lines": event.visible_lines,  # type: ignore[attr-defined]
            "total": sum(
                (line.amount or queries.ZERO for line in event.visible_lines),  # type: ignore[attr-defined]
                queries.ZERO,
            ),
            "history": timeline(event)[:20],
            "can_edit": can_edit,
            "line_form": EventProjectForm(projects=_open_projects(user)) if can_edit else None,
        },
    )


@login_required
def event_edit(request: HttpRequest, event_id: int | None = None) -> HttpResponse:
    user = enter(request)
    event = get_object_or_404(queries.event_list(user=user), pk=event_id) if event_id else None
    require(can_edit_projects(user))
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS} if event else {}
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(actor=user, data=form.cleaned_data, event=event)
            messages.success(request, _("已保存招商活动"))
            return redirect("investment:event", event_id=event.pk)
        except ValidationError as exc:
            attach_errors(form, exc)
    return render(
        request,
        "investment/record_form.html",
        {
            "form": form,
            "title": _("修改招商活动") if event else _("登记招商活动"),
            "back": "investment:events",
            "history": None,
        },
    )


@login_required
@require_POST
def event_line_add(request: HttpRequest, event_id: int) -> HttpResponse:
    user = enter(request)
    event = get_object_or_404(queries.event_list(user=user), pk=event_id)
    require(can_edit_projects(user))
    form = EventProjectForm(request.POST, projects=_open_projects(user))
    if form.is_valid():
        try:
            services.event_project_save(actor=user, event=event, **form.service_data())
            messages.success(request, _("已添加活动项目"))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, error_text(form.errors))
    return redirect("investment:event", event_id=event.pk)


@login_required
@require_POST
def event_line_remove(request: HttpRequest, event_id: int, line_id: int) -> HttpResponse:
    user = enter(request)
    line = get_object_or_404(queries.event_lines(user=user), pk=line_id, event_id=event_id)
    require(can_edit_projects(user))
    services.event_project_remove(actor=user, line=line)
    messages.success(request, _("已移除活动项目"))
    return redirect("investment:event", event_id=event_id)
