from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core.models import Bank, Role, User
from zoneops.core.params import query_int
from zoneops.core.permissions import may, may_for_enterprise
from zoneops.enterprises import queries as registry
from zoneops.finance import forms, queries, services
from zoneops.finance.models import Grant, Need
from zoneops.finance.views.common import _fail, _form_errors, _user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role == Role.BANK:
        return redirect("finance:worklist")
    if user.role == Role.ENTERPRISE:
        return redirect("finance:needs")
    return redirect("finance:dashboard")


# --- needs --------------------------------------------------------------------------------


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    status = request.GET.get("status", "")
    if status not in Need.Status.values:
        status = ""
    needs = queries.need_list(user=user, status=status)[:200]
    return render(
        request,
        "finance/need_list.html",
        {
            "needs": needs,
            "status": status,
            "statuses": Need.Status.choices,
            "may_post": user.role == Role.ENTERPRISE and may(user, "finance.need"),
        },
    )


@login_required
def need_create(request: HttpRequest) -> HttpResponse:
    """An enterprise posts a need for itself; an officer posts one after a visit
    (``?enterprise=<id>``, an enterprise they may see)."""
    user = _user(request)
    if user.role == Role.ENTERPRISE:
        enterprise = get_object_or_404(
            registry.enterprise_detail_queryset(user=user), pk=user.enterprise_id
        )
    else:
        enterprise = get_object_or_404(
            registry.enterprise_detail_queryset(user=user), pk=query_int(request, "enterprise")
        )
    if not may_for_enterprise(user, "finance.need", enterprise):
        raise PermissionDenied
    form = forms.NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        if user.role != Role.ENTERPRISE:
            data["source"] = Need.Source.VISIT
        try:
            need = services.need_create(actor=user, enterprise=enterprise, data=data)
            until = timezone.localdate() + dt.timedelta(days=form.cleaned_data["grant_days"])
            for bank in form.cleaned_data["banks"]:
                services.grant_add(actor=user, need=need, bank=bank, valid_until=until)
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("融资需求已发布"))
            return redirect("finance:need", need.pk)
    return render(
        request,
        "finance/need_form.html",
        {"form": form, "enterprise": enterprise, "figures": services.known_figures(enterprise)},
    )


@login_required
def need_detail(request: HttpRequest, need_id: int) -> HttpResponse:
    user = _user(request)
    need = get_object_or_404(queries.need_detail_queryset(user=user), pk=need_id)
    if user.role == Role.BANK:
        services.note_bank_view(viewer=user, need=need)
    cases = list(queries.cases_of(need, user=user))
    own_case = next((c for c in cases if c.bank_id == user.bank_id), None)
    may_edit = may_for_enterprise(user, "finance.need", need.enterprise)
    push_form = forms.PushForm()
    # Only to a bank the enterprise authorised, and that does not work the need yet.
    push_form.fields["bank"].queryset = Bank.objects.filter(  # type: ignore[attr-defined]
        pk__in=Grant.objects.in_force().filter(need=need).values("bank_id")
    ).exclude(pk__in=[c.bank_id for c in cases])
    return render(
        request,
        "finance/need_detail.html",
        {
            "need": need,
            "grants": queries.grants_of(need, user=user) if user.role != Role.BANK else [],
            "cases": cases,
            "views": need.bank_views.select_related("bank", "viewer")[:50] if may_edit else [],
            "may_edit": may_edit,
            "may_route": may(user, "finance.route"),
            "may_claim": user.role == Role.BANK and need.open_to_all and own_case is None,
            "grant_form": forms.GrantForm(
                initial={"valid_until": timezone.localdate() + dt.timedelta(days=180)}
            ),
            "push_form": push_form,
            "products": queries.products_for_need(need, user=user),
            "today": timezone.localdate(),
        },
    )


def _need(request: HttpRequest, need_id: int) -> tuple[User, Need]:
    user = _user(request)
    return user, get_object_or_404(queries.need_detail_queryset(user=user), pk=need_id)


@login_required
@require_POST
def grant_add(request: HttpRequest, need_id: int) -> HttpResponse:
    user, need = _need(request, need_id)
    if not may_for_enterprise(user, "finance.need", need.enterprise):
        raise PermissionDenied
    form = forms.GrantForm(request.POST)
    if form.is_valid():
        try:
            services.grant_add(actor=user, need=need, **form.cleaned_data)
            messages.success(request, _("已授权"))
        except ValidationError as exc:
            _fail(request, exc)
    else:
        _form_errors(request, form)
    return redirect("finance:need", need.pk)


@login_required
@require_POST
def grant_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    user = _user(request)
    if user.role == Role.BANK:
        raise Http404  # a bank never sees the grants themselves, revoked ones included
    grant = get_object_or_404(Grant.objects.visible_to(user), pk=grant_id)
    if not may_for_enterprise(user, "finance.need", grant.need.enterprise):
        raise PermissionDenied
    services.grant_revoke(actor=user, grant=grant)
    messages.success(request, _("已撤销授权：%(bank)s 将不能再查看该需求") % {"bank": grant.bank})
    return redirect("finance:need", grant.need_id)


@login_required
@require_POST
def push(request: HttpRequest, need_id: int) -> HttpResponse:
    user, need = _need(request, need_id)
    if not may(user, "finance.route"):
        raise PermissionDenied
    form = forms.PushForm(request.POST)
    if form.is_valid():
        try:
            services.case_push(actor=user, need=need, bank=form.cleaned_data["bank"])
            messages.success(request, _("已推送"))
        except ValidationError as exc:
            _fail(request, exc)
    else:
        _form_errors(request, form)
    return redirect("finance:need", need.pk)


@login_required
@require_POST
def claim(request: HttpRequest, need_id: int) -> HttpResponse:
    user, need = _need(request, need_id)
    if not may(user, "finance.bank") or user.bank is None:
        raise PermissionDenied
    try:
        case = services.case_claim(actor=user, need=need, bank=user.bank)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("finance:need", need.pk)
    return redirect("finance:case", case.pk)


# --- the bank's work list and cases -------------------------------------------------------
