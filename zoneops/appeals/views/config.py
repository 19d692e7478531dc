"""Configuration pages of the window: routing rules, time limits, the holiday calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.appeals import permissions as perms
from zoneops.appeals import services
from zoneops.appeals.forms import CalendarDayForm, RoutingRuleForm, TimeLimitForm
from zoneops.appeals.models import CalendarDay, Category, RoutingRule, TimeLimit, Urgency
from zoneops.appeals.views.access import require_staff
from zoneops.appeals.workdays import package_knows, package_years
from zoneops.core.exports import xlsx_response
from zoneops.core.params import query_int
from zoneops.core.permissions import require


def _guard(request: HttpRequest) -> None:
    require_staff(request.user)


@login_required
def routing_rules(request: HttpRequest, rule_id: int | None = None) -> HttpResponse:
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
def routing_rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    _guard(request)
    rule = get_object_or_404(RoutingRule.objects.all(), pk=rule_id)
    services.routing_rule_delete(request.user, rule=rule)
    messages.success(request, _("分办规则已删除"))
    return redirect("appeals:rules")


@login_required
def routing_rules_export(request: HttpRequest) -> HttpResponse:
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
def time_limits(request: HttpRequest) -> HttpResponse:
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
def calendar_page(request: HttpRequest) -> HttpResponse:
    _guard(request)
    can_edit = perms.can_configure(request.user)
    today = timezone.localdate()
    year = query_int(request, "year", low=2000, high=2100) or today.year + 1
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            services.calendar_day_set(request.user, **form.cleaned_data)
            messages.success(request, _("已保存"))
            day: dt.date = form.cleaned_data["date"]
            return redirect(f"{request.path}?year={day.year}")
    first, last = package_years()
    days = CalendarDay.objects.visible_to(request.user).filter(date__year=year)
    return render(
        request,
        "appeals/calendar.html",
        {
            "year": year,
            "years": range(today.year - 1, today.year + 3),
            "days": days,
            "form": form,
            "can_edit": can_edit,
            "package_first": first,
            "package_last": last,
            "package_knows": package_knows(year),
            "has_entries": days.exists(),
        },
    )


@login_required
@require_POST
def calendar_day_delete(request: HttpRequest, day_id: int) -> HttpResponse:
    _guard(request)
    day = get_object_or_404(CalendarDay.objects.all(), pk=day_id)
    services.calendar_day_delete(request.user, day=day)
    messages.success(request, _("已删除"))
    return redirect(f"/appeals/calendar/?year={day.date.year}")


@login_required
def calendar_export(request: HttpRequest) -> HttpResponse:
    _guard(request)
    days = CalendarDay.objects.visible_to(request.user)
    return xlsx_response(
        filename="节假日安排.xlsx",
        sheet="节假日安排",
        headers=["日期", "类型", "节日"],
        rows=([d.date, d.get_kind_display(), d.name] for d in days),
    )


@login_required
def time_limits_export(request: HttpRequest) -> HttpResponse:
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
