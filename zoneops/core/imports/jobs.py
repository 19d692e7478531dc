"""Import jobs: keep the uploaded file, check it, and write it once it is confirmed.

A job moves uploaded → checking → previewed (every row checked, the preview ready) →
confirmed → writing → committed, or ends refused (problems), failed (an error, or its worker
stopped; nothing written; it can be run again) or cancelled (before writing). Checking is a
dry run of the engine; writing runs the same import again, for real, from the stored file.

A small file is checked and written inside the request; a file larger than
``settings.IMPORT_INLINE_BYTES`` always goes to the worker (:mod:`.tasks`). Either way the job's
row holds its state and its progress (rows done of rows total), so the page can be closed and
the job found again on the import list, from any app server.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneops.core.imports.engine import Result, run
from zoneops.core.imports.problems import ImportRefused
from zoneops.core.imports.reader import EXTENSIONS, extension
from zoneops.core.imports.registry import ImportKind, get_kind
from zoneops.core.models import ImportJob, User

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# The job's row is updated at most this often while a step runs (and at its end).
PROGRESS_SECONDS = 1.0

Status = ImportJob.Status
RUNNING = (Status.UPLOADED, Status.CHECKING, Status.CONFIRMED, Status.WRITING)
CANCELLABLE = (Status.UPLOADED, Status.CHECKING, Status.PREVIEWED, Status.CONFIRMED)


class CommitRefused(Exception):
    """The job cannot take this step (already committed, running, refused or cancelled)."""


def worker_id() -> str:
    """This process, as a job names who runs it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def check_upload(upload: UploadedFile) -> None:
    """Refuse a file the engine cannot read before keeping it."""
    if extension(upload.name or "") not in EXTENSIONS:
        raise ImportRefused(_("不支持的文件类型：请上传 .xlsx、.xls、.ods 或 .csv 文件"))
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise ImportRefused(_("文件过大：最大 50 MB"))


def store_upload(upload: UploadedFile) -> str:
    """Save the upload under IMPORT_ROOT by a random name; returns the path relative to it."""
    relative = (
        Path(timezone.localdate().strftime("%Y/%m"))
        / f"{uuid.uuid4().hex}{extension(upload.name or '')}"
    )
    target = Path(settings.IMPORT_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return str(relative)


def stored_file(job: ImportJob) -> Path:
    return Path(settings.IMPORT_ROOT) / job.stored_path


def _fill(job: ImportJob, result: Result) -> None:
    job.summary = result.summary()
    job.problems = [problem.as_dict() for problem in result.problems]
    job.preview = result.preview_rows


def job_preview(
    *, kind: ImportKind, upload: UploadedFile, actor: User, options: dict[str, str] | None = None
) -> ImportJob:
    """Keep the file and record the job; check it now (a small file) or on the worker.

    ``options`` are the uploader's choices (e.g. the period); the commit reuses them.
    """
    options = options or {}
    check_upload(upload)
    stored = store_upload(upload)
    job = ImportJob.objects.create(
        kind=kind.key,
        file_name=Path(upload.name or "upload").name[:255],
        stored_path=stored,
        file_size=upload.size or 0,
        status=Status.UPLOADED,
        created_by=actor,
        options=options,
    )
    _dispatch(job, "check")
    job.refresh_from_db()
    return job


def job_commit(*, kind: ImportKind, job: ImportJob, actor: User) -> ImportJob:
    """Confirm a previewed job and write it (now, or on the worker), once. A second confirm (a
    double click, another tab) finds the job no longer previewed and is refused."""
    if not ImportJob.objects.filter(pk=job.pk, status=Status.PREVIEWED).update(
        status=Status.CONFIRMED
    ):
        raise CommitRefused(_("该文件已导入、正在导入或有错误，不能再次导入"))
    _dispatch(job, "write")
    job.refresh_from_db()
    return job


def job_cancel(*, job: ImportJob, actor: User) -> ImportJob:
    """Cancel a job before it writes: a worker still checking it finds it cancelled at its end."""
    if not ImportJob.objects.filter(pk=job.pk, status__in=CANCELLABLE).update(
        status=Status.CANCELLED, finished_at=timezone.now()
    ):
        raise CommitRefused(_("该导入已在写入或已结束，不能取消"))
    job.refresh_from_db()
    return job


def job_retry(*, job: ImportJob, actor: User) -> ImportJob:
    """Run a failed job again from the step it failed in (its check, or its write)."""
    recover(job)
    again = Status.CONFIRMED if job.summary.get("rows") and not job.problems else Status.UPLOADED
    if not ImportJob.objects.filter(pk=job.pk, status=Status.FAILED).update(
        status=again, error="", rows_done=0, rows_total=0, worker="", finished_at=None
    ):
        raise CommitRefused(_("只有失败的导入可以重新运行"))
    _dispatch(job, "check" if again == Status.UPLOADED else "write")
    job.refresh_from_db()
    return job


def _dispatch(job: ImportJob, step: str) -> None:
    """Run ``step`` of the job here (a small file) or queue it for the worker (a large one)."""
    from zoneops.core.imports import tasks

    task = tasks.check_import if step == "check" else tasks.write_import
    if job.file_size <= settings.IMPORT_INLINE_BYTES:
        task.call(job.pk)
    else:
        task.enqueue(job.pk)


def _claim(job_id: int, *, waiting: str, running: str) -> ImportJob | None:
    """Take the job for this process (one worker only: the update is conditional)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=waiting).update(
        status=running,
        worker=worker_id(),
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
        rows_done=0,
        rows_total=0,
    )
    if not claimed:
        return None  # cancelled meanwhile, or another worker has it
    return ImportJob.objects.select_related("created_by").get(pk=job_id)


def check_job(job_id: int) -> None:
    """Checking: parse and validate every row (a dry run); the job ends previewed or refused."""
    job = _claim(job_id, waiting=Status.UPLOADED, running=Status.CHECKING)
    if job is None:
        return
    try:
        result = _run(job, dry_run=True, progress=_Progress(job, write_phase=False))
    except Exception as exc:
        _fail(job, Status.CHECKING, exc)
        return
    _fill(job, result)
    ImportJob.objects.filter(pk=job.pk, status=Status.CHECKING).update(
        status=Status.PREVIEWED if result.ok else Status.REFUSED,
        summary=job.summary,
        problems=job.problems,
        preview=job.preview,
        rows_done=result.rows,
        rows_total=result.rows,
        finished_at=None if result.ok else timezone.now(),
    )


def write_job(job_id: int) -> None:
    """Writing: the import for real, in one transaction with the job's own end, so the job
    reads committed exactly when its rows are there. A job failed meanwhile (its lease ran
    out) rolls the whole write back."""
    job = _claim(job_id, waiting=Status.CONFIRMED, running=Status.WRITING)
    if job is None:
        return
    progress = _Progress(job, write_phase=True)
    try:
        with transaction.atomic():
            result = _run(job, dry_run=False, progress=progress)
            _fill(job, result)
            ended = ImportJob.objects.filter(pk=job.pk, status=Status.WRITING).update(
                status=Status.COMMITTED if result.written else Status.REFUSED,
                summary=job.summary,
                problems=job.problems,
                preview=job.preview,
                rows_done=result.rows,
                rows_total=result.rows,
                committed_at=timezone.now() if result.written else None,
                finished_at=timezone.now(),
            )
            if not ended:
                raise _Abandoned
    except _Abandoned:
        logger.warning("import job %s was failed while writing; its write is rolled back", job_id)
    except Exception as exc:
        _fail(job, Status.WRITING, exc)
    finally:
        progress.close()


class _Abandoned(Exception):
    """The job was no longer writing when its write ended."""


def _run(job: ImportJob, *, dry_run: bool, progress: Callable[[int, int], None]) -> Result:
    kind = get_kind(job.kind)
    if kind is None:
        raise ImportRefused(_("导入类型“%(kind)s”已不存在") % {"kind": job.kind})
    source = stored_file(job)
    if not source.is_file():
        raise ImportRefused(_("上传的文件已被清理，请重新上传"))
    return run(
        kind.spec(**(job.options or {})),
        source,
        actor=job.created_by,
        dry_run=dry_run,
        filename=job.file_name,
        progress=progress,
    )


def _fail(job: ImportJob, running: str, exc: Exception) -> None:
    if isinstance(exc, ImportRefused):
        message = str(exc)
    else:
        logger.exception("import job %s failed", job.pk)
        message = _("导入出错，未写入任何数据：%(error)s") % {
            "error": str(exc)[:500] or type(exc).__name__
        }
    ImportJob.objects.filter(pk=job.pk, status=running).update(
        status=Status.FAILED, error=message, finished_at=timezone.now()
    )


class _Progress:
    """The engine's progress callback: rows done of rows total, and the worker's heartbeat, on
    the job's row at most every PROGRESS_SECONDS.

    While checking, the row is updated directly (no transaction is open). While writing, the
    import's transaction is open: on PostgreSQL a second connection updates the row, so other
    servers see it at once; on SQLite a second writer would wait for the import's own write
    lock, so there the row shows the rows checked until the write ends (docs/decisions.md).
    """

    def __init__(self, job: ImportJob, *, write_phase: bool) -> None:
        self.job_id = job.pk
        self.status = Status.WRITING if write_phase else Status.CHECKING
        self.write_phase = write_phase
        self.last = 0.0
        self.side: Any = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_SECONDS and done < total:
            return
        self.last = now
        if not self.write_phase:
            ImportJob.objects.filter(pk=self.job_id, status=self.status).update(
                rows_done=done, rows_total=total, heartbeat_at=timezone.now()
            )
        elif connection.vendor == "postgresql":
            self._side_update(done, total)

    def _side_update(self, done: int, total: int) -> None:
        try:
            if self.side is None:
                self.side = connections.create_connection("default")
            with self.side.cursor() as cursor:
                cursor.execute(
                    "UPDATE core_importjob SET rows_done = %s, rows_total = %s, "
                    "heartbeat_at = %s WHERE id = %s AND status = %s",
                    [done, total, timezone.now(), self.job_id, self.status],
                )
        except DatabaseError:
            logger.warning("import job %s: progress not recorded", self.job_id, exc_info=True)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def process_alive(worker: str) -> bool | None:
    """Whether the process named ``worker`` (``host:pid``) runs: None when it is on another host
    (also for the scheduled runs, core/schedules.py)."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale(job: ImportJob) -> bool:
    """A running job whose worker has died: its process is gone (same host) or it has not been
    heard from within the lease (another host)."""
    if job.status not in (Status.CHECKING, Status.WRITING):
        return False
    alive = process_alive(job.worker)
    if alive is not None:
        return not alive
    lease = timezone.now() - dt.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)
    return job.heartbeat_at is None or job.heartbeat_at < lease


def recover(job: ImportJob) -> bool:
    """Mark the job failed if its worker died; returns whether it did."""
    if not stale(job):
        return False
    try:
        failed = ImportJob.objects.filter(pk=job.pk, status=job.status, worker=job.worker).update(
            status=Status.FAILED,
            error=_("处理该导入的进程已停止（如服务器重启），未写入任何数据，可以重新运行。"),
            finished_at=timezone.now(),
        )
    except DatabaseError:
        return False  # the database is busy (the write is still going on): try again later
    job.refresh_from_db()
    return bool(failed)


def recover_all() -> int:
    """Every running job whose worker died, marked failed (a schedule runs this)."""
    running = ImportJob.objects.filter(status__in=(Status.CHECKING, Status.WRITING))
    return sum(recover(job) for job in running)


def remove_old_uploads(*, now: Any = None) -> dict[str, int]:
    """Remove the uploads of jobs ended more than IMPORT_KEEP_DAYS ago, and files under
    IMPORT_ROOT that no job names (an upload whose request died before its job was saved)."""
    now = now or timezone.now()
    keep = dt.timedelta(days=settings.IMPORT_KEEP_DAYS)
    root = Path(settings.IMPORT_ROOT)
    ended = ImportJob.objects.exclude(status__in=RUNNING).filter(created_at__lt=now - keep)
    removed = 0
    for path in ended.values_list("stored_path", flat=True):
        target = root / path
        if path and target.is_file():
            target.unlink()
            removed += 1
    known = set(ImportJob.objects.values_list("stored_path", flat=True))
    orphans = 0
    cutoff = (now - dt.timedelta(days=1)).timestamp()
    for target in root.glob("*/*/*") if root.is_dir() else ():
        relative = str(target.relative_to(root))
        if target.is_file() and relative not in known and target.stat().st_mtime < cutoff:
            target.unlink()
            orphans += 1
    return {"removed": removed, "orphans": orphans}
