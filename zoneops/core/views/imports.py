"""Import pages: the user's uploads and each one's preview or result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from zoneops.core.models import ImportJob
from zoneops.core.navigation import require_module


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    require_module(request.user, "imports")
    jobs = ImportJob.objects.visible_to(request.user).select_related("created_by")[:100]
    return render(request, "core/import_list.html", {"jobs": jobs})


@login_required
def import_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    require_module(request.user, "imports")
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=job_id)
    return render(request, "core/import_detail.html", {"job": job})
