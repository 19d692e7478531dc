"""Pages of 金融顾问 and 一企一策: the advisors and whom they serve, one assignment's plan,
measures, service log and problems. An assignment is seen by the enterprise's park, the
advisor's bank and the zone's officers (404 otherwise); writes follow the permission table."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zoneops.core.models import Role, User
from zoneops.core.permissions import may, may_for_enterprise
from zoneops.enterprises import queries as registry
from zoneops.finance import forms, queries, services
from zoneops.finance.models import Advisor, AdvisorProblem, Assignment, Measure
from zoneops.finance.views.common import _fail, _form_errors, _run, _user


def _not_enterprise(request: HttpRequest) -> User:
    user = _user(request)
    if user.role == Role.ENTERPRISE:
        raise Http404
    return user


def _wan(value: Any) -> Any:
    return None if value is None else value * forms.WAN


@login_required
def advisor_list(request: HttpRequest) -> HttpResponse:
    user = _not_enterprise(request)
    assignments = list(queries.assignment_list(user=user))
    by_advisor: dict[int, list[Assignment]] = {}
    for a in assignments:
        by_advisor.setdefault(a.advisor_id, []).append(a)
    may_route = may(user, "finance.route")
    advisors = Advisor.objects.select_related("bank").filter(pk__in=by_advisor)
    if may_route:
        advisors = Advisor.objects.select_related("bank")
    rows = [(advisor, by_advisor.get(advisor.pk, [])) for advisor in advisors]
    return render(
        request,
        "finance/advisor_list.html",
        {
            "rows": rows,
            "late": sum(1 for a in assignments if getattr(a, "n_overdue", 0)),
            "may_route": may_route,
            "form": forms.AdvisorForm() if may_route else None,
        },
    )


@login_required
@require_POST
def advisor_create(request: HttpRequest) -> HttpResponse:
    user = _not_enterprise(request)
    if not may(user, "finance.route"):
        raise PermissionDenied
    form = forms.AdvisorForm(request.POST)
    if form.is_valid():
        try:
            services.advisor_save(actor=user, data=form.cleaned_data)
        except ValidationError as exc:
            _fail(request, exc)
    else:
        _form_errors(request, form)
    return HttpResponseRedirect(reverse("finance:advisors"))


@login_required
@require_POST
def advisor_assign(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    user = _not_enterprise(request)
    enterprise = get_object_or_404(registry.enterprise_detail_queryset(user=user), pk=enterprise_id)
    if not may_for_enterprise(user, "finance.route", enterprise):
        raise PermissionDenied
    form = forms.AssignForm(request.POST)
    back = reverse("enterprises:detail", args=[enterprise.pk])
    if not form.is_valid():
        _form_errors(request, form)
        return HttpResponseRedirect(back)
    data = dict(form.cleaned_data)
    advisor = data.pop("advisor")
    data["target_amount"] = _wan(data["target_amount"])
    try:
        assignment = services.assignment_create(
            actor=user, advisor=advisor, enterprise=enterprise, data=data
        )
    except ValidationError as exc:
        _fail(request, exc)
        return HttpResponseRedirect(back)
    return HttpResponseRedirect(reverse("finance:assignment", args=[assignment.pk]))


def _assignment(request: HttpRequest, assignment_id: int) -> tuple[User, Assignment]:
    user = _not_enterprise(request)
    return user, get_object_or_404(
        queries.assignment_list(user=user, current=False), pk=assignment_id
    )


@login_required
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user, assignment = _assignment(request, assignment_id)
    today = timezone.localdate()
    measures = list(assignment.measures.all())
    return render(
        request,
        "finance/assignment_detail.html",
        {
            "a": assignment,
            "measures": measures,
            "overdue": {m.pk for m in queries.overdue_measures(assignment, today=today)},
            "done_amount": sum((m.amount or 0 for m in measures if m.done_on), start=0),
            "log": assignment.log.select_related("by"),
            "problems": assignment.problems.all(),
            "may_advise": may(user, "finance.advise"),
            "measure_form": forms.MeasureForm(),
            "done_form": forms.MeasureDoneForm(),
            "log_form": forms.LogForm(),
            "problem_form": forms.ProblemForm(),
            "solve_form": forms.SolveForm(),
        },
    )


def _back(assignment: Assignment) -> HttpResponse:
    return HttpResponseRedirect(reverse("finance:assignment", args=[assignment.pk]))


def _writer(request: HttpRequest, assignment_id: int) -> tuple[User, Assignment]:
    user, assignment = _assignment(request, assignment_id)
    if not may(user, "finance.advise"):
        raise PermissionDenied
    return user, assignment


@login_required
@require_POST
def measure_add(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user, a = _writer(request, assignment_id)

    def write(data: dict[str, Any]) -> None:
        data = {**data, "amount": _wan(data["amount"])}
        services.measure_add(actor=user, assignment=a, data=data)

    _run(request, forms.MeasureForm(request.POST), write)
    return _back(a)


@login_required
@require_POST
def measure_done(request: HttpRequest, measure_id: int) -> HttpResponse:
    user = _not_enterprise(request)
    measure = get_object_or_404(
        Measure.objects.filter(assignment__in=Assignment.objects.visible_to(user)),
        pk=measure_id,
    )
    if not may(user, "finance.advise"):
        raise PermissionDenied
    _run(
        request,
        forms.MeasureDoneForm(request.POST),
        lambda data: services.measure_done(actor=user, measure=measure, result=data["result"]),
    )
    return _back(measure.assignment)


@login_required
@require_POST
def log_add(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user, a = _writer(request, assignment_id)
    _run(
        request,
        forms.LogForm(request.POST),
        lambda data: services.log_add(actor=user, assignment=a, data=data),
    )
    return _back(a)


@login_required
@require_POST
def problem_add(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user, a = _writer(request, assignment_id)
    _run(
        request,
        forms.ProblemForm(request.POST),
        lambda data: services.problem_add(
            actor=user, assignment=a, data={**data, "raised_on": timezone.localdate()}
        ),
    )
    return _back(a)


@login_required
@require_POST
def problem_solve(request: HttpRequest, problem_id: int) -> HttpResponse:
    user = _not_enterprise(request)
    problem = get_object_or_404(
        AdvisorProblem.objects.filter(assignment__in=Assignment.objects.visible_to(user)),
        pk=problem_id,
    )
    if not may(user, "finance.advise"):
        raise PermissionDenied
    _run(
        request,
        forms.SolveForm(request.POST),
        lambda data: services.problem_solve(actor=user, problem=problem, solution=data["solution"]),
    )
    return _back(problem.assignment)
