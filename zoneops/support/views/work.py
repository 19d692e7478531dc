"""Applications (with totals) and the difficulties register."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.appeals import public as appeals
from zoneops.core.exports import xlsx_response
from zoneops.core.history import timeline
from zoneops.core.http import AuthedRequest
from zoneops.core.models import Department, User
from zoneops.core.params import query_int
from zoneops.core.permissions import require
from zoneops.core.queries import park_list
from zoneops.support import queries, services
from zoneops.support.forms import (
    ApplicationForm,
    DecisionForm,
    DifficultyAppealForm,
    DifficultyForm,
    DisburseForm,
)
from zoneops.support.models import ApplicationStatus, DifficultyStatus, Stage
from zoneops.support.permissions import can_apply, can_decide, can_serve
from zoneops.support.views.common import (
    PAGE_SIZE,
    form_errors,
    module,
    report_errors,
    visible_enterprise,
)


def _app_filters(request: AuthedRequest) -> queries.ApplicationFilter:
    status = request.GET.get("status", "")
    return queries.ApplicationFilter(
        program=query_int(request, "program"),
        status=status if status in ApplicationStatus.values else "",
        park=query_int(request, "park"),
        q=request.GET.get("q", "").strip()[:100],
    )


@login_required
def application_list(request: AuthedRequest) -> HttpResponse:
    module(request, "policies")
    filters = _app_filters(request)
    by = request.GET.get("by", "program")
    by = by if by in queries.TOTALS_BY else "program"
    apps = queries.application_list(user=request.user, filters=filters)
    return render(
        request,
        "support/application_list.html",
        {
            "page": Paginator(apps, PAGE_SIZE).get_page(request.GET.get("page")),
            "filters": filters,
            "statuses": ApplicationStatus.choices,
            "parks": park_list(user=request.user),
            "totals": queries.application_totals(user=request.user, by=by),
            "by": by,
            "staff": request.user.is_staff_role,
        },
    )


@login_required
def application_export(request: AuthedRequest) -> HttpResponse:
    module(request, "policies")
    apps = queries.application_list(user=request.user, filters=_app_filters(request))
    return xlsx_response(
        filename="资金申报.xlsx",
        sheet="资金申报",
        headers=[
            _("企业"),
            _("园区"),
            _("项目"),
            _("状态"),
            _("申请金额（元）"),
            _("批复金额（元）"),
            _("已拨付金额（元）"),
            _("申报日期"),
            _("批复日期"),
        ],
        rows=(
            [
                a.enterprise.name,
                a.enterprise.park.name,
                a.program.name,
                a.get_status_display(),
                a.amount_requested,
                a.amount_approved,
                a.amount_disbursed,
                a.submitted_on,
                a.decided_on,
            ]
            for a in apps
        ),
    )


@login_required
def application_totals_export(request: AuthedRequest) -> HttpResponse:
    module(request, "policies")
    by = request.GET.get("by", "program")
    by = by if by in queries.TOTALS_BY else "program"
    rows = queries.application_totals(user=request.user, by=by)
    return xlsx_response(
        filename="申报资金汇总.xlsx",
        sheet="汇总",
        headers=[
            _("分组"),
            _("申报数"),
            _("获批数"),
            _("申请金额（元）"),
            _("批复金额（元）"),
            _("已拨付金额（元）"),
        ],
        rows=(
            [r["label"], r["n"], r["n_approved"], r["requested"], r["approved"], r["disbursed"]]
            for r in rows
        ),
    )


@login_required
def application_create(request: AuthedRequest, program_id: int, enterprise_id: int) -> HttpResponse:
    module(request, "policies")
    program = get_object_or_404(queries.program_list(user=request.user), pk=program_id)
    enterprise = visible_enterprise(request, enterprise_id)
    require(can_apply(request.user, enterprise))
    existing = (
        queries.application_list(user=request.user)
        .filter(program=program, enterprise=enterprise)
        .first()
    )
    if existing:
        return redirect("support:application", application_id=existing.pk)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_save(
                actor=request.user, enterprise=enterprise, program=program, data=form.cleaned_data
            )
        except ValidationError as exc:
            report_errors(request, exc)
        else:
            messages.success(request, _("已建立申报，请准备材料后提交"))
            return redirect("support:application", application_id=application.pk)
    return render(
        request,
        "support/application_form.html",
        {"form": form, "program": program, "enterprise": enterprise},
    )


@login_required
def application_detail(request: AuthedRequest, application_id: int) -> HttpResponse:
    module(request, "policies")
    application = get_object_or_404(queries.application_list(user=request.user), pk=application_id)
    may_apply = can_apply(request.user, application.enterprise)
    editing = may_apply and application.status == ApplicationStatus.PREPARING
    form = ApplicationForm(
        request.POST or None,
        initial={"amount_requested": application.amount_requested, "note": application.note},
    )
    if request.method == "POST":
        require(editing)
        if form.is_valid():
            try:
                services.application_save(
                    actor=request.user,
                    enterprise=application.enterprise,
                    program=application.program,
                    data=form.cleaned_data,
                    application=application,
                )
            except ValidationError as exc:
                report_errors(request, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("support:application", application_id=application.pk)
    return render(
        request,
        "support/application_detail.html",
        {
            "application": application,
            "form": form if editing else None,
            "may_submit": may_apply and application.status == ApplicationStatus.PREPARING,
            "may_decide": can_decide(request.user),
            "decision_form": DecisionForm(),
            "disburse_form": DisburseForm(
                initial={"amount_disbursed": application.amount_disbursed}
            ),
            "history": timeline(application)[:30],
        },
    )


@login_required
@require_POST
def application_action(request: AuthedRequest, application_id: int) -> HttpResponse:
    module(request, "policies")
    application = get_object_or_404(queries.application_list(user=request.user), pk=application_id)
    try:
        if "amount_disbursed" in request.POST:
            form: Any = DisburseForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            services.application_disburse(
                actor=request.user,
                application=application,
                amount_disbursed=form.cleaned_data["amount_disbursed"],
            )
        else:
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form_errors(form))
            services.application_transition(
                actor=request.user,
                application=application,
                status=form.cleaned_data["status"],
                amount_approved=form.cleaned_data["amount_approved"],
                note=form.cleaned_data["note"],
            )
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        messages.success(request, _("已更新申报状态"))
    return redirect("support:application", application_id=application.pk)


def _difficulty_filters(request: AuthedRequest) -> dict[str, Any]:
    status = request.GET.get("status", "")
    stage = request.GET.get("stage", "")
    return {
        "status": status if status in DifficultyStatus.values else "",
        "stage": stage if stage in Stage.values else "",
        "department": query_int(request, "department"),
        "q": request.GET.get("q", "").strip()[:100],
    }


@login_required
def difficulty_list(request: AuthedRequest) -> HttpResponse:
    module(request, "difficulties")
    filters = _difficulty_filters(request)
    items = queries.difficulty_list(user=request.user, **filters)
    return render(
        request,
        "support/difficulty_list.html",
        {
            "page": Paginator(items, PAGE_SIZE).get_page(request.GET.get("page")),
            "filters": filters,
            "statuses": DifficultyStatus.choices,
            "stages": Stage.choices,
            "departments": Department.objects.all(),
        },
    )


@login_required
def difficulty_export(request: AuthedRequest) -> HttpResponse:
    module(request, "difficulties")
    items = queries.difficulty_list(user=request.user, **_difficulty_filters(request))
    return xlsx_response(
        filename="难点堵点.xlsx",
        sheet="难点堵点",
        headers=[
            _("企业"),
            _("园区"),
            _("问题"),
            _("环节"),
            _("责任部门"),
            _("状态"),
            _("登记日期"),
            _("解决情况"),
            _("解决日期"),
        ],
        rows=(
            [
                d.enterprise.name,
                d.enterprise.park.name,
                d.title,
                d.get_stage_display(),
                d.department.name if d.department else "",
                d.get_status_display(),
                d.reported_on,
                d.resolution,
                d.resolved_on,
            ]
            for d in items
        ),
    )


@login_required
def difficulty_edit(
    request: AuthedRequest, difficulty_id: int | None = None, enterprise_id: int | None = None
) -> HttpResponse:
    module(request, "difficulties")
    difficulty = None
    if difficulty_id is not None:
        difficulty = get_object_or_404(queries.difficulty_list(user=request.user), pk=difficulty_id)
        enterprise = difficulty.enterprise
    else:
        enterprise = visible_enterprise(
            request, enterprise_id or getattr(request.user, "enterprise_id", None)
        )
    officer = can_serve(request.user, enterprise)
    may_edit = officer or (difficulty is None and can_apply(request.user, enterprise))
    if difficulty is None:
        # A new difficulty's form is offered only to whoever may report it (the table).
        require(may_edit)
    form = DifficultyForm(request.POST or None, instance=difficulty, officer=officer)
    if request.method == "POST":
        require(may_edit)
        if form.is_valid():
            try:
                difficulty = services.difficulty_save(
                    actor=request.user,
                    enterprise=enterprise,
                    data=form.cleaned_data,
                    difficulty=difficulty,
                )
            except ValidationError as exc:
                report_errors(request, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("support:difficulty", difficulty_id=difficulty.pk)
    return render(
        request,
        "support/difficulty_form.html",
        {
            "form": form if may_edit else None,
            "difficulty": difficulty,
            "enterprise": enterprise,
            "history": timeline(difficulty)[:30] if difficulty else [],
            **_appeal_context(request.user, difficulty, officer),
        },
    )


def _appeal_context(user: User, difficulty: Any, officer: bool) -> dict[str, Any]:
    """The appeal a difficulty became (linked if the reader may open it), or the form to send it
    to the appeals intake."""
    if difficulty is None:
        return {}
    appeal = difficulty.appeal
    offer = appeal is None and officer and difficulty.status != DifficultyStatus.RESOLVED
    return {
        "appeal": appeal,
        "appeal_visible": appeals.appeal_is_visible(user=user, appeal_id=difficulty.appeal_id),
        "appeal_form": DifficultyAppealForm() if offer else None,
    }


@login_required
@require_POST
def difficulty_appeal(request: AuthedRequest, difficulty_id: int) -> HttpResponse:
    """转为诉求: send the difficulty to the appeals intake (有诉必应)."""
    module(request, "difficulties")
    difficulty = get_object_or_404(queries.difficulty_list(user=request.user), pk=difficulty_id)
    require(can_serve(request.user, difficulty.enterprise))
    form = DifficultyAppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("support:difficulty", difficulty_id=difficulty.pk)
    try:
        appeal = services.difficulty_to_appeal(
            actor=request.user, difficulty=difficulty, **form.cleaned_data
        )
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        messages.success(
            request,
            _("已转为诉求 %(number)s，派往%(department)s")
            % {"number": appeal.number, "department": appeal.department or _("企业服务中心")},
        )
    return redirect("support:difficulty", difficulty_id=difficulty.pk)
