"""The policy library, funding programs, their eligibility rules and the matches."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneops.core.exports import xlsx_response
from zoneops.core.history import timeline
from zoneops.core.http import AuthedRequest
from zoneops.core.permissions import require
from zoneops.support import queries, services
from zoneops.support.forms import PolicyForm, ProgramForm, posted_rules, rule_context, rule_entry
from zoneops.support.importers import COLUMNS as POLICY_COLUMNS
from zoneops.support.importers import FIELDS as POLICY_FIELDS
from zoneops.support.models import FundingProgram, Level, Policy, RuleField
from zoneops.support.permissions import can_apply, can_edit_programs
from zoneops.support.views.common import (
    PAGE_SIZE,
    module,
    report_errors,
    visible_enterprise,
)

STATES = (
    ("open", gettext_lazy("申报中")),
    ("upcoming", gettext_lazy("未开始")),
    ("closed", gettext_lazy("已截止")),
)


@login_required
def policy_list(request: AuthedRequest) -> HttpResponse:
    module(request, "policies")
    q = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("level", "")
    level = level if level in Level.values else ""
    page = Paginator(queries.policy_search(user=request.user, q=q, level=level), PAGE_SIZE)
    context = {
        "page": page.get_page(request.GET.get("page")),
        "q": q,
        "level": level,
        "levels": Level.choices,
        "can_edit": can_edit_programs(request.user),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "policy-table":
        return render(request, "support/policy_list.html#table", context)
    return render(request, "support/policy_list.html", context)


@login_required
def policy_export(request: AuthedRequest) -> HttpResponse:
    module(request, "policies")
    q = request.GET.get("q", "").strip()[:100]
    policies = queries.policy_search(user=request.user, q=q)
    # The policy import's own layout (its headers, in its order), so an export reads back.
    return xlsx_response(
        filename="惠企政策.xlsx",
        sheet="惠企政策",
        headers=[column.header for column in POLICY_COLUMNS],
        rows=(
            [p.get_level_display() if key == "level" else getattr(p, key) for key in POLICY_FIELDS]
            for p in policies
        ),
    )


@login_required
def policy_detail(request: AuthedRequest, policy_id: int) -> HttpResponse:
    module(request, "policies")
    policy = get_object_or_404(Policy.objects.visible_to(request.user), pk=policy_id)
    return render(
        request,
        "support/policy_detail.html",
        {
            "policy": policy,
            "programs": queries.program_list(user=request.user).filter(policy=policy),
            "history": timeline(policy)[:20],
            "can_edit": can_edit_programs(request.user),
        },
    )


@login_required
def policy_edit(request: AuthedRequest, policy_id: int | None = None) -> HttpResponse:
    module(request, "policies")
    policy = None
    if policy_id is not None:
        policy = get_object_or_404(Policy.objects.visible_to(request.user), pk=policy_id)
    require(can_edit_programs(request.user))
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_save(actor=request.user, data=form.cleaned_data, policy=policy)
        except ValidationError as exc:
            report_errors(request, exc)
        else:
            messages.success(request, _("已保存政策"))
            return redirect("support:policy", policy_id=policy.pk)
    return render(request, "support/policy_form.html", {"form": form, "policy": policy})


@login_required
def program_list(request: AuthedRequest) -> HttpResponse:
    module(request, "policies")
    q = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("state", "")
    programs = queries.program_list(user=request.user, q=q, state=state)
    today = timezone.localdate()
    rows = [{"program": p, "state": queries.window_state(p, today)} for p in programs]
    return render(
        request,
        "support/program_list.html",
        {
            "rows": rows,
            "q": q,
            "state": state,
            "states": STATES,
            "today": today,
            "can_edit": can_edit_programs(request.user),
        },
    )


@login_required
def program_export(request: AuthedRequest) -> HttpResponse:
    module(request, "policies")
    programs = queries.program_list(user=request.user, q=request.GET.get("q", "")[:100])
    names = queries.unit_names()
    return xlsx_response(
        filename="专项资金项目.xlsx",
        sheet="专项资金项目",
        headers=[
            _("项目名称"),
            _("主管部门"),
            _("层级"),
            _("类别"),
            _("申报开始"),
            _("申报截止"),
            _("金额下限（元）"),
            _("金额上限（元）"),
            _("申报条件"),
        ],
        rows=(
            [
                p.name,
                p.issuer,
                p.get_level_display(),
                p.get_category_display(),
                p.opens_on,
                p.closes_on,
                p.amount_min,
                p.amount_max,
                "；".join(queries.rule_label(r, names) for r in p.rules.all()),
            ]
            for p in programs.prefetch_related("rules")
        ),
    )


@login_required
def program_detail(request: AuthedRequest, program_id: int) -> HttpResponse:
    module(request, "policies")
    program = get_object_or_404(queries.program_list(user=request.user), pk=program_id)
    show = request.GET.get("show", "eligible")
    rows = queries.program_matches(user=request.user, program=program)
    eligible = [r for r in rows if r.eligible]
    shown = eligible if show == "eligible" else [r for r in rows if not r.eligible]
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    mine = None
    enterprise_id = getattr(request.user, "enterprise_id", None)
    if enterprise_id:
        mine = next((r for r in rows if r.profile.id == enterprise_id), None)
    return render(
        request,
        "support/program_detail.html",
        {
            "program": program,
            "state": queries.window_state(program),
            "rules": [queries.rule_label(r) for r in program.rules.all()],
            "page": page,
            "show": show,
            "n_eligible": len(eligible),
            "n_failed": len(rows) - len(eligible),
            "n_applied": sum(1 for r in eligible if r.application),
            "mine": mine,
            "history": timeline(program)[:20],
            "can_edit": can_edit_programs(request.user),
            "staff": request.user.is_staff_role,
        },
    )


@login_required
def program_matches_export(request: AuthedRequest, program_id: int) -> HttpResponse:
    module(request, "policies")
    program = get_object_or_404(queries.program_list(user=request.user), pk=program_id)
    rows = queries.program_matches(user=request.user, program=program)
    return xlsx_response(
        filename=f"{program.name}-匹配企业.xlsx",
        sheet=_("匹配企业"),
        headers=[_("企业"), _("园区"), _("是否符合"), _("未满足的条件"), _("申报状态")],
        rows=(
            [
                r.profile.name,
                r.profile.park_name,
                _("符合") if r.eligible else _("不符合"),
                "；".join(f"{x.rule.label}（{x.actual}）" for x in r.reasons if not x.passed),
                r.application.get_status_display() if r.application else "",
            ]
            for r in rows
        ),
    )


@login_required
def match_detail(request: AuthedRequest, program_id: int, enterprise_id: int) -> HttpResponse:
    """Why one enterprise matches one program or which rule it fails."""
    module(request, "policies")
    program = get_object_or_404(queries.program_list(user=request.user), pk=program_id)
    enterprise = visible_enterprise(request, enterprise_id)
    match = next(
        iter(
            queries.enterprise_matches(user=request.user, enterprise=enterprise, programs=[program])
        ),
        None,
    )
    return render(
        request,
        "support/match_detail.html",
        {
            "program": program,
            "enterprise": enterprise,
            "match": match,
            "can_apply": can_apply(request.user, enterprise),
        },
    )


@login_required
def program_edit(request: AuthedRequest, program_id: int | None = None) -> HttpResponse:
    module(request, "policies")
    program = None
    if program_id is not None:
        program = get_object_or_404(FundingProgram.objects.visible_to(request.user), pk=program_id)
    require(can_edit_programs(request.user))
    form = ProgramForm(request.POST or None, instance=program)
    rule_rows = (
        [
            rule_entry({"field": r.field, "operator": r.operator, "value": r.value})
            for r in program.rules.all()
        ]
        if program
        else []
    )
    if request.method == "POST":
        rule_rows, rule_forms = posted_rules(request.POST)
        rules = [f.cleaned_data for f in rule_forms if f.is_valid()]
        if form.is_valid() and len(rules) == len(rule_forms):
            try:
                program = services.program_save(
                    actor=request.user, data=form.cleaned_data, program=program, rules=rules
                )
            except ValidationError as exc:
                report_errors(request, exc)
            else:
                messages.success(request, _("已保存项目及申报条件"))
                return redirect("support:program", program_id=program.pk)
        elif len(rules) != len(rule_forms):
            messages.error(request, _("申报条件有未填写完整的行"))
    return render(
        request,
        "support/program_form.html",
        {
            "form": form,
            "program": program,
            "rule_rows": rule_rows,
            **rule_context(reverse("support:rule_row")),
        },
    )


@login_required
def rule_row(request: AuthedRequest) -> HttpResponse:
    """One rule row for htmx: a new one (appended), or the row ``?key=`` again when its field
    changes, with the choices or the box that field takes; ``?remove=1`` answers nothing."""
    module(request, "policies")
    require(can_edit_programs(request.user))
    if request.GET.get("remove"):
        return HttpResponse("")
    asked = request.GET.get("key", "")
    key = asked if asked.isalnum() and len(asked) <= 16 else None
    field = request.GET.get(f"rule_field_{key}", RuleField.PARK)
    field = field if field in RuleField.values else RuleField.PARK
    return render(
        request,
        "support/_rule_row.html",
        {"row": rule_entry({"field": field}, key), **rule_context(reverse("support:rule_row"))},
    )


@login_required
def enterprise_support(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    """One enterprise's programs (qualifying or not, with reasons), applications,
    difficulties and cultivation history."""
    module(request, "policies")
    enterprise = visible_enterprise(request, enterprise_id)
    return _enterprise_page(request, enterprise)


@login_required
def my_support(request: AuthedRequest) -> HttpResponse:
    module(request, "policies")
    enterprise = visible_enterprise(request, getattr(request.user, "enterprise_id", None))
    return _enterprise_page(request, enterprise)


def _enterprise_page(request: AuthedRequest, enterprise: Any) -> HttpResponse:
    matches = queries.enterprise_matches(user=request.user, enterprise=enterprise)
    return render(
        request,
        "support/enterprise_support.html",
        {
            "enterprise": enterprise,
            "matches": [m for m in matches if m.eligible],
            "others": [m for m in matches if not m.eligible and m.state != "closed"],
            "applications": queries.application_list(user=request.user).filter(
                enterprise=enterprise
            ),
            "difficulties": queries.difficulty_list(user=request.user).filter(
                enterprise=enterprise
            ),
            "memberships": queries.membership_list(user=request.user, enterprise=enterprise),
            "can_apply": can_apply(request.user, enterprise),
        },
    )
