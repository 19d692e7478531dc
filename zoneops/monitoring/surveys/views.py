"""Production-plan survey pages: the list, the live summary, the answer form, the export.

Thin: parse, call :mod:`zoneops.monitoring.surveys`, render. Staff need the 经济运行 module; an
enterprise user reaches only its own answers (its scope is its enterprise).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zoneops.core.exports import xlsx_response
from zoneops.core.models import Role, User
from zoneops.core.navigation import require_module
from zoneops.core.permissions import require
from zoneops.enterprises.models import Enterprise
from zoneops.monitoring.models import ProductionSurvey
from zoneops.monitoring.permissions import can_fill, can_manage_catalogue, can_review
from zoneops.monitoring.surveys import forms as survey_forms
from zoneops.monitoring.surveys import queries as survey_queries
from zoneops.monitoring.surveys import services as survey_services

MODULE = "monitoring"


def _is_enterprise(user: Any) -> bool:
    return getattr(user, "role", None) == Role.ENTERPRISE


def _require_access(user: Any, *, enterprise_ok: bool = False) -> None:
    """Staff with the 经济运行 module; enterprise users only where they answer for themselves."""
    if enterprise_ok and _is_enterprise(user):
        return
    require_module(user, MODULE)


def _survey(request: HttpRequest, survey_id: int) -> ProductionSurvey:
    return get_object_or_404(
        survey_queries.survey_list(user=cast(User, request.user)), pk=survey_id
    )


class SurveyForm(forms.Form):
    title = forms.CharField(label=_lazy("标题"), max_length=100)
    holiday_start = forms.DateField(
        label=_lazy("假期开始"), widget=forms.DateInput(attrs={"type": "date"})
    )
    holiday_end = forms.DateField(
        label=_lazy("假期结束"), widget=forms.DateInput(attrs={"type": "date"})
    )
    deadline = forms.DateField(
        label=_lazy("填报截止日"), widget=forms.DateInput(attrs={"type": "date"})
    )
    above_scale_only = forms.BooleanField(label=_lazy("仅规上企业"), required=False, initial=True)


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    _require_access(request.user, enterprise_ok=True)
    user = cast(User, request.user)
    if _is_enterprise(user):
        return render(
            request,
            "monitoring/survey_mine.html",
            {"rows": survey_queries.open_surveys_for(user=user)},
        )
    may_create = can_manage_catalogue(user)
    form = SurveyForm(request.POST or None) if may_create else None
    if request.method == "POST":
        require(may_create)
        assert form is not None
        if form.is_valid():
            try:
                survey = survey_services.survey_create(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("已发起调查：%(title)s") % {"title": survey.title})
                return redirect("monitoring:survey_detail", survey_id=survey.pk)
    page = Paginator(survey_queries.survey_list(user=user), 20).get_page(request.GET.get("page"))
    counts = survey_queries.survey_counts(surveys=list(page), user=user)
    rows = [{"survey": s, **counts[s.pk]} for s in page]
    return render(
        request,
        "monitoring/survey_list.html",
        {"page": page, "rows": rows, "form": form, "today": timezone.localdate()},
    )


@login_required
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    _require_access(request.user, enterprise_ok=True)
    survey = _survey(request, survey_id)
    if _is_enterprise(request.user):
        return redirect("monitoring:survey_answer", survey_id=survey.pk)
    user = cast(User, request.user)
    summary = survey_queries.survey_summary(survey=survey, user=user)
    missing = list(survey_queries.not_answered(survey=survey, user=user))
    context = {
        "survey": survey,
        "summary": summary,
        "chart": summary.chart(),
        "stopped": list(survey_queries.stopped(survey=survey, user=user)),
        "missing": [{"enterprise": e, "can_fill": can_review(user, e.park_id)} for e in missing],
        "responses": list(survey_queries.responses(survey=survey, user=user)),
        "is_open": survey_services.is_open(survey),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "survey-live":
        return render(request, "monitoring/survey_detail.html#live", context)
    return render(request, "monitoring/survey_detail.html", context)


@login_required
def survey_answer(
    request: HttpRequest, survey_id: int, enterprise_id: int | None = None
) -> HttpResponse:
    """The answer form: an enterprise for itself, or an officer for an enterprise in scope."""
    _require_access(request.user, enterprise_ok=enterprise_id is None)
    user = cast(User, request.user)
    survey = _survey(request, survey_id)
    if enterprise_id is None:
        if not _is_enterprise(user):
            raise Http404
        enterprise_id = user.enterprise_id
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(user).select_related("park"), pk=enterprise_id
    )
    if not survey_services.expected_queryset(survey).filter(pk=enterprise.pk).exists():
        raise Http404
    require(can_fill(user, enterprise.pk, enterprise.park_id))
    existing = survey.responses.filter(enterprise=enterprise).first()
    closed = _is_enterprise(user) and not survey_services.is_open(survey)
    form = survey_forms.SurveyResponseForm(
        None if closed else (request.POST or None), instance=existing, survey=survey
    )
    if request.method == "POST" and not closed and form.is_valid():
        try:
            _response, changed = survey_services.response_save(
                actor=user, survey=survey, enterprise=enterprise, data=form.answer()
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已提交，谢谢！") if changed else _("内容未变化"))
            if _is_enterprise(user):
                return redirect("monitoring:survey_list")
            return redirect("monitoring:survey_detail", survey_id=survey.pk)
    return render(
        request,
        "monitoring/survey_answer.html",
        {
            "survey": survey,
            "enterprise": enterprise,
            "form": form,
            "existing": existing,
            "closed": closed,
            "on_behalf": not _is_enterprise(user),
        },
    )


def _add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def survey_export(request: HttpRequest, survey_id: int) -> HttpResponse:
    _require_access(request.user)
    survey = _survey(request, survey_id)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(
        filename=f"{survey.title}-{stamp}.xlsx",
        sheet=_("调查回复"),
        headers=[_(h) for h in survey_queries.EXPORT_HEADERS],
        rows=survey_queries.export_rows(survey=survey, user=cast(User, request.user)),
        title=survey.title,
    )
