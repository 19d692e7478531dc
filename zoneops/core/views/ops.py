"""Running the platform: the scheduled jobs' page (administrators) and the health checks
(load balancers: anonymous, and nothing in them but the checks' outcomes)."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from zoneops.core import schedules
from zoneops.core.http import AuthedRequest
from zoneops.core.models import ImportJob, ScheduleRun
from zoneops.core.navigation import require_module

logger = logging.getLogger(__name__)


@login_required
def schedule_list(request: AuthedRequest) -> HttpResponse:
    require_module(request.user, "schedules")
    runs = list(ScheduleRun.objects.select_related("requested_by")[:30])
    for run in runs:
        job = schedules.get_job(run.job)
        run.label = job.label if job else run.job  # type: ignore[attr-defined]
        run.labelled_counts = job.count_labels(run.counts) if job else []  # type: ignore[attr-defined]
    return render(request, "core/schedules.html", {"states": schedules.job_states(), "runs": runs})


@login_required
@require_POST
def schedule_run(request: AuthedRequest, key: str) -> HttpResponse:
    require_module(request.user, "schedules")
    job = schedules.get_job(key)
    if job is None:
        raise Http404
    try:
        run = schedules.run_now(key, actor=request.user)
    except schedules.AlreadyRunning:
        messages.warning(request, _("“%(job)s”正在运行或已在队列中") % {"job": job.label})
        return redirect("schedules:list")
    if run.status == ScheduleRun.Status.QUEUED:
        messages.success(request, _("“%(job)s”已加入队列，稍后运行") % {"job": job.label})
    elif run.status == ScheduleRun.Status.FAILED:
        messages.error(
            request, _("“%(job)s”运行失败：%(error)s") % {"job": job.label, "error": run.error}
        )
    else:
        messages.success(request, _("“%(job)s”已运行") % {"job": job.label})
    return redirect("schedules:list")


# ------------------------------------------------------------------ health


def _database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    found = cache.get(key)
    cache.delete(key)
    if found != "1":
        raise RuntimeError("cache did not keep a value")


def _queue() -> dict[str, Any]:
    """Tasks waiting in the queue, and how long the oldest waiting job has waited."""
    from huey.contrib.djhuey import HUEY

    depth = int(HUEY.pending_count())
    now = timezone.now()
    waiting = [
        ImportJob.objects.filter(status__in=[ImportJob.Status.UPLOADED, ImportJob.Status.CONFIRMED])
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first(),
        ScheduleRun.objects.filter(status=ScheduleRun.Status.QUEUED)
        .order_by("queued_at")
        .values_list("queued_at", flat=True)
        .first(),
    ]
    oldest = min((at for at in waiting if at is not None), default=None)
    age = None if oldest is None else max(int((now - oldest).total_seconds()), 0)
    return {"depth": depth, "oldest_pending_seconds": age}


def _check(checks: dict[str, Any], name: str, probe: Any) -> bool:
    started = time.monotonic()
    try:
        found = probe()
    except Exception:
        # The reason goes to the log, never to the answer.
        logger.exception("health check %s failed", name)
        checks[name] = {"ok": False}
        return False
    checks[name] = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
    if isinstance(found, dict):
        checks[name].update(found)
    return True


_migrated = False


def _migrations() -> dict[str, Any]:
    """Raises while migrations are pending; once none are, this process stops asking (only a
    new release brings new ones, and it starts new processes)."""
    global _migrated
    if _migrated:
        return {"pending": 0}
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if pending:
        raise RuntimeError(f"{pending} migrations pending")
    _migrated = True
    return {"pending": 0}


def _answer(ready: bool) -> JsonResponse:
    checks: dict[str, Any] = {}
    ok = _check(checks, "database", _database)
    ok = _check(checks, "cache", _cache) and ok
    ok = ok and _check(checks, "queue", _queue)
    if ready:
        ok = ok and _check(checks, "migrations", _migrations)
    response = JsonResponse({"status": "ok" if ok else "fail", "checks": checks})
    response.status_code = 200 if ok else 503
    return response


@never_cache
@require_GET
def healthz(request: AuthedRequest) -> JsonResponse:
    """Liveness for a load balancer: database, cache, queue (its depth, its oldest waiting
    job). ``?ready`` is :func:`readyz`."""
    return _answer(ready="ready" in request.GET)


@never_cache
@require_GET
def readyz(request: AuthedRequest) -> JsonResponse:
    """Readiness: the same checks, and 503 while migrations are pending."""
    return _answer(ready=True)
