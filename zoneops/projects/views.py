"""Key-project pages. Thin: parse the request, call a query or a service, render."""

from __future__ import annotations

import datetime as dt
import mimetypes
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core import house
from zoneops.core.exports import xlsx_download
from zoneops.core.history import timeline
from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int
from zoneops.core.permissions import require
from zoneops.core.queries import park_list
from zoneops.projects import charts, queries, services
from zoneops.projects import public as handover
from zoneops.projects.columns import plan_xlsx
from zoneops.projects.forms import (
    FundingForm,
    LedgerUpdateForm,
    MemberForm,
    ProblemForm,
    ProjectForm,
    ResolveForm,
    RulesForm,
)
from zoneops.projects.models import (
    Attachment,
    Category,
    FundingSource,
    KeyProject,
    Level,
    Status,
    TaskForceMember,
)
from zoneops.projects.permissions import can_keep_ledger, can_manage_plan, can_resolve

MODULE = "projects"


def _user(request: HttpRequest) -> User:
    """The signed-in reader: every page here is behind ``login_required``."""
    return cast(User, request.user)


def _module(request: HttpRequest) -> None:
    require_module(_user(request), MODULE)
    request.nav_module = MODULE  # type: ignore[attr-defined]


def _filters(request: HttpRequest, years: list[int]) -> queries.ProjectFilter:
    get = request.GET
    year = query_int(request, "year", low=2000, high=2100)
    if year is None and "year" not in get:
        year = years[0] if years else timezone.localdate().year
    return queries.ProjectFilter(
        year=year,
        category=get.get("category", "") if get.get("category") in Category.values else "",
        level=get.get("level", "") if get.get("level") in Level.values else "",
        park=query_int(request, "park"),
        status=get.get("status", "") if get.get("status") in Status.values else "",
        q=get.get("q", "").strip()[:100],
        warning=get.get("warning") == "1",
    )


def _project(request: HttpRequest, project_id: int) -> KeyProject:
    return get_object_or_404(queries.project_detail_queryset(user=_user(request)), pk=project_id)


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    _module(request)
    years = queries.project_years(user=_user(request))
    filters = _filters(request, years)
    projects = list(queries.project_list(user=_user(request), filters=filters))
    warnings = queries.warnings_for(projects)
    if filters.warning:
        projects = [p for p in projects if warnings[p.pk]]
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    for project in page:
        project.warnings = warnings[project.pk]  # type: ignore[attr-defined]
        project.rate = queries.completion_rate(project.year_completed, project.year_planned)  # type: ignore[attr-defined]
    return render(
        request,
        "projects/plan.html",
        {
            "page": page,
            "filters": filters,
            "years": years,
            "parks": park_list(user=_user(request)),
            "categories": Category.choices,
            "levels": Level.choices,
            "statuses": Status.choices,
            "can_manage": can_manage_plan(_user(request)),
            "count": len(projects),
        },
    )


@login_required
def plan_export(request: HttpRequest) -> HttpResponse:
    _module(request)
    filters = _filters(request, queries.project_years(user=_user(request)))
    projects = queries.project_list(user=_user(request), filters=filters).prefetch_related(
        "plan_months", "members__user", "funding"
    )
    title = (
        _("%(year)s年重点项目计划表") % {"year": filters.year}
        if filters.year
        else _("重点项目计划表")
    )
    return xlsx_download(plan_xlsx(projects, title=title), title + ".xlsx")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _module(request)
    years = queries.project_years(user=_user(request))
    year = query_int(request, "year", low=2000, high=2100) or (
        years[0] if years else timezone.localdate().year
    )
    park = query_int(request, "park")
    board = queries.dashboard(user=_user(request), year=year, park=park)
    return render(
        request,
        "projects/dashboard.html",
        {
            "board": board,
            "years": years,
            "year": year,
            "park": park,
            "parks": park_list(user=_user(request)),
            "park_chart": charts.planned_completed(board.by_park),
            "category_chart": charts.planned_completed(board.by_category),
            "funding_chart": charts.funding(board.funding),
            "problem_chart": charts.problems(board.problems),
            "can_manage": can_manage_plan(_user(request)),
        },
    )


@login_required
def detail(request: HttpRequest, project_id: int) -> HttpResponse:
    _module(request)
    project = _project(request, project_id)
    return render(request, "projects/detail.html", _detail_context(request, project))


def _detail_context(request: HttpRequest, project: KeyProject, **forms: Any) -> dict[str, Any]:
    rules = services.warning_rules()
    day = queries.as_of(rules)
    problems = list(project.problems.all())
    updates = sorted(project.updates.all(), key=lambda u: u.month)
    running = project.prior_investment
    ledger = []
    for update in updates:
        running += update.investment
        ledger.append({"update": update, "cumulative": running})
    ledger.reverse()
    keep = can_keep_ledger(_user(request), project)
    manage = can_manage_plan(_user(request))
    rate = queries.completion_rate(project.year_completed, project.year_planned)  # type: ignore[attr-defined]
    elapsed = queries.time_elapsed(project.year, day)
    cumulative = project.prior_investment + project.updates_total  # type: ignore[attr-defined]
    return {
        "project": project,
        "warnings": queries.warnings_for([project], rules=rules, day=day)[project.pk],
        "ledger": ledger,
        "cumulative": cumulative,
        "cumulative_share": queries.completion_rate(cumulative, project.total_investment),
        "rate": rate,
        "elapsed": elapsed,
        "gap": None if rate is None else rate - elapsed,
        "day": day,
        "problems": problems,
        "overdue_ids": {p.pk for p in problems if p.overdue(day)},
        "resolution_rate": queries.resolution_rate(problems),
        "chart": charts.cumulative(queries.cumulative_series(project)),
        "plan": sorted(project.plan_months.all(), key=lambda p: p.month),
        "history": timeline(project)[:30],
        # What other apps show of this project (its approvals), declared in their module.py.
        "object_panels": house.object_panels(user=_user(request), obj=project),
        "can_keep": keep,
        "can_manage": manage,
        "resolvable": {p.pk for p in problems if not p.resolved and can_resolve(_user(request), p)},
        "update_form": forms.get("update_form")
        or (LedgerUpdateForm(initial={"month": _last_month(day)}) if keep else None),
        "problem_form": forms.get("problem_form") or (ProblemForm() if keep else None),
        "resolve_form": ResolveForm(),
        "member_form": MemberForm() if manage else None,
        "funding_form": FundingForm(initial={"year": project.year}) if manage else None,
        "origins": handover.origins(user=_user(request), key_project_id=project.pk),
    }


def _last_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _errors(form: Any) -> str:
    return "；".join(
        f"{form.fields[k].label if k in form.fields else ''}：{' '.join(str(m) for m in v)}"
        for k, v in form.errors.items()
    )


@login_required
def edit(request: HttpRequest, project_id: int | None = None) -> HttpResponse:
    _module(request)
    project = _project(request, project_id) if project_id is not None else None
    require(can_manage_plan(_user(request)))
    initial = ProjectForm.initial_for(project) if project else {"year": timezone.localdate().year}
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if project is None:
                data = form.service_data()
                project = services.key_project_create(
                    _user(request),
                    name=data.pop("name"),
                    year=data.pop("year"),
                    category=data.pop("category"),
                    level=data.pop("level"),
                    park=data.pop("park"),
                    owner_enterprise=data.pop("owner_enterprise"),
                    industry=data.pop("industry"),
                    total_investment=data.pop("total_investment"),
                    planned_start=data.pop("planned_start"),
                    planned_completion=data.pop("planned_completion"),
                    plan_months=form.plan_months(),
                    **data,
                )
                messages.success(request, _("已列入计划：%(name)s") % {"name": project})
            else:
                project, changed = services.key_project_update(
                    actor=_user(request),
                    project=project,
                    data=form.service_data(),
                    plan_months=form.plan_months(),
                )
                messages.success(request, _("已保存修改") if changed else _("没有需要保存的修改"))
            return redirect("projects:detail", project_id=project.pk)
        except ValidationError as exc:
            for field_name, errors in exc.message_dict.items():
                form.add_error(field_name if field_name in form.fields else None, errors)
    return render(
        request,
        "projects/form.html",
        {
            "form": form,
            "project": project,
            "fields": [form[name] for name in ProjectForm.base_fields],
            "months": [form[f"m{m}"] for m in range(1, 13)],
        },
    )


@login_required
@require_POST
def update_add(request: HttpRequest, project_id: int) -> HttpResponse:
    _module(request)
    project = _project(request, project_id)
    require(can_keep_ledger(_user(request), project))
    form = LedgerUpdateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.ledger_update_save(
                actor=_user(request),
                project=project,
                month=form.cleaned_data["month"],
                investment=form.cleaned_data["investment"],
                progress=form.cleaned_data["progress"],
                files=form.files_with_kinds(),
            )
            messages.success(request, _("已记录台账更新"))
            return redirect("projects:detail", project_id=project.pk)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, _("台账更新有误：") + _errors(form))
    project = _project(request, project_id)
    return render(
        request,
        "projects/detail.html",
        _detail_context(request, project, update_form=form),
        status=422,
    )


@login_required
@require_POST
def problem_add(request: HttpRequest, project_id: int) -> HttpResponse:
    _module(request)
    project = _project(request, project_id)
    require(can_keep_ledger(_user(request), project))
    form = ProblemForm(request.POST)
    if form.is_valid():
        try:
            services.problem_raise(actor=_user(request), project=project, data=form.cleaned_data)
            messages.success(request, _("已登记问题"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, _("问题信息有误：") + _errors(form))
    return redirect("projects:detail", project_id=project.pk)


@login_required
@require_POST
def problem_resolve(request: HttpRequest, project_id: int, problem_id: int) -> HttpResponse:
    _module(request)
    problem = get_object_or_404(
        queries.problem_list(user=_user(request)), pk=problem_id, project_id=project_id
    )
    require(can_resolve(_user(request), problem))
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.problem_resolve(
                actor=_user(request),
                problem=problem,
                resolution=form.cleaned_data["resolution"],
                resolved_on=form.cleaned_data["resolved_on"],
            )
            messages.success(request, _("已记录解决情况"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, _("解决情况有误：") + _errors(form))
    return redirect("projects:detail", project_id=project_id)


@login_required
@require_POST
def member_add(request: HttpRequest, project_id: int) -> HttpResponse:
    _module(request)
    project = _project(request, project_id)
    require(can_manage_plan(_user(request)))
    form = MemberForm(request.POST)
    if form.is_valid():
        services.member_set(actor=_user(request), project=project, **form.cleaned_data)
        messages.success(request, _("已保存专班成员"))
    else:
        messages.error(request, _("专班成员有误：") + _errors(form))
    return redirect("projects:detail", project_id=project.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, project_id: int, member_id: int) -> HttpResponse:
    _module(request)
    member = get_object_or_404(
        TaskForceMember.objects.visible_to(_user(request)), pk=member_id, project_id=project_id
    )
    require(can_manage_plan(_user(request)))
    services.member_remove(actor=_user(request), member=member)
    messages.success(request, _("已移出专班"))
    return redirect("projects:detail", project_id=project_id)


@login_required
@require_POST
def funding_add(request: HttpRequest, project_id: int) -> HttpResponse:
    _module(request)
    project = _project(request, project_id)
    require(can_manage_plan(_user(request)))
    form = FundingForm(request.POST)
    if form.is_valid():
        try:
            services.funding_save(actor=_user(request), project=project, data=form.service_data())
            messages.success(request, _("已登记资金来源"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, _("资金来源有误：") + _errors(form))
    return redirect("projects:detail", project_id=project.pk)


@login_required
@require_POST
def funding_remove(request: HttpRequest, project_id: int, funding_id: int) -> HttpResponse:
    _module(request)
    funding = get_object_or_404(
        FundingSource.objects.visible_to(_user(request)), pk=funding_id, project_id=project_id
    )
    require(can_manage_plan(_user(request)))
    services.funding_delete(actor=_user(request), funding=funding)
    messages.success(request, _("已删除资金来源"))
    return redirect("projects:detail", project_id=project_id)


@login_required
def attachment(request: HttpRequest, project_id: int, attachment_id: int) -> FileResponse:
    """Files are never served publicly: only someone who may see the project downloads them."""
    _module(request)
    found = get_object_or_404(
        Attachment.objects.visible_to(_user(request)),
        pk=attachment_id,
        update__project_id=project_id,
    )
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    inline = found.kind == Attachment.Kind.PHOTO and content_type.startswith("image/")
    return FileResponse(
        handle, as_attachment=not inline, filename=found.name, content_type=content_type
    )


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    _module(request)
    require(can_manage_plan(_user(request)))
    current = services.warning_rules()
    form = RulesForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.warning_rules_save(actor=_user(request), data=form.cleaned_data)
        messages.success(request, _("已保存预警规则"))
        return redirect("projects:rules")
    return render(request, "projects/rules.html", {"form": form})
