"""Import pages: upload → preview (or every problem) → commit, with progress while it runs.

A job runs inside the request (a small file) or on the worker; the pages read its state and
progress from its row, so a person may close the page and find the job on the list.

Thin: the work is done by :mod:`zoneops.core.imports.jobs` on the shared engine. Who may
import what is the registry's business; jobs are seen through ``ImportJob.objects.visible_to``
and a job outside it is a 404.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from zoneops.core.exports import xlsx_response
from zoneops.core.http import AuthedRequest
from zoneops.core.imports import jobs
from zoneops.core.imports.forms import ImportUploadForm
from zoneops.core.imports.problems import ImportRefused, Problem
from zoneops.core.imports.registry import ImportKind, all_kinds, get_kind, kinds_for
from zoneops.core.imports.report import report_headers, report_rows
from zoneops.core.models import ImportJob
from zoneops.core.navigation import require_module
from zoneops.core.permissions import require


def _kind(user: object, key: str) -> ImportKind:
    """A kind this user may import; any other answers 404, like an object out of scope."""
    kind = get_kind(key)
    if kind is None or not kind.allowed(user):
        raise Http404
    return kind


def _job(request: AuthedRequest, job_id: int) -> ImportJob:
    require_module(request.user, "imports")
    return get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("created_by"), pk=job_id
    )


@login_required
def import_list(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, "imports")
    jobs_ = ImportJob.objects.visible_to(request.user).select_related("created_by")[:100]
    labels = {kind.key: kind.label for kind in all_kinds()}
    return render(
        request,
        "core/import_list.html",
        {"jobs": jobs_, "kinds": kinds_for(request.user), "labels": labels},
    )


@login_required
def import_upload(request: AuthedRequest, kind: str) -> HttpResponse:
    require_module(request.user, "imports")
    import_kind = _kind(request.user, kind)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, options=import_kind.options
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.job_preview(
                kind=import_kind,
                upload=form.cleaned_data["file"],
                actor=request.user,
                options=form.options(),
            )
        except ImportRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("imports:detail", job_id=job.pk)
    return render(request, "core/import_upload.html", {"form": form, "kind": import_kind})


PROBLEMS_SHOWN = 200


@login_required
def import_detail(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    jobs.recover(job)
    kind = get_kind(job.kind)
    context = {
        "job": job,
        "kind": kind,
        # A file of thousands of bad rows shows the first ones; the download has them all.
        "problems": [Problem.from_dict(p) for p in job.problems[:PROBLEMS_SHOWN]],
        "problem_count": len(job.problems),
        "can_commit": _may_commit(request, job, kind),
        "can_cancel": _owner(request, job, kind) and job.status in jobs.CANCELLABLE,
        "can_retry": _owner(request, job, kind) and job.status == ImportJob.Status.FAILED,
        **_progress(job),
    }
    return render(request, "core/import_detail.html", context)


def _owner(request: AuthedRequest, job: ImportJob, kind: ImportKind | None) -> bool:
    """Only the person who uploaded a file acts on its job, with the rights they have now."""
    return kind is not None and job.created_by_id == request.user.pk and kind.allowed(request.user)


def _may_commit(request: AuthedRequest, job: ImportJob, kind: ImportKind | None) -> bool:
    return _owner(request, job, kind) and job.status == ImportJob.Status.PREVIEWED


def _progress(job: ImportJob) -> dict[str, object]:
    total = max(job.rows_total, 1)
    return {
        "done": job.rows_done,
        "total": total,
        "percent": min(job.rows_done * 100 // total, 100),
        "running": job.status in jobs.RUNNING,
    }


def _back_to_job(request: AuthedRequest, job: ImportJob) -> HttpResponse:
    url = reverse("imports:detail", kwargs={"job_id": job.pk})
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_POST
def import_commit(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    kind = get_kind(job.kind)
    require(_owner(request, job, kind))
    assert kind is not None
    try:
        job = jobs.job_commit(kind=kind, job=job, actor=request.user)
    except jobs.CommitRefused as exc:
        messages.warning(request, str(exc))
    else:
        if job.status == ImportJob.Status.COMMITTED:
            messages.success(
                request,
                _("导入完成：新增 %(created)d，修改 %(updated)d，未变 %(unchanged)d") % job.summary,
            )
        elif job.status == ImportJob.Status.REFUSED:
            messages.error(request, _("数据在预览后发生了变化，导入未执行：请查看问题清单"))
        elif job.status == ImportJob.Status.FAILED:
            messages.error(request, job.error)
        else:
            messages.info(request, _("已开始导入：可以关闭本页，稍后在“我的导入”中查看结果"))
    return _back_to_job(request, job)


@login_required
@require_POST
def import_cancel(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    require(_owner(request, job, get_kind(job.kind)))
    try:
        jobs.job_cancel(job=job, actor=request.user)
    except jobs.CommitRefused as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _("导入已取消，未写入任何数据"))
    return _back_to_job(request, job)


@login_required
@require_POST
def import_retry(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    require(_owner(request, job, get_kind(job.kind)))
    try:
        jobs.job_retry(job=job, actor=request.user)
    except jobs.CommitRefused as exc:
        messages.warning(request, str(exc))
    return _back_to_job(request, job)


@login_required
@require_GET
def import_progress(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    jobs.recover(job)
    context = {"job": job, **_progress(job)}
    response = render(request, "core/import_detail.html#progress", context)
    if not context["running"] and request.headers.get("HX-Request") == "true":
        # The step has ended: the whole page changes (the preview, the result, the problems).
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def import_errors(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    if not job.problems:
        raise Http404
    problems = [Problem.from_dict(p) for p in job.problems]
    return xlsx_response(
        filename=_("问题清单-%(file)s.xlsx") % {"file": Path(job.file_name).stem},
        sheet=_("问题清单"),
        headers=report_headers(),
        rows=report_rows(problems),
        title=_("导入问题清单：%(file)s") % {"file": job.file_name},
    )
