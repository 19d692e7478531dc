"""我的导出: the exports (and generated documents) the worker writes, each seen, followed and
downloaded by the person who asked for it alone; anyone else gets 404 (core/exports.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from zoneops.core import exports
from zoneops.core.models import ExportJob


def _job(request: HttpRequest, job_id: int) -> ExportJob:
    job = get_object_or_404(ExportJob.objects.visible_to(request.user), pk=job_id)
    exports.export_recover(job)
    return job


def _context(job: ExportJob) -> dict[str, object]:
    total = max(job.rows_total, job.rows_done, 1)
    return {
        "job": job,
        "done": job.rows_done,
        "total": total,
        "percent": min(job.rows_done * 100 // total, 100),
        "running": job.status in exports.EXPORT_RUNNING,
        "kept": exports.export_file(job) is not None,
    }


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    jobs = ExportJob.objects.visible_to(request.user)[:100]
    labels = {key: kind.label for key, kind in exports.export_kinds().items()}
    return render(request, "core/export_list.html", {"jobs": jobs, "labels": labels})


@login_required
def export_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    return render(request, "core/export_detail.html", _context(_job(request, job_id)))


@login_required
@require_GET
def export_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    context = _context(_job(request, job_id))
    response = render(request, "core/export_detail.html#progress", context)
    if not context["running"] and request.headers.get("HX-Request") == "true":
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    path = exports.export_file(job)
    if path is None:
        raise Http404
    return exports.download(path.open("rb"), job.file_name, job.content_type or exports.XLSX)


def _back(request: HttpRequest, job: ExportJob) -> HttpResponse:
    url = reverse("exports:detail", kwargs={"job_id": job.pk})
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_POST
def export_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    try:
        exports.export_cancel(job=job, actor=request.user)
    except exports.ExportRefused as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _("导出已取消"))
    return _back(request, job)


@login_required
@require_POST
def export_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    try:
        exports.export_retry(job=job, actor=request.user)
    except exports.ExportRefused as exc:
        messages.warning(request, str(exc))
    return _back(request, job)
