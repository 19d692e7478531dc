"""The edit pages of an enterprise's risk points, emergency plans and drills (the add pages
are in views.py): the record found within sight (404 outside), the permission row checked on
its enterprise, the change written by the same service as the addition, its history kept."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from zoneops.safety import queries, services
from zoneops.safety.forms import DrillForm, EmergencyPlanForm, RiskPointForm
from zoneops.safety.views import _record_form, _user


@login_required
def risk_edit(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_object_or_404(queries.risk_points(user=_user(request)), pk=point_id)
    return _record_form(
        request,
        point.enterprise_id,
        action="safety.risk",
        form_class=RiskPointForm,
        save=partial(services.risk_point_save, point=point),
        title=_("修改风险点"),
        saved=_("风险点已保存"),
        instance=point,
    )


@login_required
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(queries.emergency_plans(user=_user(request)), pk=plan_id)
    return _record_form(
        request,
        plan.enterprise_id,
        action="safety.emergency",
        form_class=EmergencyPlanForm,
        save=partial(services.emergency_plan_save, plan=plan),
        title=_("修改应急预案"),
        saved=_("应急预案已保存"),
        instance=plan,
    )


@login_required
def drill_edit(request: HttpRequest, drill_id: int) -> HttpResponse:
    user = _user(request)
    drill = get_object_or_404(queries.drills(user=user), pk=drill_id)
    return _record_form(
        request,
        drill.enterprise_id,
        action="safety.emergency",
        form_class=DrillForm,
        save=partial(services.drill_save, drill=drill),
        title=_("修改演练记录"),
        saved=_("演练已保存"),
        instance=drill,
        plans=lambda firm: queries.emergency_plans(user=user).filter(enterprise=firm),
    )
