"""The leaders' overview page (管委会一张图)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from zoneops.briefing import content, document, queries, services
from zoneops.briefing.forms import IssueForm, NewBriefingForm, TextsForm
from zoneops.briefing.models import Briefing
from zoneops.briefing.permissions import can_write, writes_any
from zoneops.core.bounds import ANY_DATE
from zoneops.core.exports import export
from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.params import query_month, query_parsed
from zoneops.monitoring import public as monitoring


@require_safe
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "briefing")
    user = cast(User, request.user)
    today = timezone.localdate()
    month = query_month(request, "period", span=ANY_DATE) or (today.year, today.month)
    span = query_parsed(
        request, "span", lambda text: text if text in queries.SPANS else None, "month|quarter|ytd"
    )
    window = queries.Window.of(month[0], month[1], span or "month", today=today)
    overview = queries.overview(user=user, window=window)
    return render(
        request,
        "briefing/overview.html",
        {
            "overview": overview,
            "window": window,
            "spans": [(key, label) for key, label in queries.span_choices()],
            "title": _("管委会一张图"),
        },
    )


# ---- the monthly briefing (经济运行简报) -------------------------------------------------------


def _reader(request: HttpRequest) -> User:
    require_module(request.user, "briefing_docs")
    return cast(User, request.user)


@require_safe
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    parks, zone = queries.writable_parks(user)
    form = None
    if writes_any(user):
        form = NewBriefingForm(periods=monitoring.briefing_periods()[:24], parks=parks, zone=zone)
    return render(
        request,
        "briefing/reports.html",
        {"briefings": queries.briefing_list(user=user), "form": form, "title": _("经济运行简报")},
    )


@require_POST
@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    if not writes_any(user):
        raise PermissionDenied
    parks, zone = queries.writable_parks(user)
    form = NewBriefingForm(
        request.POST, periods=monitoring.briefing_periods()[:24], parks=parks, zone=zone
    )
    if form.is_valid():
        year, month = form.month()
        try:
            briefing = services.briefing_create(
                actor=user,
                year=year,
                month=month,
                span=form.cleaned_data["span"],
                park=form.cleaned_data["park"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("已生成简报草稿，请审阅、修改后签发"))
            return redirect("briefing:report", briefing_id=briefing.pk)
    return render(
        request,
        "briefing/reports.html",
        {"briefings": queries.briefing_list(user=user), "form": form, "title": _("经济运行简报")},
        status=400,
    )


def _draft_context(user: User, briefing: Briefing, form: TextsForm | None) -> dict[str, Any]:
    facts = services.facts_of(user=user, briefing=briefing)
    generated = content.draft_texts(facts)
    texts = content.texts_for(facts, briefing.texts)
    writer = can_write(user, briefing.park_id)
    if form is None and writer:
        form = TextsForm(texts=texts, initial={"next_steps": briefing.next_steps})
    economy = facts["economy"]
    return {
        "briefing": briefing,
        "facts": facts,
        "title": document.title_of(facts),
        "sections": [
            {
                "key": s.key,
                "heading": s.heading,
                "text": texts[s.key],
                "edited": s.key in briefing.texts,
                "field": form[s.key] if form is not None else None,
            }
            for s in content.SECTIONS
        ],
        "generated": generated,
        "indicator_rows": document.indicator_rows(facts) if economy else [],
        "park_rows": document.share_rows(economy["parks"]) if economy else [],
        "chain_rows": document.share_rows(economy["chains"]) if economy else [],
        "form": form,
        "issue_form": IssueForm() if writer else None,
        "writer": writer,
        "versions": list(briefing.versions.all()),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report_detail(request: HttpRequest, briefing_id: int) -> HttpResponse:
    user = _reader(request)
    briefing = queries.briefing_get(user=user, briefing_id=briefing_id)
    form = None
    if request.method == "POST":
        if not can_write(user, briefing.park_id):
            raise PermissionDenied
        facts = services.facts_of(user=user, briefing=briefing)
        form = TextsForm(request.POST, texts=content.texts_for(facts, briefing.texts))
        if form.is_valid():
            services.briefing_edit(
                actor=user,
                briefing=briefing,
                texts={key: form.cleaned_data[key] for key in content.SECTION_KEYS},
                next_steps=form.cleaned_data["next_steps"],
                generated=content.draft_texts(facts),
            )
            messages.success(request, _("已保存"))
            return redirect("briefing:report", briefing_id=briefing.pk)
    context = _draft_context(user, briefing, form)
    return render(request, "briefing/report.html", context, status=400 if form else 200)


@require_POST
@login_required
def report_regenerate(request: HttpRequest, briefing_id: int) -> HttpResponse:
    user = _reader(request)
    briefing = queries.briefing_get(user=user, briefing_id=briefing_id)
    services.briefing_regenerate(actor=user, briefing=briefing)
    messages.success(request, _("各段落已按最新数据重新生成"))
    return redirect("briefing:report", briefing_id=briefing.pk)


@require_POST
@login_required
def report_issue(request: HttpRequest, briefing_id: int) -> HttpResponse:
    user = _reader(request)
    briefing = queries.briefing_get(user=user, briefing_id=briefing_id)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            version = services.briefing_issue(
                actor=user, briefing=briefing, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已签发第%(n)s版") % {"n": version.version})
    return redirect("briefing:report", briefing_id=briefing.pk)


@require_safe
@login_required
def report_document(request: HttpRequest, briefing_id: int) -> HttpResponse:
    """The draft as Word, written on the worker (the export path)."""
    user = _reader(request)
    briefing = queries.briefing_get(user=user, briefing_id=briefing_id)
    params = QueryDict(mutable=True)
    params["briefing"] = str(briefing.pk)
    return export(
        request,
        "briefing.document",
        title=_("%(briefing)s（草稿）") % {"briefing": briefing},
        params=params,
    )


@require_safe
@login_required
def version_document(request: HttpRequest, version_id: int) -> HttpResponse:
    """An issued version as Word: drawn from its snapshot, the same file every time."""
    user = _reader(request)
    version = queries.version_get(user=user, version_id=version_id)
    params = QueryDict(mutable=True)
    params["version"] = str(version.pk)
    return export(request, "briefing.document", title=str(version), params=params)
