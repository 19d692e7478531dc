"""The 领跑全省 page: the province's zones ranked for an indicator and period, this zone's rank
and gap, and (for the economy office) the upload of a province list."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zoneops.core.imports import ImportRefused, run
from zoneops.core.imports.jobs import check_upload
from zoneops.core.imports.reader import EXTENSIONS
from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.permissions import require
from zoneops.monitoring.models import Indicator, ReportingPeriod
from zoneops.monitoring.periods import PERIOD_RE
from zoneops.monitoring.permissions import can_manage_catalogue
from zoneops.monitoring.province import importer as province_importer
from zoneops.monitoring.province import queries as province_queries

DEFAULT_INDICATOR = "output_value"


class ProvinceUploadForm(forms.Form):
    file = forms.FileField(
        label=_lazy("文件"),
        help_text=_lazy("列：开发区、增速（%），可选 本区（是/否）。"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    period = forms.RegexField(
        label=_lazy("报告期"),
        regex=PERIOD_RE,
        required=False,
        help_text=_lazy("如 2024-12；不填则从标题读取（如“2024年1—12月…”）"),
        widget=forms.TextInput(attrs={"placeholder": "2024-12", "inputmode": "numeric"}),
    )
    indicator = forms.ModelChoiceField(
        label=_lazy("指标"),
        queryset=Indicator.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        empty_label=_lazy("从标题读取"),
    )


def _choice(request: HttpRequest) -> tuple[ReportingPeriod | None, Indicator | None]:
    """The indicator and period asked for, else output value and its latest ranked period."""
    user = cast(User, request.user)
    indicators = province_queries.ranked_indicators(user=user)
    code = request.GET.get("indicator") or DEFAULT_INDICATOR
    indicator = next((i for i in indicators if i.code == code), None)
    if indicator is None and indicators and not request.GET.get("indicator"):
        indicator = indicators[0]
    periods = province_queries.ranked_periods(user=user, indicator=indicator) if indicator else []
    wanted = request.GET.get("period", "")
    period = next((p for p in periods if p.key == wanted), None)
    if period is None and not wanted and periods:
        period = periods[0]
    return period, indicator


@login_required
def province_page(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    user = cast(User, request.user)
    may_import = can_manage_catalogue(user)
    form = ProvinceUploadForm(request.POST or None, request.FILES or None) if may_import else None
    problems: list[Any] = []
    if request.method == "POST":
        require(may_import)
        assert form is not None
        if form.is_valid():
            outcome = _import(form, user)
            if outcome.url:
                messages.success(request, _("导入完成：%(s)s") % {"s": outcome.summary})
                return redirect(outcome.url)
            problems = outcome.problems
    period, indicator = _choice(request)
    ranking = province_queries.province_rank(period=period, indicator=indicator, user=user)
    return render(
        request,
        "monitoring/province_rank.html",
        {
            "ranking": ranking,
            "chart": ranking.chart(),
            "periods": province_queries.ranked_periods(user=user, indicator=indicator)
            if indicator
            else [],
            "indicators": province_queries.ranked_indicators(user=user),
            "form": form,
            "problems": problems,
        },
    )


@dataclass
class _Outcome:
    """What an upload did: a summary and where to look, or the problems (nothing written)."""

    summary: str = ""
    url: str = ""
    problems: list[Any] = field(default_factory=list)


def _import(form: ProvinceUploadForm, user: Any) -> _Outcome:
    upload = form.cleaned_data["file"]
    chosen = form.cleaned_data["indicator"]
    try:
        check_upload(upload)
        period, indicator = province_importer.check_choice(
            form.cleaned_data["period"] or None, chosen.code if chosen else None
        )
    except ImportRefused as exc:
        form.add_error("file", str(exc))
        return _Outcome()
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _Outcome()
    spec = province_importer.ProvinceFigureSpec(period=period, indicator=indicator)
    result = run(spec, upload.read(), actor=user, dry_run=False, filename=upload.name or "")
    if not result.ok:
        return _Outcome(problems=result.problems)
    summary = _("新增 %(c)d，修改 %(u)d，未变 %(n)d") % {
        "c": result.created,
        "u": result.updated,
        "n": result.unchanged,
    }
    query = urlencode(
        {"period": result.details["period"], "indicator": result.details["indicator"]}
    )
    return _Outcome(summary=summary, url=reverse("monitoring:province") + "?" + query)
