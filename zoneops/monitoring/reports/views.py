"""Monthly report pages: the periods, who has (not) reported, filling in, review, correction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core import units
from zoneops.core.history import timeline
from zoneops.core.models import Role, User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int
from zoneops.core.permissions import require
from zoneops.enterprises import queries as registry
from zoneops.monitoring.analysis import aggregates as aggregate_queries
from zoneops.monitoring.models import (
    Indicator,
    IndicatorKind,
    MonthlyReport,
    ReportingPeriod,
    ReportStatus,
)
from zoneops.monitoring.periods import current_period
from zoneops.monitoring.permissions import can_fill, can_review
from zoneops.monitoring.reports import figures as report_figures
from zoneops.monitoring.reports import queries as report_queries
from zoneops.monitoring.reports import services as report_services
from zoneops.monitoring.reports.forms import CorrectionReasonForm, ReportForm, ReturnForm
from zoneops.monitoring.reports.importers import can_import_reports
from zoneops.monitoring.reports.validation import WHOLE as COMPLETENESS
from zoneops.monitoring.reports.validation import as_messages


def _indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True).order_by("order"))


def _period(year: int, month: int) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, year=year, month=month)


@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "reports")
    current = current_period(timezone.localdate())
    user = cast(User, request.user)
    if user.role == Role.ENTERPRISE:
        reports = {r.period_id: r for r in report_queries.report_list(user=user)}
        periods = ReportingPeriod.objects.order_by("-year", "-month")[:36]
        rows = [{"period": p, "report": reports.get(p.pk)} for p in periods]
        return render(request, "monitoring/my_reports.html", {"rows": rows, "current": current})
    visible = report_queries.report_list(user=user)
    counts = {
        row["period"]: row
        for row in visible.values("period").annotate(
            approved=Count("pk", filter=Q(status=ReportStatus.APPROVED)),
            submitted=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
            open=Count("pk", filter=Q(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])),
        )
    }
    page = Paginator(ReportingPeriod.objects.order_by("-year", "-month"), 24).get_page(
        request.GET.get("page")
    )
    empty = {"approved": 0, "submitted": 0, "open": 0}
    # The counts carry the period's id under "period": the period itself goes last.
    rows = [{**counts.get(p.pk, empty), "period": p} for p in page]
    return render(
        request,
        "monitoring/period_list.html",
        {
            "rows": rows,
            "page": page,
            "current": current,
            # The import's own rule: who may not import is not shown the button (404 there).
            "can_import": can_import_reports(user),
        },
    )


@login_required
def period_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    require_module(request.user, "reports")
    period = _period(year, month)
    if getattr(request.user, "role", None) == Role.ENTERPRISE:
        return redirect("monitoring:fill", year=year, month=month)
    status = request.GET.get("status", "")
    reports = report_queries.report_list(
        user=cast(User, request.user), period=period, status=status
    ).order_by("enterprise__park__order", "enterprise__name")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    missing = list(report_queries.not_reported(user=cast(User, request.user), period=period)[:200])
    user = cast(User, request.user)
    # What the reviewer may approve from here: submitted reports of their parks, each with the
    # count of its errors (which stop approval) and of the changes that need an explanation.
    reviewable = [
        r
        for r in page
        if r.status == ReportStatus.SUBMITTED and can_review(user, r.enterprise.park_id)
    ]
    explained = {r.pk for r in reviewable if r.explanation.strip()}
    review = {
        pk: {
            "errors": sum(1 for f in findings if f.is_error),
            # The errors told apart: figures the forms ask for left blank, and the others.
            "missing": sum(1 for f in findings if f.is_error and f.kind in COMPLETENESS),
            "other_errors": sum(1 for f in findings if f.is_error and f.kind not in COMPLETENESS),
            "warnings": sum(1 for f in findings if not f.is_error),
            "explained": pk in explained,
        }
        for pk, findings in report_figures.findings_of(period, reviewable).items()
    }
    return render(
        request,
        "monitoring/period_detail.html",
        {
            "period": period,
            "page": page,
            "review": review,
            "status": status,
            "statuses": ReportStatus.choices,
            "counts": report_queries.period_status(user=cast(User, request.user), period=period),
            "missing": missing,
            "overdue": timezone.localdate() > period.deadline,
        },
    )


@login_required
@require_POST
def period_approve(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """Approve the ticked submitted reports of a period at once (all or none: a report with
    errors is named and nothing is approved)."""
    require_module(request.user, "reports")
    period = _period(year, month)
    wanted = {int(pk) for pk in request.POST.getlist("report") if pk.isdigit()}
    reports = list(
        report_queries.report_list(user=cast(User, request.user), period=period).filter(
            pk__in=wanted
        )
    )
    if len(reports) != len(wanted):
        raise Http404  # a report the reviewer cannot see
    if not reports:
        messages.error(request, _("请先勾选要审核通过的报表。"))
    else:
        try:
            report_services.reports_approve(actor=cast(User, request.user), reports=reports)
        except report_services.ReportRefused as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(
                request, _("已审核通过%(n)d份报表，数据已锁定。") % {"n": len(reports)}
            )
    url = reverse("monitoring:period", args=[year, month])
    status = request.POST.get("status", "")
    return redirect(f"{url}?{urlencode({'status': status})}" if status else url)


@login_required
def report_fill(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The report form: an enterprise for itself, or an officer on an enterprise's behalf."""
    require_module(request.user, "reports")
    period = _period(year, month)
    user = cast(User, request.user)
    enterprise_id = (
        user.enterprise_id if user.role == Role.ENTERPRISE else query_int(request, "enterprise")
    )
    enterprise = get_object_or_404(registry.enterprise_list(user=user), pk=enterprise_id or 0)
    require(can_fill(user, enterprise.pk, enterprise.park_id))
    report = MonthlyReport.objects.filter(enterprise=enterprise, period=period).first()
    if report is not None and report.is_locked:
        return redirect("monitoring:report", report_id=report.pk)
    indicators = _indicators()
    current = report_figures.figures_of(report)
    # 上年同期 the enterprise need not type again: what it reported for this month last year,
    # where this report has none yet.
    last_year, carried = report_figures.last_year_figures(period, enterprise.pk)
    carried = {
        code: values
        for code, values in carried.items()
        if current.get(code, {}).get("last_ytd_value") is None
    }
    form = ReportForm(
        request.POST or None,
        indicators=indicators,
        initial={
            **ReportForm.initial_from(carried, indicators),
            **ReportForm.initial_from(current, indicators),
            "explanation": report.explanation if report else "",
        },
    )
    findings: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            report, _changed = report_services.report_save(
                actor=user,
                enterprise=enterprise,
                period=period,
                figures=form.figures(),
                explanation=form.cleaned_data["explanation"],
                submit="submit" in request.POST,
            )
        except report_services.ReportRefused as refused:
            findings = as_messages(refused.findings, {i.code: i for i in indicators})
            messages.error(request, refused.messages[0])
        else:
            messages.success(
                request,
                _("已报送，等待审核。")
                if report.status == ReportStatus.SUBMITTED
                else _("已保存草稿。"),
            )
            return redirect("monitoring:report", report_id=report.pk)
    return render(
        request,
        "monitoring/report_form.html",
        {
            "form": form,
            "period": period,
            "enterprise": enterprise,
            "report": report,
            "findings": findings,
            "last_year": last_year if carried else None,
            **_year_to_date_hints(period, enterprise.pk, indicators),
        },
    )


def _year_to_date_hints(
    period: ReportingPeriod, enterprise_id: int, indicators: list[Indicator]
) -> dict[str, Any]:
    """For the report form: 上月累计 beside each indicator, and, per flow indicator, what the page
    adds 本月 to when 1—本月累计 is left blank (last month's year to date; 0 in the year's first
    period, when the year to date is the month)."""
    previous = {
        code: values.get("ytd_value")
        for code, values in report_figures.previous_figures(period, enterprise_id).items()
    }
    first = period.month == 1 or period.months_covered == 2
    base: dict[str, str] = {}
    for indicator in indicators:
        value = Decimal(0) if first else previous.get(indicator.code)
        if indicator.kind == IndicatorKind.FLOW and value is not None:
            base[indicator.code] = units.to_input(value, indicator.display_unit)
    return {"previous": previous, "ytd_base": base}


def _value_rows(report: MonthlyReport, indicators: list[Indicator]) -> list[dict[str, Any]]:
    figures = report_figures.figures_of(report)
    rows = []
    for indicator in indicators:
        values = figures.get(indicator.code)
        if values:
            rows.append(
                {
                    "indicator": indicator,
                    **values,
                    "growth": aggregate_queries.growth(
                        values.get("ytd_value"), values.get("last_ytd_value")
                    ),
                }
            )
    return rows


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    require_module(request.user, "reports")
    report = get_object_or_404(
        report_queries.report_list(user=cast(User, request.user)), pk=report_id
    )
    indicators = _indicators()
    user = cast(User, request.user)
    reviewer = can_review(user, report.enterprise.park_id)
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "rows": _value_rows(report, indicators),
            "findings": as_messages(
                report_figures.findings_for(report), {i.code: i for i in indicators}
            ),
            "history": timeline(report)[:30],
            "can_fill": can_fill(user, report.enterprise_id, report.enterprise.park_id)
            and not report.is_locked,
            "can_review": reviewer,
            "return_form": ReturnForm() if reviewer else None,
            "correct_form": CorrectionReasonForm() if reviewer and report.is_locked else None,
        },
    )


@login_required
@require_POST
def report_action(request: HttpRequest, report_id: int) -> HttpResponse:
    require_module(request.user, "reports")
    report = get_object_or_404(
        report_queries.report_list(user=cast(User, request.user)), pk=report_id
    )
    action = request.POST.get("action")
    try:
        if action == "submit":
            report_services.report_submit(actor=cast(User, request.user), report=report)
            messages.success(request, _("已报送。"))
        elif action == "approve":
            report_services.report_approve(actor=cast(User, request.user), report=report)
            messages.success(request, _("已审核通过，数据已锁定。"))
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("退回须写明原因。"))
            else:
                report_services.report_return(
                    actor=cast(User, request.user),
                    report=report,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("已退回企业修改。"))
        else:
            messages.error(request, _("未知操作。"))
    except report_services.ReportRefused as refused:
        messages.error(request, refused.messages[0])
    return redirect("monitoring:report", report_id=report.pk)


@login_required
def report_correct(request: HttpRequest, report_id: int) -> HttpResponse:
    """A correction of an approved report: the figures and a reason, recorded as a revision."""
    require_module(request.user, "reports")
    report = get_object_or_404(
        report_queries.report_list(user=cast(User, request.user)), pk=report_id
    )
    user = cast(User, request.user)
    if not can_review(user, report.enterprise.park_id):
        raise PermissionDenied
    indicators = _indicators()
    form = ReportForm(
        request.POST or None,
        indicators=indicators,
        initial=ReportForm.initial_from(report_figures.figures_of(report), indicators),
    )
    reason = CorrectionReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason.is_valid():
        try:
            report_services.report_correct(
                actor=user,
                report=report,
                figures=form.figures(),
                reason=reason.cleaned_data["reason"],
            )
        except report_services.ReportRefused as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(request, _("已修订（第 %(n)s 次修订）。") % {"n": report.revision})
            return redirect("monitoring:report", report_id=report.pk)
    return render(
        request,
        "monitoring/report_correct.html",
        {
            "form": form,
            "reason_form": reason,
            "report": report,
            "period": report.period,
            "enterprise": report.enterprise,
            **_year_to_date_hints(report.period, report.enterprise_id, indicators),
        },
    )
