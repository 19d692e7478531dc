"""Project pages: the list with filters and export, the project page with its timeline, the
form, stage moves, funds arrived and registering the project company."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core.exports import xlsx_response
from zoneops.core.history import timeline
from zoneops.core.models import ChangeRecord, User
from zoneops.core.permissions import require
from zoneops.core.queries import park_list
from zoneops.enterprises import queries as registry
from zoneops.enterprises.forms import EnterpriseForm
from zoneops.investment import queries, services
from zoneops.investment.columns import PROJECT_HEADERS, project_row
from zoneops.investment.forms import (
    ArrivalForm,
    KeyProjectForm,
    MoveForm,
    ProjectForm,
    investment_staff,
)
from zoneops.investment.models import PIPELINE, FundArrival, Method, Origin, Project, Stage
from zoneops.investment.permissions import can_edit_projects, can_register_enterprise
from zoneops.investment.views.board import board_response
from zoneops.investment.views.common import (
    attach_errors,
    enter,
    error_text,
    project_filters,
    signed_in,
)
from zoneops.projects import public as plan
from zoneops.projects.public import Category, Level


def list_context(request: HttpRequest) -> dict[str, Any]:
    user = signed_in(request)
    return {
        "filters": project_filters(request),
        "stages": Stage.choices,
        "methods": Method.choices,
        "origins": Origin.choices,
        "chains": registry.chain_list(user=user),
        "parks": park_list(user=user),
        "officers": investment_staff().order_by("username"),
        "can_edit": can_edit_projects(user),
    }


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    context = list_context(request)
    projects = queries.project_list(user=user, filters=context["filters"])
    context["page"] = Paginator(projects, 30).get_page(request.GET.get("page"))
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "project-table":
        return render(request, "investment/project_list.html#table", context)
    return render(request, "investment/project_list.html", context)


@login_required
def project_export(request: HttpRequest) -> HttpResponse:
    user = enter(request)
    projects = queries.project_list(user=user, filters=project_filters(request))
    return xlsx_response(
        filename="招商项目.xlsx",
        sheet="招商项目",
        headers=PROJECT_HEADERS,
        rows=(project_row(p) for p in projects.iterator(chunk_size=500)),
    )


def _project(request: HttpRequest, project_id: int) -> Project:
    return get_object_or_404(
        queries.project_detail_queryset(user=signed_in(request)), pk=project_id
    )


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    user = enter(request)
    project = _project(request, project_id)
    can_edit = can_edit_projects(user)
    arrivals = list(project.arrivals.all())
    arrived = sum((a.amount for a in arrivals), queries.ZERO)
    related = ChangeRecord.objects.filter(
        model="investment.fundarrival", object_id__in=[str(a.pk) for a in arrivals]
    ).select_related("actor")
    return render(
        request,
        "investment/project_detail.html",
        {
            "project": project,
            "changes": project.stage_changes.select_related("actor").order_by("on", "pk"),
            "arrivals": arrivals,
            "arrived": arrived,
            "arrived_share": arrived / project.signed_amount * 100
            if project.signed_amount
            else None,
            "activities": queries.worklog_list(user=user, project=project.pk)[:20],
            "event_lines": queries.event_lines(user=user)
            .filter(project=project)
            .select_related("event"),
            "history": sorted(
                [*timeline(project)[:30], *related[:20]], key=lambda r: r.at, reverse=True
            ),
            "can_edit": can_edit,
            "move_form": MoveForm(initial={"on": timezone.localdate()}) if can_edit else None,
            "arrival_form": ArrivalForm(initial={"origin": project.origin}) if can_edit else None,
            "next_stages": _next_stages(project),
            "can_register": can_edit
            and project.is_signed
            and project.enterprise_id is None
            and can_register_enterprise(user, project.park_id),
            **_key_project(user, project, can_edit),
        },
    )


def _key_project(user: User, project: Project, can_edit: bool) -> dict[str, Any]:
    """The key project this one became (if the reader may open it), or the form to make it one."""
    key = project.key_project
    visible = key is not None and plan.key_project_visible(user=user, key_project_id=key.pk)
    offer = key is None and can_edit and project.is_signed and project.park_id is not None
    year = (project.signed_on or timezone.localdate()).year
    return {
        "key_project": key,
        "key_project_visible": visible,
        "key_project_form": KeyProjectForm(
            initial={"year": year, "category": Category.INDUSTRIAL, "level": Level.ZONE}
        )
        if offer
        else None,
    }


@login_required
@require_POST
def project_make_key(request: HttpRequest, project_id: int) -> HttpResponse:
    """列入重点项目: the signed project goes on a year's key-project plan, figures carried over."""
    user = enter(request)
    project = _project(request, project_id)
    require(can_edit_projects(user))
    form = KeyProjectForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form.errors))
        return redirect("investment:project", project_id=project.pk)
    try:
        key = services.key_project_from_investment(actor=user, project=project, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("已列入%(year)d年重点项目计划（%(level)s）")
            % {"year": key.year, "level": key.get_level_display()},
        )
    return redirect("investment:project", project_id=project.pk)


def _next_stages(project: Project) -> list[tuple[str, str]]:
    """The stages a project may be moved to, the next one on first."""
    others = [(s.value, str(s.label)) for s in Stage if s != project.stage]
    if project.stage in PIPELINE and project.stage != Stage.PRODUCING:
        following = PIPELINE[PIPELINE.index(Stage(project.stage)) + 1]
        others.sort(key=lambda pair: pair[0] != following.value)
    return others


@login_required
def project_edit(request: HttpRequest, project_id: int | None = None) -> HttpResponse:
    user = enter(request)
    project = _project(request, project_id) if project_id is not None else None
    require(can_edit_projects(user))
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            if project is None:
                project = services.project_create(actor=user, data=form.service_data())
                messages.success(request, _("已登记项目：%(name)s") % {"name": project})
            else:
                project, changed = services.project_update(
                    actor=user, project=project, data=form.service_data()
                )
                messages.success(request, _("已保存修改") if changed else _("没有需要保存的修改"))
            return redirect("investment:project", project_id=project.pk)
        except ValidationError as exc:
            attach_errors(form, exc)
    return render(request, "investment/project_form.html", {"form": form, "project": project})


@login_required
@require_POST
def project_move(request: HttpRequest, project_id: int) -> HttpResponse:
    """One action: move a project to a stage (from the board by htmx, or from its page)."""
    user = enter(request)
    project = _project(request, project_id)
    require(can_edit_projects(user))
    form = MoveForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            change = services.project_move(actor=user, project=project, **form.service_data())
            notice = _("“%(name)s”已移至%(stage)s") % {
                "name": project.name,
                "stage": change.get_to_stage_display(),
            }
        except ValidationError as exc:
            error = error_text(exc)
    else:
        error = error_text(form.errors)
    if request.headers.get("HX-Request"):
        return board_response(
            request, error=error, notice="" if error else notice, moved=project.pk
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect("investment:project", project_id=project.pk)


@login_required
@require_POST
def arrival_add(request: HttpRequest, project_id: int) -> HttpResponse:
    user = enter(request)
    project = _project(request, project_id)
    require(can_edit_projects(user))
    form = ArrivalForm(request.POST)
    if form.is_valid():
        try:
            services.arrival_save(actor=user, project=project, **form.service_data())
            messages.success(request, _("已记录到位资金"))
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, error_text(form.errors))
    return redirect("investment:project", project_id=project.pk)


@login_required
@require_POST
def arrival_remove(request: HttpRequest, project_id: int, arrival_id: int) -> HttpResponse:
    user = enter(request)
    project = _project(request, project_id)
    arrival = get_object_or_404(FundArrival, pk=arrival_id, project=project)
    services.arrival_delete(actor=user, arrival=arrival)
    messages.success(request, _("已删除到位资金记录"))
    return redirect("investment:project", project_id=project.pk)


@login_required
def project_register(request: HttpRequest, project_id: int) -> HttpResponse:
    """Register the project company in the registry, its known figures prefilled."""
    user = enter(request)
    project = _project(request, project_id)
    require(can_register_enterprise(user, project.park_id))
    seed = services.enterprise_seed(project)
    initial = {
        **seed,
        "park": project.park_id,
        "industry": project.industry.code if project.industry else "",
    }
    form = EnterpriseForm(
        request.POST or None, initial=initial, actor=user, action="enterprises.register_signed"
    )
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.project_register_enterprise(
                actor=user, project=project, data=form.service_data()
            )
            messages.success(
                request, _("已在企业库登记“%(name)s”并关联本项目") % {"name": enterprise}
            )
            return redirect("investment:project", project_id=project.pk)
        except ValidationError as exc:
            attach_errors(form, exc)
    return render(request, "investment/project_register.html", {"form": form, "project": project})
