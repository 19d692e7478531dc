"""The audit log across the platform (administrators and zone leaders)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from zoneops.core.http import AuthedRequest
from zoneops.core.models import ChangeRecord
from zoneops.core.navigation import require_module


def _model_name(label: str) -> str:
    """What a history row's kind of object is called (企业, not enterprises.enterprise)."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return _("其他")


@login_required
def history_list(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, "history")
    records = ChangeRecord.objects.select_related("actor")
    model = request.GET.get("model", "")
    if model:
        records = records.filter(model=model)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    models = sorted(
        (_model_name(label), label)
        for label in ChangeRecord.objects.values_list("model", flat=True).distinct()
    )
    return render(request, "core/history.html", {"page": page, "models": models, "model": model})
