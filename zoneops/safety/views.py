"""The safety pages: the dashboard, a grid's round, an enterprise's safety page, the inspection
form (made for a phone), the hazard list and a hazard's page with its loop. Thin: parse, call
a query or a service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from zoneops.core import charts
from zoneops.core.exports import export
from zoneops.core.history import timeline
from zoneops.core.models import Role, User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_int
from zoneops.core.permissions import require
from zoneops.safety import plan_queries, queries, services
from zoneops.safety.forms import (
    AccidentForm,
    DrillForm,
    DrillHazardForm,
    EmergencyPlanForm,
    HazardActForm,
    InspectionForm,
    ProfileForm,
    RiskPointForm,
)
from zoneops.safety.models import (
    AccidentGrade,
    Checklist,
    HazardLevel,
    HazardStatus,
    InspectionPlan,
    Outcome,
    Photo,
    RiskColour,
    SafetyProfile,
    Source,
    StepKind,
)
from zoneops.safety.permissions import may_act

MODULE = "safety"


def _user(request: HttpRequest) -> User:
    user = cast(User, request.user)
    require_module(user, MODULE)
    return user


def _status_chart(counts: dict[str, Any]) -> dict[str, Any]:
    statuses = list(HazardStatus)
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 10, "top": 36, "bottom": 60},
        "xAxis": charts.category_axis([str(s.label) for s in statuses], width=64),
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "name": str(level.label),
                "type": "bar",
                "stack": "level",
                "color": charts.BAD if level == HazardLevel.MAJOR else charts.PRIMARY,
                "data": [counts.get(level, {}).get(s, 0) for s in statuses],
            }
            for level in HazardLevel
        ],
    }


def _coverage_chart(rows: list[queries.Coverage]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 10, "bottom": 70},
        "xAxis": charts.category_axis([r.grid.name for r in rows], width=56),
        "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "series": [
            {
                "name": _("覆盖率"),
                "type": "bar",
                "color": charts.GOOD,
                "data": [r.rate or 0 for r in rows],
            }
        ],
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return redirect("safety:enterprise", enterprise_id=user.enterprise_id)
    today = timezone.localdate()
    rows = queries.coverage(user=user, today=today)
    overdue = queries.overdue_by_park(user=user, today=today)
    return render(
        request,
        "safety/home.html",
        {
            "figures": queries.briefing_figures(user=user, today=today),
            "coverage": rows,
            "reminders": queries.reminders(user=user),
            "status_chart": _status_chart(queries.status_counts(user=user)),
            "coverage_chart": _coverage_chart(rows),
            "overdue_chart": {
                "tooltip": {"trigger": "axis"},
                "grid": {"left": 40, "right": 10, "bottom": 40},
                "xAxis": charts.category_axis([name for name, _n in overdue]),
                "yAxis": {"type": "value", "minInterval": 1},
                "series": [
                    {
                        "name": _("逾期隐患"),
                        "type": "bar",
                        "color": charts.BAD,
                        "data": [n for _name, n in overdue],
                    }
                ],
            },
            "is_grid_member": user.role == Role.GRID_MEMBER,
            "flags": queries.self_check_flags(user=user, today=today)[:10],
            "colour_chart": _colour_chart(queries.colours_by_grid(user=user)),
        },
    )


@login_required
def grid(request: HttpRequest, grid_id: int) -> HttpResponse:
    user = _user(request)
    found = get_object_or_404(queries.grids(user=user), pk=grid_id)
    today = timezone.localdate()
    rounds = queries.grid_round(user=user, grid=found, today=today)
    return render(
        request,
        "safety/grid.html",
        {
            "grid": found,
            "rounds": rounds,
            "due": sum(1 for r in rounds if r.due),
            # A grid's enterprises share its park and its members: one answer serves the list.
            "can_inspect": bool(rounds)
            and may_act(user, "safety.inspect", rounds[0].profile.enterprise),
        },
    )


@login_required
def enterprise(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    user = _user(request)
    firm = get_object_or_404(queries.enterprises(user=user), pk=enterprise_id)
    profile = SafetyProfile.objects.filter(enterprise=firm).select_related("grid").first()
    today = timezone.localdate()
    return render(
        request,
        "safety/enterprise.html",
        {
            "firm": firm,
            "profile": profile,
            "hazards": queries.hazards(user=user, enterprise=firm)[:50],
            "inspections": queries.inspections(user=user).filter(enterprise=firm)[:20],
            "can_inspect": may_act(user, "safety.inspect", firm),
            "can_profile": may_act(user, "safety.profile", firm),
            "can_risk": may_act(user, "safety.risk", firm),
            "can_emergency": may_act(user, "safety.emergency", firm),
            "can_accident": may_act(user, "safety.accident", firm),
            "risk_points": queries.risk_points(user=user).filter(enterprise=firm),
            "plans": queries.emergency_plans(user=user).filter(enterprise=firm),
            "drills": queries.drills(user=user).filter(enterprise=firm)[:20],
            "duty": next(iter(queries.drill_duties_of(firm=firm, today=today)), None),
            "accidents": queries.accidents(user=user).filter(enterprise=firm),
            "shutdowns": plan_queries.shutdowns(user=user).filter(enterprise=firm)[:20],
            "can_shutdown": may_act(user, "safety.shutdown", firm),
            "warn_until": today + dt.timedelta(days=queries.PLAN_WARN_DAYS),
            "today": today,
        },
    )


@login_required
def profile_edit(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    user = _user(request)
    firm = get_object_or_404(queries.enterprises(user=user), pk=enterprise_id)
    require(may_act(user, "safety.profile", firm))
    profile = SafetyProfile.objects.filter(enterprise=firm).first()
    form = ProfileForm(
        request.POST or None, instance=profile, grids=queries.grids(user=user).order_by("code")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(actor=user, enterprise=firm, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("安全档案已保存"))
            return redirect("safety:enterprise", enterprise_id=firm.pk)
    return render(request, "safety/profile_form.html", {"firm": firm, "form": form})


def _checklist(request: HttpRequest, plan: InspectionPlan | None = None) -> Checklist | None:
    wanted = query_int(request, "checklist")
    lists = queries.checklists()
    if wanted is not None:
        return get_object_or_404(lists, pk=wanted)
    if plan is not None and plan.checklist_id:
        return lists.filter(pk=plan.checklist_id).first()
    return lists.filter(theme="general").order_by("-version").first() or lists.first()


@login_required
def inspection_add(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    user = _user(request)
    firm = get_object_or_404(queries.enterprises(user=user), pk=enterprise_id)
    require(may_act(user, "safety.inspect", firm))
    # An enterprise's own check is a self-check, never a round of the supervisors' plans.
    plans = plan_queries.open_plans(user=user, enterprise=firm, day=timezone.localdate())
    if user.role == Role.ENTERPRISE:
        plans = plans.none()
    wanted = query_int(request, "plan")
    plan = plans.filter(pk=wanted).first() if wanted is not None else None
    checklist = _checklist(request, plan)
    items = list(checklist.items.all()) if checklist else []
    initial = {
        "inspectors": user.full_name or user.username,
        "source": Source.SELF if user.role == Role.ENTERPRISE else Source.SUPERVISION,
        "plan": plan,
    }
    form = InspectionForm(
        request.POST or None, request.FILES or None, items=items, plans=plans, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data.get(name)
            for name in ("plan", "source", "inspected_on", "inspectors", "place", "note")
        }
        try:
            inspection = services.inspection_record(
                actor=user,
                enterprise=firm,
                data={**data, "checklist": checklist},
                results=form.results(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            failed = inspection.hazards.count()
            messages.success(request, _("检查已记录，发现隐患 %(n)s 项") % {"n": failed})
            return redirect("safety:inspection", inspection_id=inspection.pk)
    return render(
        request,
        "safety/inspection_form.html",
        {
            "firm": firm,
            "form": form,
            "checklist": checklist,
            "checklists": queries.checklists().order_by("theme", "name", "-version"),
            "plan": plan,
            "FAIL": Outcome.FAIL,
        },
    )


@login_required
def inspection(request: HttpRequest, inspection_id: int) -> HttpResponse:
    user = _user(request)
    found = get_object_or_404(queries.inspections(user=user), pk=inspection_id)
    return render(
        request,
        "safety/inspection.html",
        {
            "inspection": found,
            "results": found.results.select_related("item").prefetch_related("photos"),
            "hazards": found.hazards.all(),
        },
    )


@login_required
def hazards(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "open")
    status = status if status in {"open", "", *HazardStatus.values} else "open"
    level = request.GET.get("level", "")
    level = level if level in HazardLevel.values else ""
    overdue = request.GET.get("overdue") == "1"
    today = timezone.localdate()
    found = queries.hazards(user=user, status=status, level=level, overdue=overdue, today=today)
    page = Paginator(found, 30).get_page(query_int(request, "page"))
    return render(
        request,
        "safety/hazard_list.html",
        {
            "page": page,
            "status": status,
            "level": level,
            "overdue": overdue,
            "statuses": HazardStatus.choices,
            "levels": HazardLevel.choices,
            "today": today,
        },
    )


@login_required
def hazard(request: HttpRequest, hazard_id: int) -> HttpResponse:
    user = _user(request)
    found = get_object_or_404(
        queries.hazards(user=user).select_related("item", "inspection"), pk=hazard_id
    )
    return render(
        request,
        "safety/hazard_detail.html",
        {
            "hazard": found,
            "steps": found.steps.select_related("actor").prefetch_related("photos"),
            "finding_photos": Photo.objects.filter(
                result__inspection=found.inspection_id, result__item=found.item_id
            )
            if found.inspection_id
            else [],
            "history": timeline(found)[:20],
            "acts": services.acts_for(user, found),
            "act_labels": {
                "order": _("责令整改"),
                "start": _("开始整改"),
                "rectified": _("报告整改完成"),
                "pass": _("复查通过，销号"),
                "fail": _("复查不通过"),
            },
            "form": HazardActForm(),
            "overdue": found.is_overdue(timezone.localdate()),
            "StepKind": StepKind,
        },
    )


@login_required
@require_POST
def hazard_act(request: HttpRequest, hazard_id: int) -> HttpResponse:
    user = _user(request)
    found = get_object_or_404(queries.hazards(user=user), pk=hazard_id)
    form = HazardActForm(request.POST, request.FILES)
    action = request.POST.get("action", "")
    if action not in services.ACTS:
        messages.error(request, _("未知的操作"))
        return redirect("safety:hazard", hazard_id=found.pk)
    require(may_act(user, services.ACTS[action][0], found.enterprise))
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, "；".join(problems))
        return redirect("safety:hazard", hazard_id=found.pk)
    try:
        services.hazard_act(
            actor=user,
            hazard=found,
            action=action,
            note=form.cleaned_data["note"],
            deadline_days=form.cleaned_data["deadline_days"],
            photos=form.cleaned_data["photos"],
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已保存"))
    return redirect("safety:hazard", hazard_id=found.pk)


# ---- the enforcement documents (documents.py), on the export path -----------------------------


@require_safe
@login_required
def inspection_document(request: HttpRequest, inspection_id: int, doc: str) -> HttpResponse:
    """现场检查记录 (``record``) or 责令限期整改指令书 (``order``) of an inspection."""
    user = _user(request)
    found = get_object_or_404(queries.inspections(user=user), pk=inspection_id)
    if doc not in ("record", "order"):
        raise Http404
    params = QueryDict(mutable=True)
    params.update({"doc": doc, "id": str(found.pk)})
    return export(request, "safety.document", title=str(found), params=params)


@require_safe
@login_required
def recheck_document(request: HttpRequest, hazard_id: int) -> HttpResponse:
    """整改复查意见书 of a hazard that has been re-checked."""
    user = _user(request)
    found = get_object_or_404(queries.hazards(user=user), pk=hazard_id)
    params = QueryDict(mutable=True)
    params.update({"doc": "recheck", "id": str(found.pk)})
    return export(request, "safety.document", title=str(found), params=params)


# ---- the risk register, emergency plans and drills, accidents -------------------------------


def _colour_chart(rows: list[queries.ColourRow]) -> dict[str, Any]:
    """Risk points by grid, stacked by colour (the four-colour summary)."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 10, "top": 36, "bottom": 70},
        "xAxis": charts.category_axis([r.grid.name for r in rows], width=56),
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "name": label,
                "type": "bar",
                "stack": "colour",
                "color": f"var(--zo-chart-risk-{colour})",
                "data": [r.counts[colour] for r in rows],
            }
            for colour, label in queries.colour_labels()
        ],
    }


@login_required
def risks(request: HttpRequest) -> HttpResponse:
    """The risk list with its colours and the four-colour summary by grid."""
    user = _user(request)
    colour = request.GET.get("colour", "")
    colour = colour if colour in RiskColour.values else ""
    rows = queries.colours_by_grid(user=user)
    found = queries.risk_points(user=user, colour=colour).order_by(
        "enterprise__park__order", "enterprise__name", "code"
    )
    page = Paginator(found, 50).get_page(query_int(request, "page"))
    totals = {c: sum(r.counts[c] for r in rows) for c, _label in queries.colour_labels()}
    return render(
        request,
        "safety/risk_list.html",
        {
            "page": page,
            "colour": colour,
            "colours": queries.colour_labels(),
            "rows": rows,
            "totals": totals,
            "colour_chart": _colour_chart(rows),
        },
    )


@login_required
def drills(request: HttpRequest) -> HttpResponse:
    """Drills against the required frequency (who is late), plans about to expire, recent
    drills."""
    user = _user(request)
    today = timezone.localdate()
    duties = queries.drill_duties(user=user, today=today)
    show_all = request.GET.get("all") == "1"
    late = [d for d in duties if d.late]
    return render(
        request,
        "safety/drill_list.html",
        {
            "duties": duties if show_all else late,
            "show_all": show_all,
            "late": len(late),
            "firms": len(duties),
            "plans": queries.plans_expiring(user=user, today=today).order_by("valid_until"),
            "drills": queries.drills(user=user)[:50],
            "today": today,
        },
    )


@login_required
def accidents(request: HttpRequest) -> HttpResponse:
    """Accidents with their grades, and counts by park for the period (this year by default)."""
    user = _user(request)
    today = timezone.localdate()
    year = query_int(request, "year") or today.year
    year = year if 1990 <= year <= today.year else today.year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return render(
        request,
        "safety/accident_list.html",
        {
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "counts": queries.accident_counts(user=user, start=start, end=end),
            "grades": AccidentGrade.choices,
            "accidents": queries.accidents(user=user).filter(
                occurred_on__gte=start, occurred_on__lte=end
            ),
        },
    )


def form_errors(form: Any, exc: ValidationError) -> None:
    """A service's refusal on the form: each field's message beside its field, the rest on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _record_form(
    request: HttpRequest,
    enterprise_id: int,
    *,
    action: str,
    form_class: Any,
    save: Any,
    title: str,
    saved: str,
    instance: Any = None,
    **form_kwargs: Any,
) -> HttpResponse:
    """Add (or, given ``instance``, change) one record of an enterprise (risk point, plan,
    drill, accident) through its service."""
    user = _user(request)
    firm = get_object_or_404(queries.enterprises(user=user), pk=enterprise_id)
    require(may_act(user, action, firm))
    kwargs = {key: value(firm) for key, value in form_kwargs.items()}
    form = form_class(request.POST or None, instance=instance, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=user, enterprise=firm, data=form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, saved)
            return redirect("safety:enterprise", enterprise_id=firm.pk)
    return render(request, "safety/record_form.html", {"firm": firm, "form": form, "title": title})


@login_required
def risk_add(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    return _record_form(
        request,
        enterprise_id,
        action="safety.risk",
        form_class=RiskPointForm,
        save=services.risk_point_save,
        title=_("登记风险点"),
        saved=_("风险点已保存"),
    )


@login_required
def plan_add(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    return _record_form(
        request,
        enterprise_id,
        action="safety.emergency",
        form_class=EmergencyPlanForm,
        save=services.emergency_plan_save,
        title=_("登记应急预案"),
        saved=_("应急预案已保存"),
    )


@login_required
def drill_add(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    user = cast(User, request.user)
    return _record_form(
        request,
        enterprise_id,
        action="safety.emergency",
        form_class=DrillForm,
        save=services.drill_save,
        title=_("记录应急演练"),
        saved=_("演练已记录"),
        plans=lambda firm: queries.emergency_plans(user=user).filter(enterprise=firm),
    )


@login_required
def accident_add(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    return _record_form(
        request,
        enterprise_id,
        action="safety.accident",
        form_class=AccidentForm,
        save=services.accident_save,
        title=_("登记生产安全事故"),
        saved=_("事故已登记"),
    )


@login_required
def drill(request: HttpRequest, drill_id: int) -> HttpResponse:
    """A drill with its evaluation and problems; a problem is raised as a hazard here."""
    user = _user(request)
    found = get_object_or_404(queries.drills(user=user), pk=drill_id)
    can_raise = may_act(user, "safety.inspect", found.enterprise)
    form = DrillHazardForm(request.POST or None)
    if request.method == "POST":
        require(can_raise)
        if form.is_valid():
            try:
                hazard_ = services.drill_hazard(actor=user, drill=found, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已转为隐患 %(number)s") % {"number": hazard_.number})
                return redirect("safety:hazard", hazard_id=hazard_.pk)
    return render(
        request,
        "safety/drill_detail.html",
        {
            "drill": found,
            "hazards": queries.hazards(user=user).filter(drill=found),
            "form": form,
            "can_raise": can_raise,
            "can_edit": may_act(user, "safety.emergency", found.enterprise),
        },
    )
