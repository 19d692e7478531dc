"""Cultivation pools, candidates from the data, the services dashboard and notices."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core import charts as palette
from zoneops.core.exports import xlsx_response
from zoneops.core.history import timeline
from zoneops.core.http import AuthedRequest
from zoneops.core.params import query_int
from zoneops.core.permissions import require
from zoneops.core.units import to_display
from zoneops.support import queries, services
from zoneops.support.forms import MembershipForm
from zoneops.support.models import CultivationPool, MembershipStatus, PoolKind
from zoneops.support.permissions import can_serve
from zoneops.support.views.common import module, report_errors, visible_enterprise


def _distance(request: AuthedRequest) -> Decimal:
    wan = query_int(request, "distance", low=0, high=10**8)
    return Decimal(min(wan, 2000) if wan is not None else 500) * 10_000


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    module(request, "cultivation")
    pools: list[Any] = list(queries.pool_list(user=request.user))
    summary = queries.support_summary(user=request.user)
    totals = queries.application_totals(user=request.user, by="park")
    chart = {
        "grid": {"left": 8, "right": 24, "top": 24, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        # Every pool named under its bars (ECharts would hide the labels that overlap).
        "xAxis": palette.category_axis([str(p.name) for p in pools]),
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "name": _("培育中"),
                "type": "bar",
                "data": [p.n_cultivating for p in pools],
                "itemStyle": {"color": palette.PRIMARY},
            },
            {
                "name": _("已达标"),
                "type": "bar",
                "data": [p.n_achieved for p in pools],
                "itemStyle": {"color": palette.GOOD},
            },
        ],
        "animation": False,
    }
    money_chart = {
        "grid": {"left": 8, "right": 24, "top": 40, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "xAxis": palette.category_axis([str(r["label"]) for r in totals]),
        "yAxis": {"type": "value", "name": _("万元")},
        "series": [
            {
                "name": name,
                "type": "bar",
                "data": [float(to_display(r[key], "万元") or 0) for r in totals],
                "itemStyle": {"color": colour},
            }
            for key, name, colour in (
                ("approved", _("批复"), palette.LIGHT),
                ("disbursed", _("已拨付"), palette.PRIMARY),
            )
        ],
        "animation": False,
    }
    return render(
        request,
        "support/dashboard.html",
        {
            "pools": pools,
            "summary": summary,
            "pool_chart": chart,
            "money_chart": money_chart,
            "candidates": len(queries.cultivation_candidates(user=request.user)),
        },
    )


@login_required
def pool_detail(request: AuthedRequest, pool_id: int) -> HttpResponse:
    module(request, "cultivation")
    pool = get_object_or_404(CultivationPool.objects.visible_to(request.user), pk=pool_id)
    status = request.GET.get("status", MembershipStatus.CULTIVATING)
    status = (
        status
        if status in MembershipStatus.values or status == ""
        else MembershipStatus.CULTIVATING
    )
    rows = queries.pool_progress(user=request.user, pool=pool, status=status)
    return render(
        request,
        "support/pool_detail.html",
        {
            "pool": pool,
            "rows": rows,
            "status": status,
            "statuses": MembershipStatus.choices,
            "year": timezone.localdate().year,
        },
    )


@login_required
def pool_export(request: AuthedRequest, pool_id: int) -> HttpResponse:
    module(request, "cultivation")
    pool = get_object_or_404(CultivationPool.objects.visible_to(request.user), pk=pool_id)
    rows = queries.pool_progress(user=request.user, pool=pool)
    return xlsx_response(
        filename=f"{pool.name}.xlsx",
        sheet=_("培育对象"),
        headers=[
            _("企业"),
            _("园区"),
            _("入库日期"),
            _("目标日期"),
            _("服务专员"),
            _("状态"),
            _("本年累计（元）"),
            _("本年预计（元）"),
            _("奖励"),
            _("奖励金额（元）"),
        ],
        rows=(
            [
                r.membership.enterprise.name,
                r.membership.enterprise.park.name,
                r.membership.joined_on,
                r.membership.target_on,
                str(r.membership.officer or ""),
                r.membership.get_status_display(),
                r.value,
                r.projection,
                r.membership.reward,
                r.membership.reward_amount,
            ]
            for r in rows
        ),
    )


@login_required
def candidate_list(request: AuthedRequest) -> HttpResponse:
    module(request, "cultivation")
    kind = request.GET.get("kind", "")
    kind = kind if kind in PoolKind.values else ""
    distance = _distance(request)
    return render(
        request,
        "support/candidate_list.html",
        {
            "candidates": queries.cultivation_candidates(
                user=request.user, distance=distance, kind=kind
            ),
            "kind": kind,
            "kinds": PoolKind.choices,
            "distance": int(distance / 10_000),
            "pools": {p.kind: p for p in CultivationPool.objects.visible_to(request.user)},
        },
    )


@login_required
def candidate_export(request: AuthedRequest) -> HttpResponse:
    module(request, "cultivation")
    rows = queries.cultivation_candidates(user=request.user, distance=_distance(request))
    return xlsx_response(
        filename="培育候选企业.xlsx",
        sheet=_("候选企业"),
        headers=[
            _("企业"),
            _("园区"),
            _("培育库"),
            _("依据"),
            _("报告期"),
            _("本年累计（元）"),
            _("上年同期累计（元）"),
            _("上年全年（元）"),
            _("近12个月（元）"),
            _("本年预计（元）"),
            _("理由"),
        ],
        rows=(
            [
                c.enterprise.name,
                c.enterprise.park.name,
                PoolKind(c.pool_kind).label,
                _("营业收入") if c.basis == "revenue" else _("工业总产值"),
                c.period,
                c.ytd,
                c.last_ytd,
                c.last_full_year,
                c.ttm,
                c.projection,
                "；".join(c.why),
            ]
            for c in rows
        ),
    )


@login_required
def membership_add(request: AuthedRequest, pool_id: int, enterprise_id: int) -> HttpResponse:
    module(request, "cultivation")
    pool = get_object_or_404(CultivationPool.objects.visible_to(request.user), pk=pool_id)
    enterprise = visible_enterprise(request, enterprise_id)
    require(can_serve(request.user, enterprise))
    form = MembershipForm(
        request.POST or None,
        initial={"joined_on": timezone.localdate(), "officer": enterprise.service_officer_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_save(
                actor=request.user, pool=pool, enterprise=enterprise, data=form.cleaned_data
            )
        except ValidationError as exc:
            report_errors(request, exc)
        else:
            messages.success(request, _("已纳入培育库"))
            return redirect("support:membership", membership_id=membership.pk)
    return render(
        request,
        "support/membership_form.html",
        {"form": form, "pool": pool, "enterprise": enterprise, "membership": None},
    )


@login_required
def membership_edit(request: AuthedRequest, membership_id: int) -> HttpResponse:
    module(request, "cultivation")
    membership = get_object_or_404(queries.membership_list(user=request.user), pk=membership_id)
    may_edit = can_serve(request.user, membership.enterprise)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST":
        require(may_edit)
        if form.is_valid():
            try:
                services.membership_save(
                    actor=request.user,
                    pool=membership.pool,
                    enterprise=membership.enterprise,
                    data=form.cleaned_data,
                    membership=membership,
                )
            except ValidationError as exc:
                report_errors(request, exc)
            else:
                messages.success(request, _("已保存"))
                return redirect("support:membership", membership_id=membership.pk)
    return render(
        request,
        "support/membership_form.html",
        {
            "form": form if may_edit else None,
            "pool": membership.pool,
            "enterprise": membership.enterprise,
            "membership": membership,
            "history": timeline(membership)[:30],
        },
    )


@login_required
def notice_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "support/notice_list.html",
        {"notices": queries.notices_for(user=request.user)[:200]},
    )


@login_required
@require_POST
def notice_read(request: AuthedRequest, notice_id: int) -> HttpResponse:
    notice = get_object_or_404(queries.notices_for(user=request.user), pk=notice_id)
    services.notice_mark_read(user=request.user, notice=notice)
    target = notice.url if url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None) else ""
    return redirect(target or "support:notices")
