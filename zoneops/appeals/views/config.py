"""Configuration pages of the window: routing rules and time limits (the holiday calendar the
limits count on is core's: :mod:`zoneops.core.views.calendar`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.appeals import permissions as perms
from zoneops.appeals import services
from zoneops.appeals.forms import RoutingRuleForm, TimeLimitForm
from zoneops.appeals.models import Category, RoutingRule, TimeLimit, Urgency
from zoneops.appeals.views.access import require_staff
from zoneops.core.exports import xlsx_response
from zoneops.core.http import AuthedRequest
from zoneops.core.permissions import require


def _guard(request: AuthedRequest) -> None:
    require_staff(request.user)


@login_required
def routing_rules(request: AuthedRequest, rule_id: int | None = None) -> HttpResponse:
    _guard(request)
    rule = get_object_or_404(RoutingRule.objects.all(), pk=rule_id) if rule_id else None
    can_edit = perms.can_configure(request.user)
    form = RoutingRuleForm(request.POST or None, instance=rule)
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                services.routing_rule_save(request.user, data=form.cleaned_data, rule=rule)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("分办规则已保存"))
                return redirect("appeals:rules")
    return render(
        request,
        "appeals/rules.html",
        {
            "rules": RoutingRule.objects.visible_to(request.user).select_related("department"),
            "form": form,
            "editing": rule,
            "can_edit": can_edit,
        },
    )


@login_required
@require_POST
def routing_rule_delete(request: AuthedRequest, rule_id: int) -> HttpResponse:
    _guard(request)
    rule = get_object_or_404(RoutingRule.objects.all(), pk=rule_id)
    services.routing_rule_delete(request.user, rule=rule)
    messages.success(request, _("分办规则已删除"))
    return redirect("appeals:rules")


@login_required
def routing_rules_export(request: AuthedRequest) -> HttpResponse:
    _guard(request)
    rules = RoutingRule.objects.visible_to(request.user).select_related("department")
    return xlsx_response(
        filename="分办规则.xlsx",
        sheet="分办规则",
        headers=["优先级", "诉求事项", "关键词", "承办部门", "启用"],
        rows=(
            [
                r.priority,
                r.get_topic_display(),
                r.keyword,
                r.department.name,
                "是" if r.is_active else "否",
            ]
            for r in rules
        ),
    )


@login_required
def time_limits(request: AuthedRequest) -> HttpResponse:
    _guard(request)
    can_edit = perms.can_configure(request.user)
    form = TimeLimitForm(request.POST or None)
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            services.time_limit_set(request.user, **form.cleaned_data)
            messages.success(request, _("办理时限已保存，对此后受理的诉求生效"))
            return redirect("appeals:limits")
    stored = {(t.category, t.urgency): t for t in TimeLimit.objects.visible_to(request.user)}
    rows: list[dict[str, Any]] = []
    for category, category_label in Category.choices:
        for urgency, urgency_label in Urgency.choices:
            days, remind = services.limit_for(category, urgency)
            rows.append(
                {
                    "category": category,
                    "category_label": category_label,
                    "urgency": urgency,
                    "urgency_label": urgency_label,
                    "days": days,
                    "remind": remind,
                    "is_default": (category, urgency) not in stored,
                }
            )
    return render(
        request, "appeals/limits.html", {"rows": rows, "form": form, "can_edit": can_edit}
    )


@login_required
def time_limits_export(request: AuthedRequest) -> HttpResponse:
    _guard(request)
    rows = []
    for category, category_label in Category.choices:
        for urgency, urgency_label in Urgency.choices:
            days, remind = services.limit_for(category, urgency)
            rows.append([str(category_label), str(urgency_label), days, remind])
    return xlsx_response(
        filename="办理时限.xlsx",
        sheet="办理时限",
        headers=["诉求类型", "紧急程度", "时限（工作日）", "提前提醒（工作日）"],
        rows=rows,
    )
