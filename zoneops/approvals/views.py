"""Project-approval pages. Thin: parse the request, call a query or a service, render."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.approvals import charts, clocks, queries, services
from zoneops.approvals.forms import IntakeForm, ItemForm, MatrixCreateForm, TemplateItemForm
from zoneops.approvals.models import ItemStatus, Stage, TemplateItem
from zoneops.approvals.permissions import (
    can_keep_matrix,
    can_manage_templates,
    can_start_matrix,
    can_take_intake,
    takes_intake,
)
from zoneops.core.history import timeline
from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int
from zoneops.core.permissions import require
from zoneops.enterprises.queries import enterprise_list
from zoneops.projects.public import project_list

MODULE = "approvals"


def _user(request: HttpRequest) -> User:
    require_module(request.user, MODULE)
    request.nav_module = MODULE  # type: ignore[attr-defined]
    return cast(User, request.user)


def _apply_errors(form: object, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            field = name if name in form.fields else None  # type: ignore[attr-defined]
            for error in errors:
                form.add_error(field, error)  # type: ignore[attr-defined]
    else:
        for error in exc.messages:
            form.add_error(None, error)  # type: ignore[attr-defined]


def _startable(user: User) -> list[object]:
    """The key projects without a matrix that this user may open one for."""
    return [
        project
        for project in project_list(user=user).filter(approval_matrix__isnull=True)
        if can_start_matrix(user, project.park_id, project.pk)
    ]


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The zone's approval board: every visible project's matrix, where it stands, and the
    statistics the zone is judged on."""
    user = _user(request)
    views = queries.matrix_views(user=user)
    stats = queries.statistics(views)
    stage = query_int(request, "stage", low=0, high=4)
    shown = views
    if request.GET.get("overdue") == "1":
        shown = [v for v in shown if v.overdue or v.warnings]
    if stage is not None:
        shown = [v for v in shown if (v.current_stage or 0) == stage]
    return render(
        request,
        "approvals/board.html",
        {
            "views": shown,
            "stats": stats,
            "stages": Stage.choices,
            "stage": stage,
            "overdue_only": request.GET.get("overdue") == "1",
            "chart": charts.stage_days(stats),
            "by_stage_chart": charts.projects_by_stage(stats),
            "can_start": bool(_startable(user)),
            "can_templates": can_manage_templates(user),
            "takes_intake": takes_intake(user),
        },
    )


@login_required
def matrix(request: HttpRequest, matrix_id: int) -> HttpResponse:
    user = _user(request)
    found = get_object_or_404(queries.matrix_list(user=user), pk=matrix_id)
    view = queries.matrix_view(found, calendar=clocks.Calendar.load(), today=queries.as_of())

    # The window sees every matrix to take applications in, but not every project's ledger.
    sees_project = project_list(user=user).filter(pk=found.key_project_id).exists()
    return render(
        request,
        "approvals/matrix.html",
        {
            "view": view,
            "matrix": found,
            "project": found.key_project,
            "can_edit": can_keep_matrix(user, found),
            "can_intake": can_take_intake(user, found),
            "sees_project": sees_project,
            "history": timeline(found)[:20],
        },
    )


@login_required
def project(request: HttpRequest, project_id: int) -> HttpResponse:
    """A key project's approvals: its matrix, or the page that opens one."""
    user = _user(request)
    found = queries.matrix_for_project(user=user, project_id=project_id)
    if found is not None:
        return redirect("approvals:matrix", found.pk)

    get_object_or_404(project_list(user=user), pk=project_id)
    return redirect(f"{_url('approvals:create')}?project={project_id}")


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    projects = _startable(user)
    if not projects:
        raise Http404

    queryset = project_list(user=user).filter(pk__in=[p.pk for p in projects])  # type: ignore[attr-defined]
    initial = {"key_project": query_int(request, "project")}
    form = MatrixCreateForm(request.POST or None, projects=queryset, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.matrix_create(
                actor=user,
                key_project=form.cleaned_data["key_project"],
                template=form.cleaned_data["template"],
                project_code=form.cleaned_data["project_code"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已建立审批事项矩阵"))
            return redirect("approvals:matrix", made.pk)
    return render(request, "approvals/create.html", {"form": form})


@login_required
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    user = _user(request)
    item = get_object_or_404(queries.item_list(user=user), pk=item_id)
    require(can_keep_matrix(user, item.matrix))
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        stored = get_object_or_404(queries.item_list(user=user), pk=item_id)
        try:
            services.item_update(actor=user, item=stored, data=data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已保存“%(item)s”") % {"item": stored.name})
            return redirect("approvals:matrix", stored.matrix_id)
    clock = clocks.item_clock(item, clocks.Calendar.load(), queries.as_of())
    return render(
        request,
        "approvals/item_form.html",
        {"form": form, "item": item, "clock": clock, "history": timeline(item)[:20]},
    )


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """一窗受理 on a phone: pick the item, tick the materials, hand it over."""
    user = _user(request)
    if not takes_intake(user):
        raise Http404
    item_id = query_int(request, "item")
    open_items = (
        queries.item_list(user=user)
        .exclude(status__in=(ItemStatus.CONCLUDED, ItemStatus.REFUSED))
        .order_by("matrix__key_project__name", "stage", "order")
    )
    choices = [i for i in open_items if can_take_intake(user, i.matrix)]
    item = next((i for i in choices if i.pk == item_id), None) if item_id else None
    if item_id and item is None:
        raise Http404
    form = None
    if item is not None:
        enterprises = enterprise_list(user=user)
        form = IntakeForm(request.POST or None, item=item, enterprises=enterprises)
        if request.method == "POST" and form.is_valid():
            try:
                made = services.intake_create(
                    actor=user,
                    item=item,
                    enterprise=form.cleaned_data["enterprise"],
                    materials_checked=form.cleaned_data["materials"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("已受理并转%(department)s办理（转办单 %(number)s）")
                    % {
                        "department": item.department,
                        "number": made.appeal.number if made.appeal else "—",
                    },
                )
                return redirect("approvals:intake")
    return render(
        request,
        "approvals/intake.html",
        {
            "choices": choices,
            "item": item,
            "form": form,
            "recent": queries.intake_list(user=user)[:10],
        },
    )


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "approvals/templates.html",
        {"templates": queries.template_list(user=user), "can_import": can_manage_templates(user)},
    )


@login_required
def template_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """Edit one item of a template (new matrices copy it; matrices under way keep theirs)."""
    user = _user(request)
    if not can_manage_templates(user):
        raise Http404
    found = get_object_or_404(TemplateItem.objects.select_related("template"), pk=item_id)
    form = TemplateItemForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        stored = TemplateItem.objects.get(pk=item_id)
        try:
            services.template_item_save(actor=user, item=stored, data=data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已保存“%(item)s”") % {"item": stored.name})
            return redirect("approvals:templates")
    return render(request, "approvals/template_item_form.html", {"form": form, "item": found})


@require_POST
@login_required
def escalate(request: HttpRequest, matrix_id: int) -> HttpResponse:
    """Check a matrix now: its overdue or refused items become problems in the ledger."""
    user = _user(request)
    found = get_object_or_404(queries.matrix_list(user=user), pk=matrix_id)
    require(can_keep_matrix(user, found))
    calendar = clocks.Calendar.load()
    raised = sum(
        services.escalate(item, calendar=calendar, today=queries.as_of())
        for item in found.items.all()
    )
    messages.success(request, _("新增台账问题 %(n)s 个") % {"n": raised})
    return redirect("approvals:matrix", found.pk)
