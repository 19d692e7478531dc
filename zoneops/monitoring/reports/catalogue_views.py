"""The catalogue page: indicators, validation rules, alert rules — data, not code."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zoneops.core.models import User
from zoneops.core.navigation import require_module
from zoneops.core.permissions import require
from zoneops.monitoring.models import AlertRule, Indicator, ValidationRule
from zoneops.monitoring.permissions import can_manage_catalogue
from zoneops.monitoring.reports.catalogue import (
    AlertRuleForm,
    IndicatorForm,
    ValidationRuleForm,
    catalogue_save,
)

FORMS: dict[str, tuple[type[Any], Any]] = {
    "indicator": (IndicatorForm, Indicator),
    "rule": (ValidationRuleForm, ValidationRule),
    "alert_rule": (AlertRuleForm, AlertRule),
}


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "monitoring")
    editable = can_manage_catalogue(request.user)
    return render(
        request,
        "monitoring/catalogue.html",
        {
            "indicators": Indicator.objects.order_by("order", "code"),
            "rules": [
                (r, ValidationRuleForm(instance=r, prefix=f"r{r.pk}"))
                for r in ValidationRule.objects.select_related("indicator")
            ],
            "alert_rules": [
                (r, AlertRuleForm(instance=r, prefix=f"a{r.pk}"))
                for r in AlertRule.objects.select_related("indicator")
            ],
            "indicator_form": IndicatorForm() if editable else None,
            "editable": editable,
        },
    )


@login_required
@require_POST
def catalogue_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    require_module(request.user, "monitoring")
    require(can_manage_catalogue(request.user))
    if kind not in FORMS:
        return redirect("monitoring:catalogue")
    form_class, model = FORMS[kind]
    instance = get_object_or_404(model, pk=pk) if pk else None
    prefix = {"rule": f"r{pk}", "alert_rule": f"a{pk}"}.get(kind)
    form = form_class(request.POST, instance=instance, prefix=prefix)
    if form.is_valid():
        catalogue_save(actor=cast(User, request.user), form=form)
        messages.success(request, _("已保存"))
    else:
        errors = "；".join(
            f"{form.fields[k].label if k in form.fields else ''}{' '.join(str(m) for m in v)}"
            for k, v in form.errors.items()
        )
        messages.error(request, _("未保存：") + errors)
    return redirect("monitoring:catalogue")
