from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core.models import Role, User
from zoneops.core.permissions import may
from zoneops.finance import forms, queries, services
from zoneops.finance.models import LoanCase, Stage
from zoneops.finance.views.common import _fail, _form_errors, _user


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role != Role.BANK:
        raise Http404
    today = timezone.localdate()
    cases = list(queries.case_list(user=user))
    open_cases = [c for c in cases if not c.closed and c.stage != Stage.DISBURSED]
    return render(
        request,
        "finance/worklist.html",
        {
            "open_cases": open_cases,
            "done_cases": [c for c in cases if c not in open_cases][:50],
            "claimable": queries.claimable(user=user)[:50],
            "may_import": may(user, "finance.import"),
            "today": today,
        },
    )


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_object_or_404(queries.case_detail_queryset(user=user), pk=case_id)
    works = may(user, "finance.bank") and user.bank_id == case.bank_id
    following = case.next_stage()
    return render(
        request,
        "finance/case_detail.html",
        {
            "case": case,
            "steps": queries.steps_of(case),
            "disbursements": case.disbursements.all(),
            "works": works and not case.closed,
            "step_form": forms.StepForm(initial={"stage": following.value if following else ""}),
            "refuse_form": forms.RefuseForm(),
            "disburse_form": forms.DisbursementForm(),
            "may_disburse": works
            and (case.stage in (Stage.CREDITED, Stage.DISBURSED) or case.route == "reported"),
            "need_visible": case.need_id is not None,
        },
    )


def _case(request: HttpRequest, case_id: int) -> tuple[User, LoanCase]:
    user = _user(request)
    case = get_object_or_404(queries.case_detail_queryset(user=user), pk=case_id)
    if not (may(user, "finance.bank") and user.bank_id == case.bank_id):
        raise PermissionDenied
    return user, case


@login_required
@require_POST
def case_step(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _case(request, case_id)
    form = forms.StepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.case_advance(
                actor=user,
                case=case,
                stage=data["stage"],
                on=data["on"],
                opinion=data["opinion"],
                skip=tuple(data["skip"]),
                credit_amount=forms.to_yuan(data["credit_amount"]),
                credit_rate=data["credit_rate"],
                credit_term=data["credit_term"],
            )
            messages.success(request, _("已登记"))
        except ValidationError as exc:
            _fail(request, exc)
    else:
        _form_errors(request, form)
    return redirect("finance:case", case.pk)


@login_required
@require_POST
def case_refuse(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _case(request, case_id)
    form = forms.RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.case_refuse(actor=user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _fail(request, exc)
    else:
        _form_errors(request, form)
    return redirect("finance:case", case.pk)


@login_required
@require_POST
def case_disburse(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _case(request, case_id)
    form = forms.DisbursementForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["amount"] = forms.to_yuan(data["amount"])
        try:
            services.disbursement_add(actor=user, case=case, **data)
            messages.success(request, _("已登记放款"))
        except ValidationError as exc:
            _fail(request, exc)
    else:
        _form_errors(request, form)
    return redirect("finance:case", case.pk)


# --- the officer's dashboard --------------------------------------------------------------
