from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zoneops.core import charts
from zoneops.core.bounds import ZONE_ERA
from zoneops.core.exports import xlsx_response
from zoneops.core.models import Role, User
from zoneops.core.params import query_date
from zoneops.core.permissions import may
from zoneops.core.units import to_display
from zoneops.enterprises import queries as registry
from zoneops.finance import forms, queries, services
from zoneops.finance.models import Guarantee
from zoneops.finance.views.common import _fail, _form_errors, _user
from zoneops.support import public as support
from zoneops.support import public as support_public


def _officer(request: HttpRequest) -> User:
    user = _user(request)
    if user.role in (Role.BANK, Role.ENTERPRISE):
        raise Http404
    return user


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    end = query_date(request, "to", span=ZONE_ERA) or today
    start = query_date(request, "from", span=ZONE_ERA) or dt.date(end.year, 1, 1)
    if start > end:
        start = dt.date(end.year, 1, 1)
    return start, end


def _wan(value: Decimal) -> float:
    return float(to_display(value, "万元") or 0)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    start, end = _period(request)
    stats = queries.statistics(user=user, start=start, end=end)
    labels = {
        "needs": _("融资需求"),
        "contacted": _("银行已联系"),
        "credited": _("已授信"),
        "disbursed": _("已放款"),
    }
    funnel_chart = {
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "funnel",
                "sort": "none",
                "left": "10%",
                "width": "80%",
                "label": {"show": True, "position": "inside", "formatter": "{b}：{c}"},
                "data": [
                    {"name": str(labels[key]), "value": count}
                    for key, count, _amount in stats.funnel
                ],
                "color": [charts.COMPARE, charts.PRIMARY, charts.GOOD, charts.DEEP],
            }
        ],
    }
    bank_names = [t.label for t in stats.banks]
    bank_chart = {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 50, "right": 10, "top": 30, "bottom": 90},
        "xAxis": charts.category_axis(bank_names, width=70),
        "yAxis": {"type": "value", "name": _("万元")},
        "series": [
            {
                "type": "bar",
                "name": _("授信"),
                "color": charts.PRIMARY,
                "data": [_wan(t.credited) for t in stats.banks],
            },
            {
                "type": "bar",
                "name": _("放款"),
                "color": charts.GOOD,
                "data": [_wan(t.disbursed) for t in stats.banks],
            },
        ],
    }
    return render(
        request,
        "finance/dashboard.html",
        {
            "stats": stats,
            "funnel": [(labels[k], n, a) for k, n, a in stats.funnel],
            "funnel_chart": funnel_chart,
            "bank_chart": bank_chart,
            "breaches": queries.open_breaches(user=user)[:30],
            "start": start,
            "end": end,
        },
    )


STAT_HEADERS = (
    gettext_lazy("统计对象"),
    gettext_lazy("融资需求（笔）"),
    gettext_lazy("需求金额（万元）"),
    gettext_lazy("对接（笔）"),
    gettext_lazy("接单率（%）"),
    gettext_lazy("获得率（%）"),
    gettext_lazy("授信金额（万元）"),
    gettext_lazy("放款金额（万元）"),
    gettext_lazy("其中新增（万元）"),
    gettext_lazy("续贷类（万元）"),
    gettext_lazy("首贷户（户）"),
    gettext_lazy("首贷金额（万元）"),
    gettext_lazy("平均放款用时（工作日）"),
)


@login_required
def stats_export(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    start, end = _period(request)
    stats = queries.statistics(user=user, start=start, end=end)
    rows = []
    for prefix, tallies in (
        (_("全区"), [stats.zone]),
        (_("银行"), stats.banks),
        (_("园区"), stats.parks),
    ):
        for t in tallies:
            rows.append(
                [
                    f"{prefix} · {t.label}" if t.label else prefix,
                    t.needs,
                    to_display(t.need_amount, "万元"),
                    t.cases,
                    t.response_rate,
                    t.success_rate,
                    to_display(t.credited, "万元"),
                    to_display(t.disbursed, "万元"),
                    to_display(t.new_money, "万元"),
                    to_display(t.rollover, "万元"),
                    t.first_loans,
                    to_display(t.first_loan_amount, "万元"),
                    t.average_days,
                ]
            )
    title = _("金融服务统计（%(start)s至%(end)s）") % {"start": start, "end": end}
    return xlsx_response(
        filename=f"金融服务统计-{start}-{end}.xlsx",
        sheet=_("金融服务统计"),
        headers=[str(h) for h in STAT_HEADERS],
        rows=rows,
        title=title,
    )


# --- sessions and products ----------------------------------------------------------------


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    sessions = [
        (s, queries.session_landing(s, user=user, today=today))
        for s in queries.session_list(user=user)[:50]
    ]
    may_route = may(user, "finance.route") and user.role not in (Role.BANK, Role.ENTERPRISE)
    return render(
        request,
        "finance/session_list.html",
        {"sessions": sessions, "form": forms.SessionForm() if may_route else None},
    )


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    user = _user(request)
    session = get_object_or_404(queries.session_list(user=user), pk=session_id)
    landing = queries.session_landing(session, user=user, today=timezone.localdate())
    chart = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 60, "right": 20, "top": 20, "bottom": 30},
        "xAxis": charts.category_axis([_("签约"), _("授信"), _("放款")]),
        "yAxis": {"type": "value", "name": _("万元")},
        "series": [
            {
                "type": "bar",
                "data": [
                    {"value": _wan(landing.signed), "itemStyle": {"color": charts.COMPARE}},
                    {"value": _wan(landing.credited), "itemStyle": {"color": charts.PRIMARY}},
                    {"value": _wan(landing.disbursed), "itemStyle": {"color": charts.GOOD}},
                ],
            }
        ],
    }
    return render(
        request,
        "finance/session_detail.html",
        {
            "session": session,
            "landing": landing,
            "chart": chart,
            "signing_form": (
                forms.SigningForm(session=session)
                if may(user, "finance.route") and user.role not in (Role.BANK, Role.ENTERPRISE)
                else None
            ),
        },
    )


@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "finance/product_list.html",
        {
            "products": queries.product_list(user=user),
            "may_review": may(user, "finance.route"),
            "may_file": _may_file(user),
            "review_form": forms.ReviewForm(),
        },
    )


@login_required
def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    """A product, its 准入条件 in words, and the open needs the user sees judged against them
    (the funding programs' rules engine), each with its reasons."""
    user = _user(request)
    product = get_object_or_404(queries.product_list(user=user), pk=product_id)
    return render(
        request,
        "finance/product_detail.html",
        {
            "product": product,
            "rules": support.rule_labels(product.target_rules),
            "may_edit": _may_file(user) and product.bank_id == user.bank_id,
            "guarantees": [Guarantee(g).label for g in product.guarantees if g in Guarantee.values],
            "matches": queries.product_matches(product, user=user)
            if user.role != Role.ENTERPRISE
            else [],
        },
    )


def _may_file(user: User) -> bool:
    """A bank user files and changes its own bank's products (finance.bank)."""
    return may(user, "finance.bank") and user.bank_id is not None


def _rule_row_url() -> str:
    return reverse("finance:product_rule_row")


@login_required
def product_edit(request: HttpRequest, product_id: int | None = None) -> HttpResponse:
    """A bank files a product or changes one of its own (another bank's is not found); the
    准入条件 are rule rows as a funding program's. Saving sends it back to review."""
    user = _user(request)
    product = None
    if product_id is not None:
        product = get_object_or_404(queries.product_list(user=user), pk=product_id)
    if not _may_file(user) or (product is not None and product.bank_id != user.bank_id):
        raise PermissionDenied
    bank = product.bank if product is not None else user.bank
    assert bank is not None
    initial = forms.ProductForm.initial_of(product) if product is not None else None
    form = forms.ProductForm(request.POST or None, initial=initial)
    rows = [support_public.rule_entry(r) for r in product.target_rules] if product else []
    if request.method == "POST":
        rows, rule_forms = support_public.posted_rules(request.POST)
        rules = [f.cleaned_data for f in rule_forms if f.is_valid()]
        if not form.is_valid():
            _form_errors(request, form)
        elif len(rules) != len(rule_forms):
            messages.error(request, _("准入条件有未填写完整的行"))
        else:
            data = {**form.data_for_service(), "target_rules": rules}
            try:
                product = services.product_save(actor=user, bank=bank, data=data, product=product)
            except ValidationError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("已保存，待金融工作人员审核后上线"))
                return redirect("finance:product", product_id=product.pk)
    return render(
        request,
        "finance/product_form.html",
        {
            "form": form,
            "product": product,
            "rule_rows": rows,
            **support_public.rule_context(_rule_row_url()),
        },
    )


@login_required
def product_rule_row(request: HttpRequest) -> HttpResponse:
    """One 准入条件 row for htmx (a new one, or the row ``?key=`` again when its field
    changes); ``?remove=1`` answers nothing."""
    user = _user(request)
    if not _may_file(user):
        raise PermissionDenied
    if request.GET.get("remove"):
        return HttpResponse("")
    asked = request.GET.get("key", "")
    key = asked if asked.isalnum() and len(asked) <= 16 else None
    field = request.GET.get(f"rule_field_{key}", "")
    row = support_public.rule_entry({"field": field}, key)
    context = support_public.rule_context(_rule_row_url())
    if row["field"] not in dict(context["rule_fields"]):
        row = support_public.rule_entry({}, key)
    return render(request, "support/_rule_row.html", {"row": row, **context})


@login_required
@require_POST
def product_review(request: HttpRequest, product_id: int) -> HttpResponse:
    user = _user(request)
    product = get_object_or_404(queries.product_list(user=user), pk=product_id)
    if not may(user, "finance.route"):
        raise PermissionDenied
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.product_review(
                actor=user,
                product=product,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _fail(request, exc)
    else:
        _form_errors(request, form)
    return HttpResponseRedirect(reverse("finance:products"))


@login_required
@require_POST
def session_create(request: HttpRequest) -> HttpResponse:
    user = _officer(request)
    if not may(user, "finance.route"):
        raise PermissionDenied
    form = forms.SessionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return HttpResponseRedirect(reverse("finance:sessions"))
    data = dict(form.cleaned_data)
    banks = list(data.pop("banks"))
    try:
        session = services.session_create(actor=user, data=data, banks=banks)
    except ValidationError as exc:
        _fail(request, exc)
        return HttpResponseRedirect(reverse("finance:sessions"))
    return HttpResponseRedirect(reverse("finance:session", args=[session.pk]))


@login_required
@require_POST
def signing_add(request: HttpRequest, session_id: int) -> HttpResponse:
    """A signing at the session, linked to the open loan case of that enterprise and bank when
    there is one (the case that follows it to 授信 and 放款)."""
    user = _officer(request)
    session = get_object_or_404(queries.session_list(user=user), pk=session_id)
    if not may(user, "finance.route"):
        raise PermissionDenied
    back = HttpResponseRedirect(reverse("finance:session", args=[session.pk]))
    form = forms.SigningForm(request.POST, session=session)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    code = form.cleaned_data["credit_code"].strip().upper()
    enterprise = registry.enterprise_detail_queryset(user=user).filter(credit_code=code).first()
    if enterprise is None:
        messages.error(
            request, _("统一社会信用代码“%(code)s”不在您可见的企业之中") % {"code": code}
        )
        return back
    bank = form.cleaned_data["bank"]
    try:
        services.signing_add(
            actor=user,
            session=session,
            enterprise=enterprise,
            bank=bank,
            kind=form.cleaned_data["kind"],
            amount=form.cleaned_data["amount"] * forms.WAN,
            case=queries.open_case(enterprise=enterprise, bank=bank),
        )
    except ValidationError as exc:
        _fail(request, exc)
    return back
