"""The inspection plan pages: the list with each plan's progress, a plan's progress by grid
and target, the plan form and the 复工复产 plan from the survey (the bureau's), and the
开停车和大检修 form of an enterprise. Thin: parse, call a query or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.models import Role
from zoneops.core.params import query_int
from zoneops.core.permissions import may, require
from zoneops.safety import plan_queries, queries, services
from zoneops.safety.permissions import may_act
from zoneops.safety.plan_forms import PlanChangeForm, PlanForm, RestartPlanForm, ShutdownForm
from zoneops.safety.views import _record_form, _user, form_errors


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans in sight, the newest first, each with its targets checked against all."""
    user = _user(request)
    today = timezone.localdate()
    page = Paginator(plan_queries.plans(user=user), 20).get_page(query_int(request, "page"))
    progress = plan_queries.progress_of(user=user, plans_=list(page), today=today)
    return render(
        request,
        "safety/plans/list.html",
        {
            "page": page,
            "rows": [progress[plan.pk] for plan in page],
            "can_plan": may(user, "safety.plan"),
            "today": today,
        },
    )


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan's progress: by grid, and each target done (by which inspection) or not."""
    user = _user(request)
    plan = get_object_or_404(plan_queries.plans(user=user), pk=plan_id)
    today = timezone.localdate()
    progress = plan_queries.plan_progress(user=user, plan=plan, today=today)
    rows = progress.rows
    return render(
        request,
        "safety/plans/detail.html",
        {
            "plan": plan,
            "progress": progress,
            # Who may inspect one target in sight may inspect all (the row's reach is the
            # sight: the zone, the park, the grid); an enterprise's own check is no round.
            "can_inspect": bool(rows)
            and user.role != Role.ENTERPRISE
            and may_act(user, "safety.inspect", rows[0].target.enterprise),
            "running": plan.start_on <= today <= plan.end_on,
            "can_plan": may(user, "safety.plan"),
            "grids": plan.grids.all(),
            "today": today,
        },
    )


@login_required
def plan_add(request: HttpRequest) -> HttpResponse:
    """The bureau makes a plan: kind, scope, checklist, period and cycle."""
    user = _user(request)
    require(may(user, "safety.plan"))
    form = PlanForm(
        request.POST or None,
        grids=queries.grids(user=user).order_by("code"),
        checklists=queries.checklists(),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "grids"}
        try:
            plan = services.plan_save(actor=user, data=data, grids=list(form.cleaned_data["grids"]))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("检查计划已制定"))
            return redirect("safety:inspection_plan", plan_id=plan.pk)
    return render(request, "safety/plans/form.html", {"form": form, "title": _("制定检查计划")})


@login_required
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The bureau changes a plan's name, checklist, end or cycle (its targets stay)."""
    user = _user(request)
    plan = get_object_or_404(plan_queries.plans(user=user), pk=plan_id)
    require(may(user, "safety.plan"))
    form = PlanChangeForm(request.POST or None, instance=plan, checklists=queries.checklists())
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_change(actor=user, plan=plan, data=form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("检查计划已修改"))
            return redirect("safety:inspection_plan", plan_id=plan.pk)
    title = _("修改检查计划：%(name)s") % {"name": plan.name}
    return render(request, "safety/plans/form.html", {"form": form, "title": title, "plan": plan})


@login_required
def restart_plan_add(request: HttpRequest) -> HttpResponse:
    """The 复工复产 plan of a production-plan survey's stopped enterprises."""
    user = _user(request)
    require(may(user, "safety.plan"))
    form = RestartPlanForm(request.POST or None, checklists=queries.checklists())
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.restart_plan_create(
                actor=user,
                survey_id=form.cleaned_data["survey"],
                checklist=form.cleaned_data["checklist"],
                lead=form.cleaned_data["lead"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("复工复产检查计划已制定"))
            return redirect("safety:inspection_plan", plan_id=plan.pk)
    return render(
        request,
        "safety/plans/form.html",
        {"form": form, "title": _("按生产计划调查制定复工复产检查计划")},
    )


@login_required
def shutdown_add(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    return _record_form(
        request,
        enterprise_id,
        action="safety.shutdown",
        form_class=ShutdownForm,
        save=services.shutdown_save,
        title=_("登记开停车和大检修"),
        saved=_("已登记"),
    )
