"""The audit log across the platform (administrators and zone leaders)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zoneops.core.models import ChangeRecord
from zoneops.core.navigation import require_module


@login_required
def history_list(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "history")
    records = ChangeRecord.objects.select_related("actor")
    model = request.GET.get("model", "")
    if model:
        records = records.filter(model=model)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    models = ChangeRecord.objects.values_list("model", flat=True).distinct().order_by("model")
    return render(request, "core/history.html", {"page": page, "models": models, "model": model})
