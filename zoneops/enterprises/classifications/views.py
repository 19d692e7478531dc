"""Pages of the derived classifications: the list, one classification's tree, the review
queue, and the decisions (from the queue or the enterprise's page). Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core.http import AuthedRequest
from zoneops.core.imports import jobs
from zoneops.core.imports.problems import ImportRefused
from zoneops.core.imports.registry import get_kind
from zoneops.core.navigation import require_module
from zoneops.core.permissions import may, require
from zoneops.enterprises import queries as registry
from zoneops.enterprises.classifications import queries, services
from zoneops.enterprises.classifications.forms import (
    ClassificationForm,
    DecisionForm,
    TableUploadForm,
)
from zoneops.enterprises.classifications.models import Classification, Decision

MODULE = "classifications"


def _module(request: AuthedRequest) -> None:
    require_module(request.user, MODULE)
    request.nav_module = MODULE  # type: ignore[attr-defined]


@login_required
def classification_list(request: AuthedRequest) -> HttpResponse:
    _module(request)
    return render(
        request,
        "enterprises/classification_list.html",
        {
            "classifications": queries.classification_list(user=request.user),
            "can_classify": services.can_classify(request.user),
            "queue_count": len(queries.review_queue(user=request.user)),
        },
    )


@login_required
def classification_create(request: AuthedRequest) -> HttpResponse:
    _module(request)
    require(services.can_classify(request.user))
    form = ClassificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.classification_save(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已新建分类：%(name)s") % {"name": item})
            return redirect("enterprises:classification", classification_id=item.pk)
    return render(request, "enterprises/classification_form.html", {"form": form})


@login_required
def classification_detail(request: AuthedRequest, classification_id: int) -> HttpResponse:
    _module(request)
    item: Classification = get_object_or_404(
        queries.classification_list(user=request.user), pk=classification_id
    )
    rows, found = queries.tree(user=request.user, classification=item)
    can_classify = services.can_classify(request.user)
    return render(
        request,
        "enterprises/classification_detail.html",
        {
            "item": item,
            "rows": rows,
            "pending": len(found.pending),
            "members": len({m.enterprise_id for m in found.members}),
            "can_classify": can_classify,
            "upload_form": TableUploadForm(options=()) if can_classify else None,
        },
    )


@login_required
@require_POST
def classification_import(request: AuthedRequest, classification_id: int) -> HttpResponse:
    """Upload the office's copy of the table into this classification: the one import engine
    (preview, then confirm, on 数据导入)."""
    _module(request)
    item = get_object_or_404(queries.classification_list(user=request.user), pk=classification_id)
    kind = get_kind("classification")
    require(kind is not None and kind.allowed(request.user))
    assert kind is not None
    form = TableUploadForm(request.POST, request.FILES, options=())
    if form.is_valid():
        try:
            job = jobs.job_preview(
                kind=kind,
                upload=form.cleaned_data["file"],
                actor=request.user,
                options={"classification": str(item.pk)},
            )
        except ImportRefused as exc:
            messages.error(request, str(exc))
        else:
            return redirect("imports:detail", job_id=job.pk)
    else:
        messages.error(request, _("请选择要导入的文件"))
    return redirect("enterprises:classification", classification_id=item.pk)


@login_required
def review_queue(request: AuthedRequest) -> HttpResponse:
    _module(request)
    rows = queries.review_queue(user=request.user)
    return render(
        request,
        "enterprises/classification_queue.html",
        {
            "rows": rows,
            "can_review": may(request.user, "enterprises.classify_review"),
        },
    )


@login_required
@require_POST
def membership_decide(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    """A decision on one enterprise in one node: from the queue (confirm / reject) or from the
    enterprise's page (add / remove by hand)."""
    enterprise = get_object_or_404(
        registry.enterprise_detail_queryset(user=request.user), pk=enterprise_id
    )
    form = DecisionForm(request.POST)
    decision = request.POST.get("decision", "")
    require(services.may_decide(request.user, enterprise, decision))
    back = (
        redirect("enterprises:classification_queue")
        if request.POST.get("back") == "queue"
        else redirect("enterprises:detail", enterprise_id=enterprise.pk)
    )
    if not form.is_valid():
        messages.error(
            request, "；".join(str(e) for errors in form.errors.values() for e in errors)
        )
        return back
    try:
        services.membership_decide(
            actor=request.user,
            enterprise=enterprise,
            node=form.cleaned_data["node"],
            decision=form.cleaned_data["decision"],
            product=form.cleaned_data["product"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request,
            _("已记录：%(enterprise)s · %(decision)s")
            % {"enterprise": enterprise, "decision": Decision(form.cleaned_data["decision"]).label},
        )
    return back
