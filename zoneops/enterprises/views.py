"""Registry pages. Thin: parse the request, call a query or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core import house
from zoneops.core.exports import export
from zoneops.core.history import timeline
from zoneops.core.http import AuthedRequest
from zoneops.core.navigation import module_allowed, require_module
from zoneops.core.permissions import can_edit_in_park, can_edit_registry, require
from zoneops.core.queries import park_list
from zoneops.enterprises import exports, queries, services
from zoneops.enterprises.classifications import queries as classification_queries
from zoneops.enterprises.classifications.forms import DecisionForm
from zoneops.enterprises.classifications.models import Decision
from zoneops.enterprises.classifications.services import can_classify
from zoneops.enterprises.forms import ChainMembershipForm, ContactForm, EnterpriseForm
from zoneops.enterprises.models import (
    Chain,
    ChainNode,
    Contact,
    EnterpriseStatus,
    IndustryLevel,
    Segment,
    Tag,
)

PAGE_SIZES = (20, 50, 100)


def _filters(request: AuthedRequest) -> queries.EnterpriseFilter:
    return exports.filters(request.GET)


@login_required
def enterprise_list(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, "enterprises")
    filters = _filters(request)
    enterprises = queries.enterprise_list(user=request.user, filters=filters)
    size = int(request.GET.get("size", 20)) if request.GET.get("size", "").isdigit() else 20
    size = size if size in PAGE_SIZES else 20
    page = Paginator(enterprises, size).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "parks": park_list(user=request.user),
        "chains": queries.chain_list(user=request.user),
        "tags": Tag.objects.all(),
        "statuses": EnterpriseStatus.choices,
        "sections": queries.industry_list(user=request.user, level=IndustryLevel.SECTION),
        "can_edit": can_edit_registry(request.user),
        "page_sizes": PAGE_SIZES,
        "size": size,
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "enterprise-table":
        return render(request, "enterprises/enterprise_list.html#table", context)
    return render(request, "enterprises/enterprise_list.html", context)


@login_required
def my_enterprise(request: AuthedRequest) -> HttpResponse:
    """An enterprise user's own record (their whole registry scope is this one enterprise)."""
    require_module(request.user, "my_enterprise")
    enterprise = get_object_or_404(
        queries.enterprise_detail_queryset(user=request.user),
        pk=getattr(request.user, "enterprise_id", None),
    )
    request.nav_module = "my_enterprise"  # type: ignore[attr-defined]
    return enterprise_detail_page(request, enterprise)


@login_required
def enterprise_export(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, "enterprises")
    # The whole registry of a large zone goes to the worker (我的导出); a list of a few
    # thousand is the file at once.
    return export(request, "enterprises.registry", title=_("企业库导出"))


@login_required
def enterprise_detail(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    if not module_allowed(request.user, "my_enterprise"):
        require_module(request.user, "enterprises")
    enterprise = get_object_or_404(
        queries.enterprise_detail_queryset(user=request.user), pk=enterprise_id
    )
    return enterprise_detail_page(request, enterprise)


def enterprise_detail_page(request: AuthedRequest, enterprise: Any) -> HttpResponse:
    can_edit = can_edit_in_park(request.user, enterprise.park_id)
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "history": timeline(enterprise)[:50],
            "can_edit": can_edit,
            "contact_form": ContactForm() if can_edit else None,
            "chain_form": ChainMembershipForm() if can_edit else None,
            "chain_links": module_allowed(request.user, "chains"),
            "object_panels": house.object_panels(user=request.user, obj=enterprise),
            "classes": classification_queries.for_enterprise(
                user=request.user, enterprise=enterprise
            ),
            "class_links": module_allowed(request.user, "classifications"),
            "class_form": DecisionForm(decisions=(Decision.ADDED, Decision.REMOVED))
            if can_classify(request.user)
            else None,
        },
    )


@login_required
def enterprise_edit(request: AuthedRequest, enterprise_id: int | None = None) -> HttpResponse:
    require_module(request.user, "enterprises")
    enterprise = None
    if enterprise_id is not None:
        enterprise = get_object_or_404(
            queries.enterprise_detail_queryset(user=request.user), pk=enterprise_id
        )
        require(can_edit_in_park(request.user, enterprise.park_id))
    else:
        require(can_edit_registry(request.user))
    form = EnterpriseForm(
        request.POST or None, instance=enterprise, actor=request.user, derived_read_only=True
    )
    if request.method == "POST" and form.is_valid():
        if enterprise is None:
            enterprise = services.enterprise_create(
                actor=request.user, data=form.service_data(), tags=form.cleaned_data["tags"]
            )
            messages.success(request, _("已登记企业：%(name)s") % {"name": enterprise})
        else:
            enterprise, changed = services.enterprise_update(
                actor=request.user,
                enterprise=enterprise,
                data=form.service_data(),
                tags=form.cleaned_data["tags"],
            )
            messages.success(request, _("已保存修改") if changed else _("没有需要保存的修改"))
        return redirect("enterprises:detail", enterprise_id=enterprise.pk)
    return render(
        request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise}
    )


@login_required
@require_POST
def contact_add(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    require_module(request.user, "enterprises")
    enterprise = get_object_or_404(
        queries.enterprise_detail_queryset(user=request.user), pk=enterprise_id
    )
    require(can_edit_in_park(request.user, enterprise.park_id))
    form = ContactForm(request.POST)
    if form.is_valid():
        services.contact_save(actor=request.user, enterprise=enterprise, data=form.cleaned_data)
        messages.success(request, _("已添加联系人"))
    else:
        messages.error(
            request,
            _("联系人信息有误：")
            + "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items()),
        )
    return redirect("enterprises:detail", enterprise_id=enterprise.pk)


@login_required
@require_POST
def contact_remove(request: AuthedRequest, enterprise_id: int, contact_id: int) -> HttpResponse:
    require_module(request.user, "enterprises")
    contact = get_object_or_404(
        Contact.objects.visible_to(request.user).select_related("enterprise"),
        pk=contact_id,
        enterprise_id=enterprise_id,
    )
    services.contact_delete(actor=request.user, contact=contact)
    messages.success(request, _("已删除联系人"))
    return redirect("enterprises:detail", enterprise_id=enterprise_id)


@login_required
@require_POST
def chain_place(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    require_module(request.user, "enterprises")
    enterprise = get_object_or_404(
        queries.enterprise_detail_queryset(user=request.user), pk=enterprise_id
    )
    require(can_edit_in_park(request.user, enterprise.park_id))
    form = ChainMembershipForm(request.POST)
    if form.is_valid():
        services.chain_membership_set(
            actor=request.user,
            enterprise=enterprise,
            chain=form.cleaned_data["chain"],
            node=form.cleaned_data["node"],
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("已保存产业链位置"))
    else:
        messages.error(
            request,
            _("产业链位置有误：")
            + "; ".join(" ".join(str(m) for m in v) for v in form.errors.values()),
        )
    return redirect("enterprises:detail", enterprise_id=enterprise.pk)


@login_required
def chain_list(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, "chains")
    request.nav_module = "chains"  # type: ignore[attr-defined]
    return render(
        request, "enterprises/chain_list.html", {"chains": queries.chain_list(user=request.user)}
    )


@login_required
def chain_detail(request: AuthedRequest, chain_id: int) -> HttpResponse:
    require_module(request.user, "chains")
    request.nav_module = "chains"  # type: ignore[attr-defined]
    chain: Chain = get_object_or_404(queries.chain_list(user=request.user), pk=chain_id)
    members = list(queries.chain_members(user=request.user, chain=chain))
    nodes: list[ChainNode] = list(chain.nodes.all())
    by_node: dict[int | None, list[Any]] = {}
    for member in members:
        by_node.setdefault(member.node_id, []).append(member)
    segments = [
        {
            "label": label,
            "nodes": [
                {"node": n, "members": by_node.get(n.pk, [])} for n in nodes if n.segment == value
            ],
        }
        for value, label in Segment.choices
    ]
    return render(
        request,
        "enterprises/chain_detail.html",
        {
            "chain": chain,
            "segments": segments,
            "unplaced": by_node.get(None, []),
            "member_count": len(members),
            "history": timeline(chain)[:20],
        },
    )


@login_required
def industry_list(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, "industries")
    request.nav_module = "industries"  # type: ignore[attr-defined]
    q = request.GET.get("q", "").strip()
    parent = request.GET.get("parent", "").strip()
    level = None if (q or parent) else IndustryLevel.SECTION
    industries = queries.industry_list(user=request.user, level=level, parent=parent, q=q)[:500]
    return render(
        request,
        "enterprises/industry_list.html",
        {
            "industries": industries,
            "q": q,
            "parent": parent,
            "counts": queries.industry_counts(user=request.user),
        },
    )
