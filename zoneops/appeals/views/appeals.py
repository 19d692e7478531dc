"""The appeal pages: list, intake, detail with its flow, rating, extensions, export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.appeals import permissions as perms
from zoneops.appeals import queries, services
from zoneops.appeals.forms import (
    ActionForm,
    AttachmentForm,
    ExtensionForm,
    IntakeForm,
    RatingForm,
)
from zoneops.appeals.models import (
    Appeal,
    AppealEvent,
    Category,
    Channel,
    Extension,
    Status,
    Topic,
)
from zoneops.core.exports import xlsx_response
from zoneops.core.history import timeline
from zoneops.core.http import AuthedRequest
from zoneops.core.models import Department
from zoneops.core.navigation import require_module
from zoneops.core.params import query_date, query_int
from zoneops.core.workdays import Calendar

MODULE = "appeals"


def _filters(request: AuthedRequest) -> queries.AppealFilter:
    get = request.GET
    return queries.AppealFilter(
        q=get.get("q", "").strip()[:50],
        status=get.get("status", ""),
        department=query_int(request, "department"),
        category=get.get("category", ""),
        topic=get.get("topic", ""),
        channel=get.get("channel", ""),
        overdue=get.get("overdue") == "1",
        escalated=get.get("escalated") == "1",
        received_from=query_date(request, "from"),
        received_to=query_date(request, "to"),
    )


def _error_text(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


@login_required
def appeal_list(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, MODULE)
    today = timezone.localdate()
    filters = _filters(request)
    appeals = queries.appeal_list(user=request.user, filters=filters, today=today)
    page = Paginator(appeals, 20).get_page(request.GET.get("page"))
    page.object_list = queries.with_deadlines(page.object_list, today=today)
    context: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "counts": queries.counts(user=request.user, today=today),
        "statuses": Status.choices,
        "categories": Category.choices,
        "topics": Topic.choices,
        "channels": Channel.choices,
        "departments": Department.objects.all(),
        "is_enterprise": request.user.role == "enterprise",
        "can_file": perms.is_staff_filer(request.user) or request.user.role == "enterprise",
        "is_window": perms.is_window(request.user),
        "extensions": queries.pending_extensions(user=request.user)
        if perms.can_decide_extension(request.user)
        else [],
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "appeal-table":
        return render(request, "appeals/appeal_list.html#table", context)
    return render(request, "appeals/appeal_list.html", context)


EXPORT_HEADERS = [
    "诉求编号",
    "企业",
    "园区",
    "渠道",
    "诉求类型",
    "诉求事项",
    "紧急程度",
    "标题",
    "承办部门",
    "状态",
    "受理日期",
    "办理时限",
    "是否超期",
    "督办级别",
    "答复日期",
    "办结日期",
    "是否解决",
    "评价",
    "重办次数",
]


def export_row(appeal: Appeal, today: dt.date) -> list[Any]:
    return [
        appeal.number,
        appeal.enterprise.name,
        appeal.enterprise.park.name,
        appeal.get_channel_display(),
        appeal.get_category_display(),
        appeal.get_topic_display(),
        appeal.get_urgency_display(),
        appeal.title,
        appeal.department.name if appeal.department else "",
        appeal.get_status_display(),
        appeal.received_on,
        appeal.due_date,
        "超期" if appeal.is_overdue(today) else "",
        appeal.get_escalation_display() if appeal.escalation else "",
        appeal.replied_on,
        appeal.closed_on,
        {True: "已解决", False: "未解决"}.get(appeal.resolved, "")
        if appeal.resolved is not None
        else "",
        appeal.get_rating_display() if appeal.rating else "",
        appeal.reopened,
    ]


@login_required
def appeal_export(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, MODULE)
    today = timezone.localdate()
    appeals = queries.appeal_list(user=request.user, filters=_filters(request), today=today)
    return xlsx_response(
        filename="诉求台账.xlsx",
        sheet="诉求台账",
        headers=EXPORT_HEADERS,
        rows=(export_row(a, today) for a in appeals.iterator(chunk_size=500)),
    )


@login_required
def appeal_create(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, MODULE)
    form = IntakeForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_create(request.user, **form.service_kwargs())
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("诉求已登记，编号 %(number)s") % {"number": appeal.number})
            return redirect("appeals:detail", appeal_id=appeal.pk)
    return render(request, "appeals/appeal_form.html", {"form": form})


@login_required
def appeal_detail(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    require_module(request.user, MODULE)
    appeal = get_object_or_404(queries.appeal_detail_queryset(user=request.user), pk=appeal_id)
    return _detail_page(request, appeal)


def _detail_page(
    request: AuthedRequest,
    appeal: Appeal,
    *,
    action_form: ActionForm | None = None,
    extension_form: ExtensionForm | None = None,
    attachment_form: AttachmentForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    calendar = Calendar.load()
    queries.with_deadlines([appeal], today=today, calendar=calendar)
    user = request.user
    actions = services.actions_for(user, appeal)
    labels = dict(AppealEvent.Action.choices)
    return render(
        request,
        "appeals/appeal_detail.html",
        {
            "appeal": appeal,
            "events": queries.events_of(appeal, user=user),
            "attachments": queries.attachments_of(appeal),
            "can_attach": appeal.is_open and perms.can_attach(user, appeal),
            "attachment_form": attachment_form or AttachmentForm(),
            "history": timeline(appeal)[:50],
            "actions": [(a, labels[a]) for a in actions],
            "needs_department": any(
                a in (AppealEvent.Action.DISPATCH, AppealEvent.Action.REDISPATCH) for a in actions
            ),
            "needs_resolved": AppealEvent.Action.CLOSE in actions,
            "action_form": action_form or ActionForm(initial={"department": appeal.department_id}),
            "can_rate": appeal.status in (Status.CLOSED, Status.VISITED)
            and perms.can_rate(user, appeal),
            "rating_form": RatingForm(),
            "can_extend": services.can_request_extension(user, appeal),
            "sees_internal": queries.sees_internal_steps(user),
            "extension_form": extension_form or ExtensionForm(),
            "extensions": appeal.extensions.select_related("requested_by", "decided_by"),
            "can_decide": perms.can_decide_extension(user),
            "is_enterprise": getattr(user, "role", "") == "enterprise",
            "calendar_warning": appeal.calendar_warning,
        },
    )


@login_required
@require_POST
def appeal_action(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    require_module(request.user, MODULE)
    appeal = get_object_or_404(queries.appeal_detail_queryset(user=request.user), pk=appeal_id)
    form = ActionForm(request.POST)
    action = request.POST.get("action", "")
    if form.is_valid():
        try:
            services.appeal_act(
                request.user,
                appeal=appeal,
                action=action,
                note=form.cleaned_data["note"],
                department=form.cleaned_data["department"],
                resolved=form.cleaned_data["resolved"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            label = dict(AppealEvent.Action.choices).get(action, action)
            messages.success(request, _("已%(action)s") % {"action": label})
            return redirect("appeals:detail", appeal_id=appeal.pk)
    appeal.refresh_from_db()
    return _detail_page(request, appeal, action_form=form)


@login_required
@require_POST
def appeal_rate(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    require_module(request.user, MODULE)
    appeal = get_object_or_404(queries.appeal_detail_queryset(user=request.user), pk=appeal_id)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_rate(
                request.user,
                appeal=appeal,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("感谢您的评价"))
    else:
        messages.error(request, _("请选择满意、基本满意或不满意"))
    return redirect("appeals:detail", appeal_id=appeal.pk)


@login_required
@require_POST
def extension_request(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    require_module(request.user, MODULE)
    appeal = get_object_or_404(queries.appeal_detail_queryset(user=request.user), pk=appeal_id)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            services.extension_request(
                request.user,
                appeal=appeal,
                days=form.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("延期申请已提交，等待审批"))
            return redirect("appeals:detail", appeal_id=appeal.pk)
    return _detail_page(request, appeal, extension_form=form)


@login_required
@require_POST
def extension_decide(request: AuthedRequest, extension_id: int) -> HttpResponse:
    require_module(request.user, MODULE)
    extension = get_object_or_404(
        Extension.objects.visible_to(request.user).select_related("appeal"), pk=extension_id
    )
    try:
        services.extension_decide(
            request.user,
            extension=extension,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", "")[:500],
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("已审批延期申请"))
    return redirect("appeals:detail", appeal_id=extension.appeal_id)


@login_required
@require_POST
def attachment_add(request: AuthedRequest, appeal_id: int) -> HttpResponse:
    require_module(request.user, MODULE)
    appeal = get_object_or_404(queries.appeal_detail_queryset(user=request.user), pk=appeal_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.attachment_add(
                request.user, appeal=appeal, uploads=form.cleaned_data["attachments"]
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("已添加 %(n)d 个附件") % {"n": len(added)})
            return redirect("appeals:detail", appeal_id=appeal.pk)
    return _detail_page(request, appeal, attachment_form=form)


@login_required
def attachment_file(request: AuthedRequest, appeal_id: int, attachment_id: int) -> FileResponse:
    """An attachment, to those who may see its appeal (anyone else: 404, like the appeal)."""
    require_module(request.user, MODULE)
    appeal = get_object_or_404(queries.appeal_detail_queryset(user=request.user), pk=appeal_id)
    attachment = get_object_or_404(queries.attachments_of(appeal), pk=attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.name,
    )
    # A stored file is never a page of the site: no scripts, no framing, not cached elsewhere.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=0"
    return response
